"""Back-office management of pricing packages, and the published list the public site shows."""

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from xplorium.constants import FEATURE_MAX_LENGTH, FEATURES_MAX, PAGE_SIZE_MAX, PRICE_UNITS
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import PricingPackage
from xplorium.models.enums import AuditAction, HoldMode, PricingCategory, PublishStatus
from xplorium.services import audit, catalog, clock, display_order, rooms, status_moves
from xplorium.services.authz import require_staff
from xplorium.services.context import RequestContext
from xplorium.services.errors import FieldErrors
from xplorium.services.lookup import get_or_not_found
from xplorium.services.pagination import Page, paginate
from xplorium.services.parsing import parse_amount, parse_status, parse_text_list
from xplorium.services.sanitize import clean_text, required_text

ENTITY = "pricing_package"
NAME_MAX = 120
DESCRIPTION_MAX = 2000
CATEGORY_LABELS = {
    PricingCategory.PLAYGROUND: N_("Playroom"),
    PricingCategory.SENSORY_ROOM: N_("Sensory room"),
    PricingCategory.CAFE: N_("Cafe"),
    PricingCategory.PARTY: N_("Birthday parties"),
}
TRANSITIONS: dict[PublishStatus, frozenset[PublishStatus]] = {
    PublishStatus.DRAFT: frozenset({PublishStatus.PUBLISHED, PublishStatus.ARCHIVED}),
    PublishStatus.PUBLISHED: frozenset({PublishStatus.ARCHIVED, PublishStatus.DRAFT}),
    PublishStatus.ARCHIVED: frozenset({PublishStatus.DRAFT}),
}
STATUS_ACTIONS = {
    PublishStatus.PUBLISHED: AuditAction.PUBLISH,
    PublishStatus.ARCHIVED: AuditAction.ARCHIVE,
    PublishStatus.DRAFT: AuditAction.UPDATE,
}
HOLD_LABELS = {
    HoldMode.WHOLE: N_("The whole room"),
    HoldMode.PLACES: N_("One place per guest"),
}


def package_dict(package: PricingPackage) -> dict[str, Any]:
    category = PricingCategory(package.category)
    return {
        "id": package.id,
        "name": package.name,
        "name_en": package.name_en,
        "category": category.value,
        "category_label": _(CATEGORY_LABELS[category]),
        "amount": f"{package.amount:.2f}",
        "currency": package.currency,
        "unit": package.unit,
        "unit_label": _(PRICE_UNITS.get(package.unit, package.unit)),
        "room_id": package.room_id,
        "room": (rooms.room_by_id(package.room_id) or {}).get("name", "") if package.room_id else "",
        "hold_mode": HoldMode(package.hold_mode).value,
        "hold_label": _(HOLD_LABELS[HoldMode(package.hold_mode)]),
        "features": list(package.features or []),
        "description": package.description,
        "description_en": package.description_en,
        "popular": bool(package.popular),
        "status": PublishStatus(package.status).value,
        "display_order": package.display_order,
    }


# ---------------------------------------------------------------- reading


def list_packages(
    ctx: RequestContext,
    *,
    category: str | None = None,
    status: str | None = None,
    page: object = 1,
    page_size: object = PAGE_SIZE_MAX,
) -> Page[dict]:
    """Packages grouped by category (in the public order), then by display order."""
    require_staff(ctx)
    statement = sa.select(PricingPackage).order_by(
        sa.case(
            {c.value: i for i, c in enumerate(PricingCategory)},
            value=PricingPackage.category,
        ),
        PricingPackage.display_order,
        PricingPackage.id,
    )
    filters = FieldErrors()
    if category:
        statement = statement.where(PricingPackage.category == _category(filters, category))
    if status:
        try:
            statement = statement.where(PricingPackage.status == PublishStatus(status))
        except ValueError:
            filters.add("status", _("Unknown status."))
    filters.raise_if_any()
    with session_scope() as session:
        return paginate(session, statement, page, page_size, mapper=package_dict)


def get_package(ctx: RequestContext, package_id: int) -> dict[str, Any]:
    require_staff(ctx)
    with session_scope() as session:
        return package_dict(_get(session, package_id))


def published_packages() -> dict[str, list[dict[str, Any]]]:
    """{category: [package, …]} of PUBLISHED packages only, in display order.

    Read straight from the database (the public pages read through the catalog cache,
    which every change here invalidates).
    """
    with session_scope() as session:
        rows = session.exec(
            sa.select(PricingPackage)
            .where(PricingPackage.status == PublishStatus.PUBLISHED)
            .order_by(PricingPackage.display_order, PricingPackage.id)
        ).scalars()
        grouped: dict[str, list[dict[str, Any]]] = {c.value: [] for c in PricingCategory}
        for package in rows:
            grouped[PricingCategory(package.category).value].append(package_dict(package))
        return grouped


def _get(session: Session, package_id: object, lock: bool = False) -> PricingPackage:
    return get_or_not_found(session, PricingPackage, package_id, _("That package does not exist."), lock=lock)


# ---------------------------------------------------------------- validation


def _category(errors: FieldErrors, value: object) -> PricingCategory | None:
    try:
        return PricingCategory(str(value or ""))
    except ValueError:
        errors.add("category", _("Choose a category."))
        return None


def _room_id(errors: FieldErrors, value: object) -> int | None:
    """Every package is bookable, so it names the room its bookings hold."""
    room = rooms.room_by_id(value) if value not in (None, "", 0, "0") else None
    if room is None:
        errors.add("room_id", _("Choose the room a booking of this package holds."))
        return None
    return room["id"]


def _hold_mode(errors: FieldErrors, value: object) -> HoldMode | None:
    try:
        return HoldMode(str(value or "").upper())
    except ValueError:
        errors.add("hold_mode", _("Choose whether a booking takes the whole room or one place per guest."))
        return None


def validate_package(data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    unit = str(data.get("unit") or "per_child")
    if unit not in PRICE_UNITS:
        errors.add("unit", _("Choose what the price is charged for."))
    values = {
        "room_id": _room_id(errors, data.get("room_id")),
        "hold_mode": _hold_mode(errors, data.get("hold_mode")),
        "name": required_text(errors, "name", data.get("name"), max_length=NAME_MAX, label=_("Name")),
        # English is optional: the site shows the Serbian text where it is empty.
        "name_en": clean_text(data.get("name_en"), max_length=NAME_MAX),
        "category": _category(errors, data.get("category")),
        "amount": parse_amount(errors, "amount", data.get("amount"), label=_("Amount")),
        "unit": unit,
        "description": clean_text(data.get("description"), max_length=DESCRIPTION_MAX, multiline=True),
        "description_en": clean_text(data.get("description_en"), max_length=DESCRIPTION_MAX, multiline=True),
        "features": parse_text_list(
            errors,
            data,
            "features",
            max_items=FEATURES_MAX,
            max_length=FEATURE_MAX_LENGTH,
            label=_("features"),
        ),
        "popular": bool(data.get("popular", False)),
    }
    errors.raise_if_any()
    return values


def _audit_values(package: PricingPackage | Mapping[str, Any]) -> dict[str, Any]:
    get = package.get if isinstance(package, Mapping) else lambda k: getattr(package, k)
    return {
        # "package", not "name": the audit log redacts every "name" as personal data.
        "package": get("name"),
        "package_en": get("name_en"),
        "category": str(get("category")),
        "amount": f"{get('amount'):.2f}",
        "unit": get("unit"),
        "features": list(get("features") or []),
        "description": get("description"),
        "description_en": get("description_en"),
        "popular": bool(get("popular")),
        "room_id": get("room_id"),
        "hold_mode": str(get("hold_mode")),
    }


# ---------------------------------------------------------------- writing


def _next_order(session: Session, category: PricingCategory) -> int:
    last = session.exec(
        sa.select(sa.func.max(PricingPackage.display_order)).where(PricingPackage.category == category)
    ).scalar_one()
    return (last or 0) + 1


def create_package(ctx: RequestContext, data: Mapping[str, Any]) -> dict[str, Any]:
    require_staff(ctx)
    values = validate_package(data)
    with session_scope() as session:
        package = PricingPackage(
            **values, status=PublishStatus.DRAFT, display_order=_next_order(session, values["category"])
        )
        session.add(package)
        session.flush()
        audit.record(session, ctx, AuditAction.CREATE, ENTITY, package.id, _audit_values(values))
        result = package_dict(package)
    catalog.invalidate_pricing()
    return result


def update_package(ctx: RequestContext, package_id: int, data: Mapping[str, Any]) -> dict[str, Any]:
    require_staff(ctx)
    values = validate_package(data)
    with session_scope() as session:
        package = _get(session, package_id, lock=True)
        before = _audit_values(package)
        if values["category"] != package.category:
            # Moving to another category puts it at the end of that category's list.
            package.display_order = _next_order(session, values["category"])
        for key, value in values.items():
            setattr(package, key, value)
        package.updated_at = clock.now()
        session.add(package)
        changes = audit.diff(before, _audit_values(package))
        if changes:
            audit.record(session, ctx, AuditAction.UPDATE, ENTITY, package.id, changes)
        session.flush()
        result = package_dict(package)
    catalog.invalidate_pricing()
    return result


def change_status(ctx: RequestContext, package_id: int, new_status: str) -> dict[str, Any]:
    """Publish, archive, or take back to draft."""
    require_staff(ctx)
    target = parse_status(PublishStatus, new_status)
    with session_scope() as session:
        package = _get(session, package_id, lock=True)
        current = status_moves.move(
            package, TRANSITIONS, target, _("A {lower} package cannot become {lower2}.")
        )
        audit.record(
            session,
            ctx,
            STATUS_ACTIONS[target],
            ENTITY,
            package.id,
            {"status": {"from": current, "to": target}},
        )
        session.flush()
        result = package_dict(package)
    catalog.invalidate_pricing()
    return result


def publish(ctx: RequestContext, package_id: int) -> dict[str, Any]:
    return change_status(ctx, package_id, PublishStatus.PUBLISHED)


def archive(ctx: RequestContext, package_id: int) -> dict[str, Any]:
    return change_status(ctx, package_id, PublishStatus.ARCHIVED)


def set_popular(ctx: RequestContext, package_id: int, popular: bool) -> dict[str, Any]:
    require_staff(ctx)
    with session_scope() as session:
        package = _get(session, package_id, lock=True)
        if package.popular != bool(popular):
            logged = {"popular": {"from": package.popular, "to": bool(popular)}}
            audit.record(session, ctx, AuditAction.UPDATE, ENTITY, package.id, logged)
            package.popular = bool(popular)
            package.updated_at = clock.now()
            session.add(package)
            session.flush()
        result = package_dict(package)
    catalog.invalidate_pricing()
    return result


def move_package(ctx: RequestContext, package_id: int, direction: str) -> list[int]:
    """Swap a package with its neighbour within its category; returns the category's new order."""
    require_staff(ctx)
    display_order.check_direction(direction)
    with session_scope() as session:
        package = _get(session, package_id)
        siblings = list(
            session.exec(
                sa.select(PricingPackage)
                .where(PricingPackage.category == package.category)
                .order_by(PricingPackage.display_order, PricingPackage.id)
                .with_for_update()
            ).scalars()
        )
        index = [p.id for p in siblings].index(package.id)
        display_order.move(session, ctx, siblings, index, direction, ENTITY)
        order = [p.id for p in siblings]
    catalog.invalidate_pricing()
    return order
