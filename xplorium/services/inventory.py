"""Inventory: the venue's supplies, their stock movements, and what to reorder.

An item's quantity is never written here: each restock, use or correction is a row of
`stock_movements`, and the database's trigger keeps the quantity as their sum; its CHECK
refuses a movement that would take it below zero (migration 0006). When a movement brings
an item to its reorder point the staff are notified, once per crossing.
"""

from collections.abc import Mapping
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium.constants import PAGE_SIZE_DEFAULT
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import InventoryItem, StockMovement
from xplorium.models.enums import AuditAction, InventoryCategory, NotificationKind, StockMovementKind
from xplorium.services import audit, clock
from xplorium.services.authz import require_staff
from xplorium.services.bookings.display import local_stamp
from xplorium.services.context import RequestContext
from xplorium.services.errors import FieldErrors, ValidationFailed
from xplorium.services.exports import ExportFile, csv_file
from xplorium.services.lookup import contains_text, get_or_not_found
from xplorium.services.notifications import notify_staff
from xplorium.services.pagination import Page, paginate
from xplorium.services.parsing import int_field
from xplorium.services.sanitize import clean_text, required_text

ENTITY = "inventory_item"
MOVEMENT_ENTITY = "stock_movement"
LINK = "/admin/inventory"
QUANTITY_MAX = 1_000_000
RECENT_MOVEMENTS = 20
# The item's CHECK that the trigger's sum trips when a movement would go below zero.
NEGATIVE_CHECK = "ck_inventory_items_quantity_non_negative"
CHECK_VIOLATION = "23514"

CATEGORY_LABELS = {
    InventoryCategory.CAFE: N_("Cafe"),
    InventoryCategory.PLAYROOM: N_("Playroom"),
    InventoryCategory.SENSORY_ROOM: N_("Sensory room"),
    InventoryCategory.PARTY_SUPPLIES: N_("Party supplies"),
    InventoryCategory.CLEANING: N_("Cleaning"),
    InventoryCategory.GENERAL: N_("General"),
}
MOVEMENT_LABELS = {
    StockMovementKind.RESTOCK: N_("Restock"),
    StockMovementKind.USE: N_("Use"),
    StockMovementKind.CORRECTION: N_("Correction (counted)"),
}
ITEM_FIELDS = ("name", "category", "unit", "reorder_point", "supplier_name", "supplier_contact", "notes")
CSV_COLUMNS = (
    "name",
    "category",
    "quantity",
    "unit",
    "reorder_point",
    "supplier_name",
    "supplier_contact",
    "last_restocked",
    "notes",
)


def at_reorder_point(item: InventoryItem) -> bool:
    return item.quantity <= item.reorder_point


def item_dict(item: InventoryItem) -> dict:
    category = InventoryCategory(item.category)
    return {
        "id": item.id,
        "name": item.name,
        "category": category.value,
        "category_label": _(CATEGORY_LABELS[category]),
        "quantity": item.quantity,
        "unit": item.unit,
        "reorder_point": item.reorder_point,
        "supplier_name": item.supplier_name,
        "supplier_contact": item.supplier_contact,
        "last_restocked": local_stamp(item.last_restocked_at),
        "notes": item.notes,
        "low": at_reorder_point(item),
    }


def _movement_dict(movement: StockMovement) -> dict:
    kind = StockMovementKind(movement.kind)
    return {
        "id": movement.id,
        "kind": kind.value,
        "kind_label": _(MOVEMENT_LABELS[kind]),
        "change": f"{movement.change:+d}",
        "note": movement.note,
        "when": local_stamp(movement.created_at),
    }


# ---------------------------------------------------------------- reading


def _filtered(category: object = None, low_only: bool = False, search: object = "") -> sa.Select:
    statement = select(InventoryItem)
    if category:
        try:
            chosen = InventoryCategory(str(category).upper())
        except ValueError:
            raise ValidationFailed({"category": _("Choose one of the options.")}) from None
        statement = statement.where(InventoryItem.category == chosen)
    if low_only:
        statement = statement.where(InventoryItem.quantity <= InventoryItem.reorder_point)
    text = clean_text(search, max_length=100)
    if text:
        statement = statement.where(contains_text(text, InventoryItem.name, InventoryItem.supplier_name))
    return statement.order_by(InventoryItem.name, InventoryItem.id)


def list_items(
    ctx: RequestContext,
    *,
    category: object = None,
    low_only: bool = False,
    search: object = "",
    page: object = 1,
    page_size: object = PAGE_SIZE_DEFAULT,
) -> Page[dict]:
    require_staff(ctx)
    with session_scope() as session:
        return paginate(
            session, _filtered(category, bool(low_only), search), page, page_size, mapper=item_dict
        )


def get_item(ctx: RequestContext, item_id: object) -> dict:
    """The item and its latest movements."""
    require_staff(ctx)
    with session_scope() as session:
        item = get_or_not_found(session, InventoryItem, item_id, _("That item does not exist."))
        movements = session.exec(
            select(StockMovement)
            .where(StockMovement.item_id == item.id)
            .order_by(StockMovement.created_at.desc(), StockMovement.id.desc())
            .limit(RECENT_MOVEMENTS)
        ).all()
        return item_dict(item) | {"movements": [_movement_dict(m) for m in movements]}


# ---------------------------------------------------------------- items


def _stock_count(errors: FieldErrors, data: Mapping, name: str, label: str) -> int | None:
    """A whole number of units from 0 up; left empty, 0."""
    return int_field(errors, data, name, minimum=0, maximum=QUANTITY_MAX, label=label, blank=0)


def _validate_item(data: Mapping) -> dict:
    errors = FieldErrors()
    category = str(data.get("category") or "").strip().upper()
    if category not in InventoryCategory.__members__:
        errors.add("category", _("Choose a category."))
    values = {
        "name": required_text(errors, "name", data.get("name"), max_length=120, label=_("Name")),
        "category": InventoryCategory(category) if category in InventoryCategory.__members__ else None,
        "unit": required_text(errors, "unit", data.get("unit"), max_length=20, label=_("Unit")),
        "reorder_point": _stock_count(errors, data, "reorder_point", _("Reorder point")),
        "supplier_name": clean_text(data.get("supplier_name"), max_length=200),
        "supplier_contact": clean_text(data.get("supplier_contact"), max_length=200),
        "notes": clean_text(data.get("notes"), max_length=2000, multiline=True),
    }
    errors.raise_if_any()
    return values


@contextmanager
def _name_must_be_free():
    """Items' names are unique: a clash is the name field's error, anything else is raised."""
    try:
        yield
    except IntegrityError as error:
        if "uq_inventory_items_name" in str(error.orig) or "inventory_items.name" in str(error.orig):
            raise ValidationFailed({"name": _("An item with that name already exists.")}) from error
        raise


def create_item(ctx: RequestContext, data: Mapping) -> dict:
    """A new item; its opening stock (if any) is its first movement, a restock."""
    require_staff(ctx)
    values = _validate_item(data)
    errors = FieldErrors()
    opening = _stock_count(errors, data, "opening_quantity", _("Opening stock"))
    errors.raise_if_any()
    with _name_must_be_free(), session_scope() as session:
        item = InventoryItem(**values)
        session.add(item)
        session.flush()
        audit.record(
            session, ctx, AuditAction.CREATE, ENTITY, item.id, {k: str(v) for k, v in values.items()}
        )
        if opening:
            _move(session, ctx, item, StockMovementKind.RESTOCK, opening, _("Opening stock"))
        else:
            _check_reorder(session, item)
        return item_dict(item)


def update_item(ctx: RequestContext, item_id: object, data: Mapping) -> dict:
    """Change an item's details; its quantity changes only through movements."""
    require_staff(ctx)
    values = _validate_item(data)
    with _name_must_be_free(), session_scope() as session:
        item = get_or_not_found(session, InventoryItem, item_id, _("That item does not exist."), lock=True)
        before = {key: str(getattr(item, key)) for key in values}
        for key, value in values.items():
            setattr(item, key, value)
        item.updated_at = clock.now()
        session.add(item)
        session.flush()
        logged = audit.diff(before, {k: str(v) for k, v in values.items()})
        audit.record(session, ctx, AuditAction.UPDATE, ENTITY, item.id, logged)
        # A new reorder point can put the item at it, or above it again.
        _check_reorder(session, item)
        return item_dict(item)


# ---------------------------------------------------------------- movements


def _is_negative(error: IntegrityError) -> bool:
    orig = error.orig
    diag = getattr(orig, "diag", None)
    if diag is not None:
        return getattr(orig, "sqlstate", None) == CHECK_VIOLATION and diag.constraint_name == NEGATIVE_CHECK
    return NEGATIVE_CHECK in str(orig)


def _check_reorder(session: Session, item: InventoryItem) -> None:
    """Tell the staff once when the item is at or below its reorder point; re-arm above it."""
    if at_reorder_point(item) and not item.reorder_notified:
        notify_staff(
            session,
            NotificationKind.LOW_STOCK,
            _("Reorder {name}").format(name=item.name),
            _("{quantity} {unit} left (reorder point {point}).").format(
                quantity=item.quantity, unit=item.unit, point=item.reorder_point
            ),
            LINK,
        )
        item.reorder_notified = True
    elif not at_reorder_point(item) and item.reorder_notified:
        item.reorder_notified = False
    session.add(item)
    session.flush()


def _move(
    session: Session,
    ctx: RequestContext,
    item: InventoryItem,
    kind: StockMovementKind,
    change: int,
    note: str,
) -> StockMovement:
    movement = StockMovement(item_id=item.id, kind=kind, change=change, note=note, created_by=ctx.actor_id)
    session.add(movement)
    session.flush()
    # The trigger changed the quantity in the database: read it back.
    session.refresh(item)
    if kind == StockMovementKind.RESTOCK:
        item.last_restocked_at = clock.now()
    item.updated_at = clock.now()
    audit.record(
        session,
        ctx,
        AuditAction.CREATE,
        MOVEMENT_ENTITY,
        movement.id,
        {"item_id": item.id, "kind": kind.value, "change": change, "quantity": item.quantity},
    )
    _check_reorder(session, item)
    return movement


def record_movement(ctx: RequestContext, item_id: object, data: Mapping) -> dict:
    """A restock or use of `amount`, or a correction to the counted `amount`; returns the item.

    A use of more than is in stock is refused by the database and changes nothing.
    """
    require_staff(ctx)
    errors = FieldErrors()
    kind_text = str(data.get("kind") or "").strip().upper()
    if kind_text not in StockMovementKind.__members__:
        errors.add("kind", _("Choose restock, use or correction."))
    kind = StockMovementKind(kind_text) if kind_text in StockMovementKind.__members__ else None
    amount = int_field(
        errors,
        data,
        "amount",
        minimum=0 if kind == StockMovementKind.CORRECTION else 1,
        maximum=QUANTITY_MAX,
        label=_("Quantity"),
    )
    note = clean_text(data.get("note"), max_length=300)
    errors.raise_if_any()
    try:
        with session_scope() as session:
            item = get_or_not_found(
                session, InventoryItem, item_id, _("That item does not exist."), lock=True
            )
            if kind == StockMovementKind.CORRECTION:
                change = amount - item.quantity
                if change == 0:
                    raise ValidationFailed({"amount": _("That is already the quantity in stock.")})
            else:
                change = amount if kind == StockMovementKind.RESTOCK else -amount
            _move(session, ctx, item, kind, change, note)
            return item_dict(item)
    except IntegrityError as error:
        if not _is_negative(error):
            raise
        with session_scope() as session:
            item = session.get(InventoryItem, int(item_id))
            left = f"{item.quantity} {item.unit}" if item else "0"
        raise ValidationFailed(
            {"amount": _("Only {left} in stock: the quantity cannot go below zero.").format(left=left)}
        ) from error


# ---------------------------------------------------------------- exports


def _csv(ctx: RequestContext, filename: str, statement: sa.Select, which: str) -> ExportFile:
    require_staff(ctx)
    with session_scope() as session:
        items = session.exec(statement).all()
        file = csv_file(
            filename,
            CSV_COLUMNS,
            (
                (
                    item.name,
                    InventoryCategory(item.category).value,
                    item.quantity,
                    item.unit,
                    item.reorder_point,
                    item.supplier_name,
                    item.supplier_contact,
                    local_stamp(item.last_restocked_at),
                    item.notes,
                )
                for item in items
            ),
        )
        audit.record(
            session,
            ctx,
            AuditAction.EXPORT,
            ENTITY,
            None,
            {"list": which, "format": "csv", "count": file.count},
        )
    return file


def inventory_csv(ctx: RequestContext, data: Mapping | None = None) -> ExportFile:
    """Every item with its stock; audited as EXPORT."""
    return _csv(ctx, "xplorium-inventory.csv", _filtered(), "inventory")


def reorder_csv(ctx: RequestContext, data: Mapping | None = None) -> ExportFile:
    """The items at or below their reorder point, by supplier, for ordering; audited as EXPORT."""
    statement = (
        _filtered(low_only=True).order_by(None).order_by(InventoryItem.supplier_name, InventoryItem.name)
    )
    return _csv(ctx, "xplorium-reorder.csv", statement, "reorder")
