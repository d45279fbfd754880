"""Back-office management of events: list, edit, status, order, attendees and their export.

Public reads (published events, registration) live elsewhere; every change here is audited
and invalidates the public events cache.
"""

import csv
import io
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from xplorium import formatting
from xplorium.constants import (
    EVENT_CAPACITY_MAX,
    IMAGE_URL_MAX,
    LONG_TEXT_MAX,
    PAGE_SIZE_DEFAULT,
    SHORT_TEXT_MAX,
    TAG_MAX_LENGTH,
    TAGS_MAX,
)
from xplorium.db import session_scope
from xplorium.i18n import _, use_locale
from xplorium.models import Event, EventRegistration
from xplorium.models.enums import AuditAction, EventStatus, HoldKind, HoldMode, RegistrationStatus
from xplorium.services import audit, catalog, clock, display_order, mail, rooms, status_moves
from xplorium.services.authz import require_staff
from xplorium.services.bookings import places
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, NotFound
from xplorium.services.lookup import contains_text, get_or_not_found
from xplorium.services.pagination import Page, paginate
from xplorium.services.parsing import (
    int_field,
    parse_amount,
    parse_date,
    parse_status,
    parse_text_list,
    parse_time,
)
from xplorium.services.sanitize import clean_text, required_text
from xplorium.services.slugs import slugify, unique_slug

ENTITY = "event"
CATEGORY_MAX = 60

# Which status an event may move to from each status, and the audit action of each move.
TRANSITIONS: dict[EventStatus, frozenset[EventStatus]] = {
    EventStatus.DRAFT: frozenset({EventStatus.PUBLISHED}),
    EventStatus.PUBLISHED: frozenset({EventStatus.COMPLETED, EventStatus.CANCELLED, EventStatus.ARCHIVED}),
    EventStatus.COMPLETED: frozenset({EventStatus.ARCHIVED}),
    EventStatus.CANCELLED: frozenset({EventStatus.ARCHIVED}),
    EventStatus.ARCHIVED: frozenset(),
}
STATUS_ACTIONS = {
    EventStatus.PUBLISHED: AuditAction.PUBLISH,
    EventStatus.COMPLETED: AuditAction.COMPLETE,
    EventStatus.CANCELLED: AuditAction.CANCEL,
    EventStatus.ARCHIVED: AuditAction.ARCHIVE,
}
SLUG_ATTEMPTS = 5
# Spreadsheet programs run cells that start with these as formulas.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def venue_today():
    return clock.today()


# ---------------------------------------------------------------- reading


def _counts_subquery() -> sa.Subquery:
    reg = EventRegistration.__table__.c
    confirmed = reg.status == RegistrationStatus.CONFIRMED.value
    waitlisted = reg.status == RegistrationStatus.WAITLISTED.value
    return (
        sa.select(
            reg.event_id.label("event_id"),
            sa.func.count().label("registrations"),
            sa.func.coalesce(sa.func.sum(sa.case((confirmed, reg.guest_count), else_=0)), 0).label("taken"),
            sa.func.coalesce(sa.func.sum(sa.case((waitlisted, 1), else_=0)), 0).label("waitlisted"),
        )
        .group_by(reg.event_id)
        .subquery()
    )


def event_dict(event: Event, registrations: int = 0, taken: int = 0, waitlisted: int = 0) -> dict[str, Any]:
    return {
        "id": event.id,
        "slug": event.slug,
        "title": event.title,
        "title_en": event.title_en,
        "description": event.description,
        "description_en": event.description_en,
        "date": event.date.isoformat(),
        "start_time": event.start_time.strftime("%H:%M"),
        "end_time": event.end_time.strftime("%H:%M"),
        "category": event.category,
        "theme": event.theme,
        "capacity": event.capacity,
        "price": f"{event.price:.2f}",
        "currency": event.currency,
        "location": event.location,
        "room_id": event.room_id or 0,
        "room": (rooms.room_by_id(event.room_id) or {}).get("name", "") if event.room_id else "",
        "hold_mode": HoldMode(event.hold_mode).value,
        "image_url": event.image_url,
        "tags": list(event.tags or []),
        "status": EventStatus(event.status).value,
        "display_order": event.display_order,
        "registrations": int(registrations or 0),
        "taken": int(taken or 0),
        "waitlisted": int(waitlisted or 0),
        "next_statuses": sorted(s.value for s in TRANSITIONS[EventStatus(event.status)]),
    }


def list_events(
    ctx: RequestContext,
    *,
    status: str | None = None,
    search: str = "",
    page: object = 1,
    page_size: object = PAGE_SIZE_DEFAULT,
) -> Page[dict]:
    """Events in display order with their registration counts, filtered and paginated."""
    require_staff(ctx)
    counts = _counts_subquery()
    statement = (
        sa.select(Event, counts.c.registrations, counts.c.taken, counts.c.waitlisted)
        .outerjoin(counts, counts.c.event_id == Event.id)
        .order_by(Event.display_order, Event.date, Event.id)
    )
    if status:
        statement = statement.where(Event.status == parse_status(EventStatus, status))
    term = clean_text(search, max_length=SHORT_TEXT_MAX)
    if term:
        statement = statement.where(contains_text(term, Event.title, Event.category))
    with session_scope() as session:
        return paginate(
            session, statement, page, page_size, mapper=lambda row: event_dict(*row), scalars=False
        )


def get_event(ctx: RequestContext, event_id: int) -> dict[str, Any]:
    require_staff(ctx)
    with session_scope() as session:
        event = _get(session, event_id)
        return event_dict(event, *_counts(session, event.id))


def _get(session: Session, event_id: object, lock: bool = False) -> Event:
    return get_or_not_found(session, Event, event_id, _("That event does not exist."), lock=lock)


def _counts(session: Session, event_id: int) -> tuple[int, int, int]:
    counts = _counts_subquery()
    row = session.exec(
        sa.select(counts.c.registrations, counts.c.taken, counts.c.waitlisted).where(
            counts.c.event_id == event_id
        )
    ).first()
    return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)


# ---------------------------------------------------------------- validation


def _image_url(errors: FieldErrors, value: object) -> str:
    url = clean_text(value, max_length=IMAGE_URL_MAX)
    if url and not (
        url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//"))
    ):
        errors.add("image_url", _("Use a web address starting with https:// or a path starting with /."))
    return url


def validate_event(data: Mapping[str, Any], *, is_new: bool, minimum_capacity: int = 0) -> dict[str, Any]:
    """Clean, checked event fields, or ValidationFailed naming every bad field."""
    errors = FieldErrors()
    values: dict[str, Any] = {
        "title": required_text(
            errors, "title", data.get("title"), max_length=SHORT_TEXT_MAX, label=_("Title")
        ),
        "description": clean_text(data.get("description"), max_length=LONG_TEXT_MAX, multiline=True),
        # English is optional: the site shows the Serbian text where it is empty.
        "title_en": clean_text(data.get("title_en"), max_length=SHORT_TEXT_MAX),
        "description_en": clean_text(data.get("description_en"), max_length=LONG_TEXT_MAX, multiline=True),
        "category": clean_text(data.get("category"), max_length=CATEGORY_MAX),
        "theme": clean_text(data.get("theme"), max_length=CATEGORY_MAX),
        "location": clean_text(data.get("location"), max_length=SHORT_TEXT_MAX),
        "image_url": _image_url(errors, data.get("image_url")),
        "date": parse_date(errors, "date", data.get("date"), label=_("Date")),
        "start_time": parse_time(errors, "start_time", data.get("start_time"), label=_("Start time")),
        "end_time": parse_time(errors, "end_time", data.get("end_time"), label=_("End time")),
        "capacity": int_field(
            errors, data, "capacity", minimum=1, maximum=EVENT_CAPACITY_MAX, label=_("Capacity")
        ),
        "price": parse_amount(errors, "price", data.get("price", "0") or "0", label=_("Price")),
        "tags": parse_text_list(
            errors,
            data,
            "tags",
            max_items=TAGS_MAX,
            max_length=TAG_MAX_LENGTH,
            label=_("tags"),
            separator=",",
        ),
    }
    values["room_id"], values["hold_mode"] = _room_choice(errors, data, values["capacity"])
    if values["start_time"] and values["end_time"] and values["end_time"] <= values["start_time"]:
        errors.add("end_time", _("The event must end after it starts."))
    if is_new and values["date"] and values["date"] < venue_today():
        errors.add("date", _("Choose today or a later date."))
    if values["capacity"] is not None and values["capacity"] < minimum_capacity:
        errors.add(
            "capacity",
            _("{minimum_capacity} places are already taken; capacity cannot be lower.").format(
                minimum_capacity=minimum_capacity
            ),
        )
    errors.raise_if_any()
    values["tags"] = list(dict.fromkeys(values["tags"]))
    return values


def _room_choice(
    errors: FieldErrors, data: Mapping[str, Any], capacity: int | None
) -> tuple[int | None, HoldMode]:
    """The room a published event holds (none: it holds nothing) and how; its capacity fits the room."""
    try:
        mode = HoldMode(str(data.get("hold_mode") or HoldMode.PLACES.value).upper())
    except ValueError:
        errors.add("hold_mode", _("Choose whether the event takes the whole room or some of its places."))
        mode = HoldMode.PLACES
    if data.get("room_id") in (None, "", 0, "0"):
        return None, mode
    room = rooms.room_by_id(data.get("room_id"))
    if room is None:
        errors.add("room_id", _("Choose a room from the list."))
        return None, mode
    if capacity is not None and capacity > room["capacity"]:
        errors.add(
            "capacity",
            _("The {name} has {capacity} places; the capacity cannot be larger.").format(
                name=room["name"], capacity=room["capacity"]
            ),
        )
    return room["id"], mode


def _sync_hold(session: Session, event: Event) -> None:
    """A published event in a room holds it for its time; anything else holds nothing.

    Called after every change of an event: its old hold is given back and the new one taken,
    so the ledger refuses an event that does not fit (Conflict, and nothing is saved).
    """
    session.flush()
    places.release(session, HoldKind.EVENT, event.id)
    room = rooms.room_by_id(event.room_id) if event.room_id else None
    if room is None or EventStatus(event.status) != EventStatus.PUBLISHED:
        return
    starts_at = datetime.combine(event.date, event.start_time)
    ends_at = datetime.combine(event.date, event.end_time)
    whole = HoldMode(event.hold_mode) == HoldMode.WHOLE
    hold = places.hold_in(room, starts_at, ends_at, event.capacity, whole)
    if not places.add_if_free(session, [hold], HoldKind.EVENT, event.id):
        what = _("the whole room") if whole else f"{event.capacity} places"
        raise Conflict(
            _(
                "The {name} does not have {what} free at that time: bookings or another event hold it. Choose another time, room or capacity."
            ).format(name=room["name"], what=what)
        )


# ---------------------------------------------------------------- writing


def _taken_slugs(session: Session, base: str, exclude_id: int | None = None) -> set[str]:
    statement = sa.select(Event.slug).where(sa.or_(Event.slug == base, Event.slug.like(base + "-%")))
    if exclude_id is not None:
        statement = statement.where(Event.id != exclude_id)
    return set(session.exec(statement).scalars().all())


def _assign_slug(session: Session, event: Event) -> None:
    """Give `event` the first free slug of its title and flush it.

    Two admins may pick the same slug at once; the unique constraint then refuses one
    insert, and that one tries the next suffix inside a savepoint.
    """
    base = slugify(event.title, fallback="event")
    if event.id is not None:
        # Other edits are flushed first: a refused savepoint expires what changed inside it.
        session.add(event)
        session.flush()
    for _attempt in range(SLUG_ATTEMPTS):
        slug = unique_slug(base, _taken_slugs(session, base, event.id))
        try:
            with session.begin_nested():
                event.slug = slug
                session.add(event)
                session.flush()
            return
        except IntegrityError:
            continue
    raise Conflict(_("Another event with this title was saved at the same moment. Please try again."))


def create_event(ctx: RequestContext, data: Mapping[str, Any]) -> dict[str, Any]:
    require_staff(ctx)
    values = validate_event(data, is_new=True)
    with session_scope() as session:
        last = session.exec(sa.select(sa.func.max(Event.display_order))).scalar_one()
        event = Event(**values, slug="", status=EventStatus.DRAFT, display_order=(last or 0) + 1)
        _assign_slug(session, event)
        audit.record(
            session, ctx, AuditAction.CREATE, ENTITY, event.id, _audit_values(values) | {"slug": event.slug}
        )
        result = event_dict(event)
    catalog.invalidate_events(result["slug"])
    return result


def update_event(ctx: RequestContext, event_id: int, data: Mapping[str, Any]) -> dict[str, Any]:
    """Save new field values. A draft's slug follows its title; once published it stays put
    so that links already shared keep working."""
    require_staff(ctx)
    with session_scope() as session:
        event = _get(session, event_id, lock=True)
        registrations, taken, waitlisted = _counts(session, event.id)
        values = validate_event(data, is_new=False, minimum_capacity=taken)
        before = _audit_values(event.model_dump())
        old_slug = event.slug
        for key, value in values.items():
            setattr(event, key, value)
        event.updated_at = clock.now()
        if event.status == EventStatus.DRAFT and slugify(event.title, fallback="event") != _base_of(old_slug):
            _assign_slug(session, event)
        else:
            session.add(event)
            session.flush()
        _sync_hold(session, event)
        changes = audit.diff(before, _audit_values(event.model_dump()))
        if event.slug != old_slug:
            changes["slug"] = {"from": old_slug, "to": event.slug}
        if changes:
            audit.record(session, ctx, AuditAction.UPDATE, ENTITY, event.id, changes)
        result = event_dict(event, registrations, taken, waitlisted)
    catalog.invalidate_events(old_slug, result["slug"])
    return result


def _base_of(slug: str) -> str:
    head, _, tail = slug.rpartition("-")
    return head if head and tail.isdigit() else slug


def _audit_values(values: Mapping[str, Any]) -> dict[str, Any]:
    keys = (
        "title",
        "title_en",
        "date",
        "start_time",
        "end_time",
        "category",
        "theme",
        "capacity",
        "price",
        "location",
        "room_id",
        "hold_mode",
    )
    return {k: (str(values[k]) if values.get(k) is not None else None) for k in keys if k in values} | {
        "tags": list(values.get("tags") or [])
    }


def change_status(ctx: RequestContext, event_id: int, new_status: str) -> dict[str, Any]:
    """Move an event along DRAFT → PUBLISHED → COMPLETED | CANCELLED | ARCHIVED.

    Cancelling tells everyone registered (or waiting) by email, after the commit.
    """
    require_staff(ctx)
    target = parse_status(EventStatus, new_status)
    with session_scope() as session:
        event = _get(session, event_id, lock=True)
        current = status_moves.move(event, TRANSITIONS, target, _("A {lower} event cannot become {lower2}."))
        _sync_hold(session, event)
        if target == EventStatus.CANCELLED:
            _tell_registrants_cancelled(session, event)
        audit.record(
            session,
            ctx,
            STATUS_ACTIONS[target],
            ENTITY,
            event.id,
            {"status": {"from": current, "to": target}},
        )
        session.flush()
        result = event_dict(event, *_counts(session, event.id))
    catalog.invalidate_events(result["slug"])
    return result


def _tell_registrants_cancelled(session: Session, event: Event) -> None:
    live = session.exec(
        sa.select(EventRegistration.email, EventRegistration.language).where(
            EventRegistration.event_id == event.id,
            EventRegistration.status != RegistrationStatus.CANCELLED,
        )
    ).all()
    for email, language in live:
        with use_locale(language):
            _email_event_cancelled(session, event, email)


def _email_event_cancelled(session: Session, event: Event, email: str) -> None:
    mail.queue(
        session,
        email,
        _("Cancelled: {title}").format(title=event.title),
        _(
            "We are sorry: {title} on {date} has been cancelled.\nYour registration no longer needs any action. We hope to see you at another event."
        ).format(title=event.title, date=formatting.day(event.date)),
    )


def delete_event(ctx: RequestContext, event_id: int) -> None:
    """Delete an event nobody registered for; one with registrations must be cancelled or
    archived instead, so the attendance history stays."""
    require_staff(ctx)
    with session_scope() as session:
        event = _get(session, event_id, lock=True)
        registrations = _counts(session, event.id)[0]
        if registrations:
            raise Conflict(
                _(
                    "This event has {registrations} registration(s) and cannot be deleted. Cancel or archive it instead."
                ).format(registrations=registrations),
                {"registrations": registrations},
            )
        slug = event.slug
        try:
            with session.begin_nested():
                session.delete(event)
                session.flush()
        except IntegrityError:
            # A registration arrived between the count and the delete; the foreign key refuses.
            raise Conflict(_("This event has registrations and cannot be deleted.")) from None
        audit.record(session, ctx, AuditAction.DELETE, ENTITY, event_id, {"title": event.title, "slug": slug})
    catalog.invalidate_events(slug)


def move_event(ctx: RequestContext, event_id: int, direction: str) -> list[int]:
    """Swap an event with its neighbour in display order; returns the new order of ids."""
    require_staff(ctx)
    display_order.check_direction(direction)
    with session_scope() as session:
        events = list(
            session.exec(
                sa.select(Event).order_by(Event.display_order, Event.date, Event.id).with_for_update()
            ).scalars()
        )
        ids = [e.id for e in events]
        if event_id not in ids:
            raise NotFound(_("That event does not exist."))
        display_order.move(session, ctx, events, ids.index(event_id), direction, ENTITY)
        order = [e.id for e in events]
        slugs = [e.slug for e in events]
    catalog.invalidate_events(*slugs)
    return order


# ---------------------------------------------------------------- attendees


def _registration_rows(session: Session, event_id: int) -> list[EventRegistration]:
    return list(
        session.exec(
            sa.select(EventRegistration)
            .where(EventRegistration.event_id == event_id)
            .order_by(EventRegistration.created_at, EventRegistration.id)
        ).scalars()
    )


def _local(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(clock.VENUE_TZ).strftime("%Y-%m-%d %H:%M")


def attendees(ctx: RequestContext, event_id: int) -> dict[str, Any]:
    """Confirmed attendees, the waiting list in promotion order, and cancelled registrations."""
    require_staff(ctx)
    with session_scope() as session:
        event = _get(session, event_id)
        rows = _registration_rows(session, event.id)
        counts = _counts(session, event.id)

    def row(reg: EventRegistration, position: int | None = None) -> dict[str, Any]:
        return {
            "id": reg.id,
            "name": reg.name,
            "email": reg.email,
            "guest_count": reg.guest_count,
            "status": RegistrationStatus(reg.status).value,
            "registered_at": _local(reg.created_at),
            "position": position or 0,
        }

    confirmed = [row(r) for r in rows if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in rows if r.status == RegistrationStatus.WAITLISTED]
    return {
        "event": event_dict(event, *counts),
        "confirmed": confirmed,
        "waiting": [row(r, position) for position, r in enumerate(waiting, start=1)],
        "cancelled": [row(r) for r in rows if r.status == RegistrationStatus.CANCELLED],
    }


def _csv_cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def export_attendees_csv(ctx: RequestContext, event_id: int) -> tuple[str, str]:
    """(file name, CSV text) of the event's attendance; the export itself is audited."""
    data = attendees(ctx, event_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["status", "waiting_position", "name", "email", "guests", "registered_at"])
    for reg in data["confirmed"] + data["waiting"] + data["cancelled"]:
        writer.writerow(
            _csv_cell(v)
            for v in (
                reg["status"],
                reg["position"] or "",
                reg["name"],
                reg["email"],
                reg["guest_count"],
                reg["registered_at"],
            )
        )
    with session_scope() as session:
        audit.record(
            session,
            ctx,
            AuditAction.EXPORT,
            ENTITY,
            event_id,
            {"format": "csv", "rows": len(data["confirmed"]) + len(data["waiting"]) + len(data["cancelled"])},
        )
    return f"attendees-{data['event']['slug']}.csv", buffer.getvalue()
