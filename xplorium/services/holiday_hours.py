"""The venue's hours on Serbia's public holidays, set by the staff per date: closed, special
opening hours, or the usual hours of its weekday (no row). Every change is audited and the
booking rules (catalog.booking_rules) see it at once."""

from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from xplorium import formatting
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import Booking, HolidayHours
from xplorium.models.enums import ACTIVE_BOOKING_STATUSES, AuditAction
from xplorium.services import audit, catalog, clock
from xplorium.services.authz import require_staff
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, ValidationFailed
from xplorium.services.parsing import parse_int, parse_time, to_date
from xplorium.services.public_holidays import holidays_of
from xplorium.services.venue import load_settings, opening_span

ENTITY = "holiday_hours"
USUAL, CLOSED, SPECIAL = "usual", "closed", "special"
MODE_LABELS = {
    USUAL: N_("Usual hours"),
    CLOSED: N_("Closed"),
    SPECIAL: N_("Special hours"),
}
# The years an admin may plan: this one and the next.
YEARS_AHEAD = 1


def holiday_spans(session: Session) -> dict[str, list[str] | None]:
    """{"YYYY-MM-DD": None (closed) or ["HH:MM", "HH:MM"]} of every holiday set apart."""
    rows = session.exec(sa.select(HolidayHours)).scalars()
    return {
        row.day.isoformat(): None if row.closed else [f"{row.opens:%H:%M}", f"{row.closes:%H:%M}"]
        for row in rows
    }


def planning_years() -> list[int]:
    this_year = clock.local_now().year
    return list(range(this_year, this_year + YEARS_AHEAD + 1))


def _year(value: object) -> int:
    errors = FieldErrors()
    year = parse_int(errors, "year", value, minimum=2000, maximum=2100, label=_("Year"))
    errors.raise_if_any()
    return year


def _usual_text(opening_hours: dict, day: date) -> str:
    span = opening_span(opening_hours, day.weekday())
    return f"{span[0]:%H:%M}–{span[1]:%H:%M}" if span else _("Closed")


def year_holidays(ctx: RequestContext, year: object) -> list[dict[str, Any]]:
    """The year's public holidays, each with how the venue opens that day."""
    require_staff(ctx)
    wanted = _year(year)
    days = holidays_of(wanted)
    with session_scope() as session:
        opening_hours = dict(load_settings(session).opening_hours)
        set_apart = {
            row.day: row
            for row in session.exec(
                sa.select(HolidayHours).where(
                    HolidayHours.day >= date(wanted, 1, 1), HolidayHours.day <= date(wanted, 12, 31)
                )
            ).scalars()
        }
    rows = []
    for day, name in days:
        row = set_apart.get(day)
        mode = USUAL if row is None else CLOSED if row.closed else SPECIAL
        rows.append(
            {
                "day": day.isoformat(),
                "date_label": formatting.day(day),
                "name": name,
                "mode": mode,
                "mode_label": _(MODE_LABELS[mode]),
                "opens": f"{row.opens:%H:%M}" if row is not None and row.opens else "",
                "closes": f"{row.closes:%H:%M}" if row is not None and row.closes else "",
                "usual": _usual_text(opening_hours, day),
                "past": day < clock.local_now().date(),
            }
        )
    return rows


def holidays_between(first: date, last: date) -> dict[str, dict[str, str]]:
    """{"YYYY-MM-DD": {"name", "mode"}} of the public holidays from `first` to `last`, for the
    calendar; read with the booking rules (cached)."""
    spans = catalog.booking_rules().get("holiday_hours") or {}
    found: dict[str, dict[str, str]] = {}
    for year in range(first.year, last.year + 1):
        for day, name in holidays_of(year):
            if first <= day <= last:
                key = day.isoformat()
                mode = USUAL if key not in spans else CLOSED if spans[key] is None else SPECIAL
                hours = "" if mode != SPECIAL else f"{spans[key][0]}–{spans[key][1]}"
                found[key] = {"name": name, "mode": mode, "label": _(MODE_LABELS[mode]), "hours": hours}
    return found


def _validated(data: Mapping[str, Any]) -> tuple[date, str, Any, Any]:
    errors = FieldErrors()
    day = to_date(data.get("day"))
    if day is None or day not in dict(holidays_of(day.year)):
        raise ValidationFailed({"day": _("Choose one of the public holidays from the list.")})
    if day < clock.local_now().date():
        errors.add("day", _("That holiday has passed; its hours can no longer change."))
    mode = str(data.get("mode") or "")
    if mode not in MODE_LABELS:
        errors.add("mode", _("Choose usual hours, closed or special hours."))
    opens = closes = None
    if mode == SPECIAL:
        opens = parse_time(errors, "opens", data.get("opens"), label=_("Opens"))
        closes = parse_time(errors, "closes", data.get("closes"), label=_("Closes"))
        if opens and closes and closes <= opens:
            errors.add("closes", _("Closing must be after opening."))
    errors.raise_if_any()
    return day, mode, opens, closes


def _active_bookings_on(session: Session, day: date) -> int:
    return session.exec(
        sa.select(sa.func.count(Booking.id)).where(
            Booking.date == day, Booking.status.in_(ACTIVE_BOOKING_STATUSES)
        )
    ).scalar_one()


def _write(session: Session, ctx: RequestContext, choice: tuple[date, str, Any, Any]) -> int:
    """Store the choice for the day and audit it; the day's active bookings are counted."""
    day, mode, opens, closes = choice
    row = (
        session.exec(sa.select(HolidayHours).where(HolidayHours.day == day).with_for_update())
        .scalars()
        .first()
    )
    before = None if row is None else {"closed": row.closed, "opens": row.opens, "closes": row.closes}
    if mode == USUAL:
        if row is not None:
            session.delete(row)
    else:
        row = row or HolidayHours(day=day)
        row.closed = mode == CLOSED
        row.opens, row.closes = opens, closes
        row.updated_by_id = ctx.actor_id
        row.updated_at = clock.now()
        session.add(row)
    session.flush()
    after = None if mode == USUAL else {"closed": mode == CLOSED, "opens": opens, "closes": closes}
    if before != after:
        audit.record(
            session,
            ctx,
            AuditAction.UPDATE,
            ENTITY,
            day.isoformat(),
            {
                "mode": mode,
                "opens": f"{opens:%H:%M}" if opens else None,
                "closes": f"{closes:%H:%M}" if closes else None,
            },
        )
    return _active_bookings_on(session, day)


def set_holiday_hours(ctx: RequestContext, data: Mapping[str, Any]) -> dict[str, Any]:
    """Mark a public holiday closed, with special hours, or back to usual hours (audited).

    Bookings already made for that day stay as they are; the answer says how many there are,
    for the staff to contact the parents.
    """
    require_staff(ctx)
    day, mode, opens, closes = _validated(data)
    try:
        with session_scope() as session:
            bookings = _write(session, ctx, (day, mode, opens, closes))
    except IntegrityError:
        # Another admin set the same holiday at the same moment; theirs stands.
        raise Conflict(_("Someone else changed this holiday at the same moment; please try again.")) from None
    catalog.invalidate_settings()
    return {"day": day.isoformat(), "mode": mode, "bookings": bookings}
