"""The venue's rooms: the cached list every booking reads, and the staff's rooms and closures.

A closure takes the whole room for whole days (or, for a maintenance job, a time window of
one day) through a hold like any booking's, so the database refuses it where something
already holds the room, and refuses bookings while it lasts. The staff are shown what is in
the way and decide (move or cancel it first).
"""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium.constants import BUFFER_MINUTES_MAX, ROOM_CAPACITY_MAX, ROOM_CLOSURE_MAX_DAYS, SHORT_TEXT_MAX
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.models import Booking, Event, Room, RoomClosure, RoomHold
from xplorium.models.enums import AuditAction, HoldKind
from xplorium.services import audit, clock
from xplorium.services.authz import require_staff
from xplorium.services.bookings import places
from xplorium.services.cache import get_cache
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, ValidationFailed
from xplorium.services.lookup import get_or_not_found
from xplorium.services.parsing import int_field
from xplorium.services.sanitize import clean_text, required_text
from xplorium.services.slugs import slugify
from xplorium.services.venue import load_settings

ROOMS_KEY = "catalog:rooms"
ENTITY = "room"
CLOSURE_ENTITY = "room_closure"
# The venue as the demo data and a fresh test database have it: slug, name, capacity, buffer.
DEFAULT_ROOMS = (
    ("party_room", "Party room", 30, 45),
    ("playroom", "Playroom", 30, 45),
    ("sensory_room", "Sensory room", 6, 15),
    ("cafe", "Cafe", 40, 0),
)


def room_dict(room: Room) -> dict:
    return {
        "id": room.id,
        "slug": room.slug,
        "name": room.name,
        "capacity": room.capacity,
        "buffer_minutes": room.buffer_minutes,
        "active": bool(room.active),
        "display_order": room.display_order,
    }


def _load_rooms() -> list[dict]:
    with session_scope() as session:
        rows = session.exec(select(Room).order_by(Room.display_order, Room.id)).all()
        return [room_dict(r) for r in rows]


def all_rooms() -> list[dict]:
    """Every room, active or not, in display order (cached; every change here invalidates it)."""
    return get_cache().get_or_load(ROOMS_KEY, _load_rooms)


def active_rooms() -> list[dict]:
    return [r for r in all_rooms() if r["active"]]


def room_by_id(room_id: object) -> dict | None:
    return next((r for r in all_rooms() if str(r["id"]) == str(room_id)), None)


def room_by_slug(slug: object) -> dict | None:
    return next((r for r in all_rooms() if r["slug"] == slug), None)


def room_choices() -> list[dict[str, str]]:
    """Every room as a select's option (value, label), for the offers and events that hold one."""
    return [
        {
            "value": str(r["id"]),
            "label": f"{r['name']} · {r['capacity']} places" + ("" if r["active"] else " (inactive)"),
        }
        for r in all_rooms()
    ]


def room_names(room_ids) -> str:
    """'Party room, Playroom' for these ids, in display order."""
    wanted = set(room_ids)
    return ", ".join(r["name"] for r in all_rooms() if r["id"] in wanted)


def invalidate_rooms() -> None:
    get_cache().invalidate(ROOMS_KEY)


def create_default_rooms(session: Session) -> dict[str, Room]:
    """The default rooms that are missing (demo data, tests); returns every room by slug."""
    existing = {r.slug: r for r in session.exec(select(Room))}
    for order, (slug, name, capacity, buffer) in enumerate(DEFAULT_ROOMS):
        if slug not in existing:
            room = Room(slug=slug, name=name, capacity=capacity, buffer_minutes=buffer, display_order=order)
            session.add(room)
            existing[slug] = room
    session.flush()
    return existing


# --- the staff's rooms ---------------------------------------------------------------------------


def list_rooms(ctx: RequestContext) -> list[dict]:
    """Every room with its closures from today on."""
    require_staff(ctx)
    today = local_now().date()
    with session_scope() as session:
        rooms = session.exec(select(Room).order_by(Room.display_order, Room.id)).all()
        closures = session.exec(
            select(RoomClosure).where(RoomClosure.ends_on >= today).order_by(RoomClosure.starts_on)
        ).all()
        by_room: dict[int, list[dict]] = {}
        for closure in closures:
            by_room.setdefault(closure.room_id, []).append(_closure_dict(closure))
        return [{**room_dict(r), "closures": by_room.get(r.id, [])} for r in rooms]


def _closure_dict(closure: RoomClosure) -> dict:
    return {
        "id": closure.id,
        "room_id": closure.room_id,
        "starts_on": closure.starts_on.isoformat(),
        "ends_on": closure.ends_on.isoformat(),
        "reason": closure.reason,
        "label": closure_label(closure),
    }


def closure_label(closure: RoomClosure) -> str:
    """'05.12.2026', '05.12.2026 – 07.12.2026' or '05.12.2026 10:00–12:00'."""
    label = f"{closure.starts_on:%d.%m.%Y}"
    if closure.starts_time is not None:
        return label + f" {closure.starts_time:%H:%M}–{closure.ends_time:%H:%M}"
    return label + (f" – {closure.ends_on:%d.%m.%Y}" if closure.ends_on != closure.starts_on else "")


def _validate_room(data: Mapping) -> dict:
    errors = FieldErrors()
    values = {
        "name": required_text(errors, "name", data.get("name"), max_length=120, label=_("Name")),
        "capacity": int_field(
            errors, data, "capacity", minimum=1, maximum=ROOM_CAPACITY_MAX, label=_("Capacity")
        ),
        "buffer_minutes": int_field(
            errors,
            data,
            "buffer_minutes",
            minimum=0,
            maximum=BUFFER_MINUTES_MAX,
            label=_("Cleanup buffer"),
            blank=0,
        ),
        "active": bool(data.get("active", True)),
    }
    errors.raise_if_any()
    return values


def _slug_for(session: Session, name: str) -> str:
    base = slugify(name).replace("-", "_") or "room"
    taken = set(session.exec(select(Room.slug)).all())
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}_{number}", number + 1
    return slug


def save_room(ctx: RequestContext, data: Mapping, room_id: object = None) -> dict:
    """Create a room, or change one. A capacity below what is already booked is refused."""
    require_staff(ctx)
    values = _validate_room(data)
    try:
        with session_scope() as session:
            if room_id in (None, "", 0):
                if data.get("buffer_minutes") in (None, ""):
                    values["buffer_minutes"] = load_settings(session).buffer_minutes
                order = session.exec(select(sa.func.coalesce(sa.func.max(Room.display_order), -1))).one()
                room = Room(slug=_slug_for(session, values["name"]), display_order=order + 1, **values)
                session.add(room)
                session.flush()
                audit.record(session, ctx, AuditAction.CREATE, ENTITY, room.id, values)
            else:
                room = get_or_not_found(session, Room, room_id, _("That room does not exist."), lock=True)
                before = room_dict(room)
                for key, value in values.items():
                    setattr(room, key, value)
                room.updated_at = clock.now()
                session.add(room)
                # The capacity cascades into the ledger here: its CHECK refuses overbooking.
                session.flush()
                changes = {k: {"from": before[k], "to": v} for k, v in values.items() if before[k] != v}
                audit.record(session, ctx, AuditAction.UPDATE, ENTITY, room.id, changes)
            result = room_dict(room)
    except IntegrityError as error:
        if places.is_full(error):
            raise ValidationFailed(
                {
                    "capacity": _(
                        "More places than that are already booked at some time; choose a larger number."
                    )
                }
            ) from error
        raise
    invalidate_rooms()
    return result


# --- closures ------------------------------------------------------------------------------------


def _closure_span(starts_on: date, ends_on: date) -> tuple[datetime, datetime]:
    return datetime.combine(starts_on, time()), datetime.combine(ends_on + timedelta(days=1), time())


def in_the_way(
    session: Session,
    room_id: int,
    starts_at: datetime,
    ends_at: datetime,
    *,
    except_closure: int | None = None,
) -> list[str]:
    """What already holds the room in [starts_at, ends_at), as lines for the staff."""
    statement = (
        select(RoomHold, Booking.reference, Event.title)
        .outerjoin(Booking, Booking.id == RoomHold.booking_id)
        .outerjoin(Event, Event.id == RoomHold.event_id)
        .where(
            RoomHold.room_id == room_id,
            RoomHold.released_at.is_(None),
            RoomHold.starts_at < ends_at,
            RoomHold.ends_at > starts_at,
        )
        .order_by(RoomHold.starts_at)
    )
    if except_closure is not None:
        statement = statement.where(
            sa.or_(RoomHold.closure_id.is_(None), RoomHold.closure_id != except_closure)
        )
    rows = session.exec(statement).all()
    lines = []
    for hold, reference, title in rows:
        when = f"{hold.starts_at:%d.%m. %H:%M}"
        if reference:
            lines.append(_("Booking {reference} ({when})").format(reference=reference, when=when))
        elif title:
            lines.append(_("Event “{title}” ({when})").format(title=title, when=when))
        else:
            lines.append(_("Another closure or offer ({when})").format(when=when))
    return lines


def close_room(ctx: RequestContext, room_id: object, data: Mapping) -> dict:
    """Close a room for whole days; refused, naming what is in the way, where it is already held."""
    actor = require_staff(ctx)
    errors = FieldErrors()
    starts_on = _date(errors, "starts_on", data.get("starts_on"), _("First day"))
    ends_on = _date(errors, "ends_on", data.get("ends_on") or data.get("starts_on"), _("Last day"))
    reason = required_text(errors, "reason", data.get("reason"), max_length=SHORT_TEXT_MAX, label=_("Reason"))
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors.add("ends_on", _("The last day must not be before the first."))
        elif (ends_on - starts_on).days + 1 > ROOM_CLOSURE_MAX_DAYS:
            errors.add(
                "ends_on",
                _("Close a room for at most {room_closure_max_days} days at a time.").format(
                    room_closure_max_days=ROOM_CLOSURE_MAX_DAYS
                ),
            )
        elif starts_on < local_now().date():
            errors.add("starts_on", _("That day has passed."))
    errors.raise_if_any()
    starts_at, ends_at = _closure_span(starts_on, ends_on)
    try:
        with session_scope() as session:
            room = get_or_not_found(session, Room, room_id, _("That room does not exist."))
            closure = RoomClosure(
                room_id=room.id, starts_on=starts_on, ends_on=ends_on, reason=reason, created_by=actor
            )
            session.add(closure)
            session.flush()
            hold = places.Hold(room_id=room.id, starts_at=starts_at, ends_at=ends_at, places=1, whole=True)
            places.add(session, [hold], HoldKind.CLOSURE, closure.id)
            logged = {"room": room.slug, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()}
            audit.record(session, ctx, AuditAction.CREATE, CLOSURE_ENTITY, closure.id, logged)
            result = _closure_dict(closure)
    except IntegrityError as error:
        if not places.is_full(error):
            raise
        with session_scope() as session:
            blocking = in_the_way(session, int(room_id), starts_at, ends_at)
        raise Conflict(
            _("The room is already booked in those days: ")
            + "; ".join(blocking)
            + ". Move or cancel these first.",
            details={"in_the_way": blocking},
        ) from error
    return result


def reopen(ctx: RequestContext, closure_id: object) -> None:
    """Delete a closure; its days are bookable again."""
    require_staff(ctx)
    with session_scope() as session:
        closure = get_or_not_found(
            session, RoomClosure, closure_id, _("That closure does not exist."), lock=True
        )
        places.release(session, HoldKind.CLOSURE, closure.id)
        audit.record(
            session, ctx, AuditAction.DELETE, CLOSURE_ENTITY, closure.id, {"room_id": closure.room_id}
        )
        session.delete(closure)


def hold_window(
    session: Session,
    ctx: RequestContext,
    room_id: int,
    day: date,
    starts: time | None,
    ends: time | None,
    reason: str,
) -> RoomClosure:
    """Close a room for [starts, ends) of `day` (no times: all day), in the caller's
    transaction (maintenance).

    The database refuses it (IntegrityError, see `places.is_full`) where the room is held then.
    """
    closure = RoomClosure(
        room_id=room_id,
        starts_on=day,
        ends_on=day,
        starts_time=starts,
        ends_time=ends,
        reason=reason[:SHORT_TEXT_MAX],
        created_by=ctx.actor_id,
    )
    session.add(closure)
    session.flush()
    if starts is None:
        starts_at, ends_at = _closure_span(day, day)
    else:
        starts_at, ends_at = datetime.combine(day, starts), datetime.combine(day, ends)
    places.add(
        session,
        [places.Hold(room_id=room_id, starts_at=starts_at, ends_at=ends_at, places=1, whole=True)],
        HoldKind.CLOSURE,
        closure.id,
    )
    logged = {"room_id": room_id, "day": day.isoformat(), "from": str(starts or ""), "until": str(ends or "")}
    audit.record(session, ctx, AuditAction.CREATE, CLOSURE_ENTITY, closure.id, logged)
    return closure


def drop_closure(session: Session, ctx: RequestContext, closure_id: int) -> None:
    """Delete a closure in the caller's transaction; its time is bookable again."""
    closure = session.get(RoomClosure, closure_id)
    if closure is None:
        return
    places.release(session, HoldKind.CLOSURE, closure.id)
    audit.record(session, ctx, AuditAction.DELETE, CLOSURE_ENTITY, closure.id, {"room_id": closure.room_id})
    session.delete(closure)
    session.flush()


def closures_on(session: Session, room_ids, day: date) -> dict[int, str]:
    """{room id: reason} of the rooms closed all of `day`."""
    rows = session.exec(
        select(RoomClosure.room_id, RoomClosure.reason).where(
            RoomClosure.room_id.in_(list(room_ids)),
            RoomClosure.starts_on <= day,
            RoomClosure.ends_on >= day,
            RoomClosure.starts_time.is_(None),
        )
    ).all()
    return {room_id: reason for room_id, reason in rows}


def closed_windows(session: Session, room_ids, starts_at: datetime, ends_at: datetime) -> list[str]:
    """'Playroom closed 05.12.2026 10:00–12:00 (reason)' for each closure of these rooms that
    overlaps [starts_at, ends_at): what a parent is told when a closure is in the way."""
    rows = session.exec(
        select(RoomClosure)
        .join(RoomHold, RoomHold.closure_id == RoomClosure.id)
        .where(
            RoomHold.room_id.in_(list(room_ids)),
            RoomHold.released_at.is_(None),
            RoomHold.starts_at < ends_at,
            RoomHold.ends_at > starts_at,
        )
        .order_by(RoomHold.starts_at)
    ).all()
    names = {r["id"]: r["name"] for r in all_rooms()}
    return [
        _("{room} closed {when} ({reason})").format(
            room=names.get(c.room_id, ""), when=closure_label(c), reason=c.reason
        )
        for c in rows
    ]


def _date(errors: FieldErrors, name: str, value: object, label: str) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(clean_text(value, max_length=10))
    except ValueError:
        errors.add(name, _("{label}: choose a date.").format(label=label))
        return None
