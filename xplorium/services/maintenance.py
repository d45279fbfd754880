"""The maintenance log: jobs on the venue's equipment, their status, and the rooms they close.

A job in a room may take the room out of use (`closes_room`): while it is scheduled or in
progress it holds a room closure for its window (services/rooms.py), so the database
refuses bookings then, and refuses the closure where something already holds that time.
The staff are shown what is in the way before saving (`in_the_way`) and decide.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium import formatting
from xplorium.constants import PAGE_SIZE_DEFAULT
from xplorium.db import session_scope
from xplorium.i18n import N_, _
from xplorium.models import MaintenanceJob
from xplorium.models.enums import (
    AuditAction,
    MaintenanceArea,
    MaintenanceKind,
    MaintenancePriority,
    MaintenanceStatus,
)
from xplorium.services import audit, clock, rooms
from xplorium.services.authz import require_staff
from xplorium.services.bookings import places
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, ValidationFailed
from xplorium.services.exports import ExportFile, csv_file
from xplorium.services.lookup import contains_text, get_or_not_found
from xplorium.services.pagination import Page, paginate
from xplorium.services.parsing import parse_amount, parse_date, parse_time
from xplorium.services.sanitize import clean_text, required_text

ENTITY = "maintenance_job"
S = MaintenanceStatus
# The one place that says which status may follow which.
TRANSITIONS: Mapping[MaintenanceStatus, frozenset[MaintenanceStatus]] = {
    S.SCHEDULED: frozenset({S.IN_PROGRESS, S.COMPLETED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
# A job still to be done: it holds its room (when it closes it) and can be overdue.
OPEN_STATUSES = tuple(status for status, following in TRANSITIONS.items() if following)

KIND_LABELS = {
    MaintenanceKind.PREVENTIVE: N_("Preventive"),
    MaintenanceKind.REPAIR: N_("Repair"),
    MaintenanceKind.INSPECTION: N_("Inspection"),
    MaintenanceKind.CLEANING: N_("Cleaning"),
    MaintenanceKind.UPGRADE: N_("Upgrade"),
}
STATUS_LABELS = {
    S.SCHEDULED: N_("Scheduled"),
    S.IN_PROGRESS: N_("In progress"),
    S.COMPLETED: N_("Completed"),
    S.CANCELLED: N_("Cancelled"),
}
PRIORITY_LABELS = {
    MaintenancePriority.LOW: N_("Low"),
    MaintenancePriority.NORMAL: N_("Normal"),
    MaintenancePriority.HIGH: N_("High"),
    MaintenancePriority.URGENT: N_("Urgent"),
}
AREA_LABELS = {MaintenanceArea.GENERAL: N_("General"), MaintenanceArea.EXTERIOR: N_("Exterior")}
HOME_DAYS_AHEAD = 7
HOME_LIMIT = 5
TEXT_MAX = 2000
CSV_COLUMNS = (
    "id",
    "equipment",
    "location",
    "closes_room",
    "type",
    "status",
    "priority",
    "scheduled_on",
    "from",
    "until",
    "completed_on",
    "cost_rsd",
    "performed_by",
    "description",
    "notes",
)


def next_statuses(status: MaintenanceStatus) -> list[str]:
    return sorted(s.value for s in TRANSITIONS[status])


def check_transition(current: MaintenanceStatus, wanted: MaintenanceStatus) -> None:
    """Refuse a status change the transition table does not allow."""
    if wanted not in TRANSITIONS[current]:
        raise ValidationFailed(
            {
                "status": _("A job that is {current} cannot become {wanted}.").format(
                    current=_(STATUS_LABELS[current]).lower(), wanted=_(STATUS_LABELS[wanted]).lower()
                )
            },
            _("That status change is not allowed."),
        )


# ---------------------------------------------------------------- reading


def _location(job: MaintenanceJob, names: Mapping[int, str]) -> str:
    if job.room_id is not None:
        return names.get(job.room_id, "")
    return _(AREA_LABELS[MaintenanceArea(job.area)])


def _when(job: MaintenanceJob) -> str:
    label = f"{job.scheduled_on:%d.%m.%Y}"
    if job.starts_time is not None:
        label += f" {job.starts_time:%H:%M}–{job.ends_time:%H:%M}"
    return label


def _window_end(job: MaintenanceJob) -> datetime:
    return (
        datetime.combine(job.scheduled_on, job.ends_time)
        if job.ends_time
        else datetime.combine(job.scheduled_on + timedelta(days=1), time())
    )


def is_overdue(job: MaintenanceJob, now: datetime) -> bool:
    """Still open after its window ended."""
    return MaintenanceStatus(job.status) in OPEN_STATUSES and _window_end(job) <= now


def job_dict(
    job: MaintenanceJob, names: Mapping[int, str] | None = None, now: datetime | None = None
) -> dict:
    names = names if names is not None else {r["id"]: r["name"] for r in rooms.all_rooms()}
    status = MaintenanceStatus(job.status)
    return {
        "id": job.id,
        "equipment": job.equipment,
        "location": (str(job.room_id) if job.room_id is not None else MaintenanceArea(job.area).value),
        "location_label": _location(job, names),
        "closes_room": bool(job.closes_room),
        "description": job.description,
        "kind": MaintenanceKind(job.kind).value,
        "kind_label": _(KIND_LABELS[MaintenanceKind(job.kind)]),
        "status": status.value,
        "status_label": _(STATUS_LABELS[status]),
        "priority": MaintenancePriority(job.priority).value,
        "priority_label": _(PRIORITY_LABELS[MaintenancePriority(job.priority)]),
        "scheduled_on": job.scheduled_on.isoformat(),
        "starts_time": f"{job.starts_time:%H:%M}" if job.starts_time else "",
        "ends_time": f"{job.ends_time:%H:%M}" if job.ends_time else "",
        "when": _when(job),
        "completed_on": job.completed_on.isoformat() if job.completed_on else "",
        "cost_rsd": "" if job.cost_rsd is None else str(job.cost_rsd),
        "cost_label": "" if job.cost_rsd is None else formatting.money(job.cost_rsd),
        "performed_by": job.performed_by,
        "notes": job.notes,
        "next_statuses": next_statuses(status),
        "overdue": is_overdue(job, now or local_now().replace(tzinfo=None)),
    }


def _filtered(status: object = None, kind: object = None, search: object = "") -> sa.Select:
    statement = select(MaintenanceJob)
    if status:
        statement = statement.where(MaintenanceJob.status == _enum(MaintenanceStatus, status, "status"))
    if kind:
        statement = statement.where(MaintenanceJob.kind == _enum(MaintenanceKind, kind, "kind"))
    text = clean_text(search, max_length=100)
    if text:
        statement = statement.where(
            contains_text(
                text, MaintenanceJob.equipment, MaintenanceJob.description, MaintenanceJob.performed_by
            )
        )
    return statement.order_by(MaintenanceJob.scheduled_on.desc(), MaintenanceJob.id.desc())


def list_jobs(
    ctx: RequestContext,
    *,
    status: object = None,
    kind: object = None,
    search: object = "",
    page: object = 1,
    page_size: object = PAGE_SIZE_DEFAULT,
) -> Page[dict]:
    require_staff(ctx)
    names = {r["id"]: r["name"] for r in rooms.all_rooms()}
    now = local_now().replace(tzinfo=None)
    with session_scope() as session:
        return paginate(
            session,
            _filtered(status, kind, search),
            page,
            page_size,
            mapper=lambda j: job_dict(j, names, now),
        )


def get_job(ctx: RequestContext, job_id: object) -> dict:
    require_staff(ctx)
    with session_scope() as session:
        return job_dict(get_or_not_found(session, MaintenanceJob, job_id, _("That job does not exist.")))


def home_summary(ctx: RequestContext) -> dict:
    """{overdue, upcoming}: open jobs whose window has ended, and those of the coming week."""
    require_staff(ctx)
    now = local_now().replace(tzinfo=None)
    names = {r["id"]: r["name"] for r in rooms.all_rooms()}
    with session_scope() as session:
        jobs = session.exec(
            select(MaintenanceJob)
            .where(
                MaintenanceJob.status.in_(OPEN_STATUSES),
                MaintenanceJob.scheduled_on <= now.date() + timedelta(days=HOME_DAYS_AHEAD),
            )
            .order_by(MaintenanceJob.scheduled_on, MaintenanceJob.starts_time, MaintenanceJob.id)
        ).all()
        rows = [job_dict(job, names, now) for job in jobs]
    overdue = [row for row in rows if row["overdue"]]
    upcoming = [row for row in rows if not row["overdue"]]
    return {
        "overdue": overdue[:HOME_LIMIT],
        "overdue_count": len(overdue),
        "upcoming": upcoming[:HOME_LIMIT],
        "upcoming_count": len(upcoming),
    }


# ---------------------------------------------------------------- validating


def _enum(enum, value: object, field: str):
    try:
        return enum(str(value).upper())
    except ValueError:
        raise ValidationFailed({field: _("Choose one of the options.")}) from None


@dataclass(frozen=True)
class _Window:
    room_id: int
    day: date
    starts: time | None
    ends: time | None

    @property
    def span(self) -> tuple[datetime, datetime]:
        if self.starts is None:
            return datetime.combine(self.day, time()), datetime.combine(self.day + timedelta(days=1), time())
        return datetime.combine(self.day, self.starts), datetime.combine(self.day, self.ends)


def _choice(errors: FieldErrors, enum, value: object, field: str, default=None):
    text = str(value or "").strip().upper()
    if not text and default is not None:
        return default
    try:
        return enum(text)
    except ValueError:
        errors.add(field, _("Choose one of the options."))
        return None


def _validate(data: Mapping) -> dict:
    errors = FieldErrors()
    values: dict = {
        "equipment": required_text(
            errors, "equipment", data.get("equipment"), max_length=200, label=_("Equipment")
        ),
        "description": required_text(
            errors, "description", data.get("description"), max_length=TEXT_MAX, label=_("Description")
        ),
        "kind": _choice(errors, MaintenanceKind, data.get("kind"), "kind"),
        "priority": _choice(
            errors, MaintenancePriority, data.get("priority"), "priority", default=MaintenancePriority.NORMAL
        ),
        "scheduled_on": parse_date(errors, "scheduled_on", data.get("scheduled_on"), label=_("Date")),
        "performed_by": clean_text(data.get("performed_by"), max_length=200),
        "notes": clean_text(data.get("notes"), max_length=TEXT_MAX, multiline=True),
        "closes_room": data.get("closes_room") in (True, "on", "true", "1", "yes"),
    }
    location = str(data.get("location") or "").strip().upper()
    values["room_id"] = None
    if location in (MaintenanceArea.GENERAL, MaintenanceArea.EXTERIOR):
        values["area"] = MaintenanceArea(location)
    elif rooms.room_by_id(location) is not None:
        values["area"], values["room_id"] = MaintenanceArea.ROOM, int(location)
    else:
        errors.add("location", _("Choose a room or an area."))
    if values["closes_room"] and values["room_id"] is None and "location" not in errors.errors:
        errors.add("closes_room", _("Only a job in a room can close it."))

    starts_text, ends_text = (
        str(data.get("starts_time") or "").strip(),
        str(data.get("ends_time") or "").strip(),
    )
    values["starts_time"] = values["ends_time"] = None
    if starts_text or ends_text:
        starts = parse_time(errors, "starts_time", starts_text, label=_("From"))
        ends = parse_time(errors, "ends_time", ends_text, label=_("Until"))
        if starts and ends and ends <= starts:
            errors.add("ends_time", _("The end must be after the start."))
        values["starts_time"], values["ends_time"] = starts, ends

    cost = str(data.get("cost_rsd") or "").strip()
    values["cost_rsd"] = parse_amount(errors, "cost_rsd", cost, label=_("Cost")) if cost else None
    completed = str(data.get("completed_on") or "").strip()
    values["completed_on"] = (
        parse_date(errors, "completed_on", completed, label=_("Completed on")) if completed else None
    )
    errors.raise_if_any()
    return values


def _window(values: Mapping) -> _Window | None:
    if not values["closes_room"]:
        return None
    return _Window(values["room_id"], values["scheduled_on"], values["starts_time"], values["ends_time"])


def _check_not_past(window: _Window | None) -> None:
    if window is not None and window.span[1] <= local_now().replace(tzinfo=None):
        raise ValidationFailed({"closes_room": _("That time has passed: a past job cannot close the room.")})


# ---------------------------------------------------------------- writing


def in_the_way(ctx: RequestContext, data: Mapping, job_id: object = None) -> list[str]:
    """What already holds the room in the window the job would close (empty: nothing, or it
    closes no room), for the staff to see before saving."""
    require_staff(ctx)
    window = _window(_validate(data))
    if window is None:
        return []
    with session_scope() as session:
        own = session.get(MaintenanceJob, int(job_id)) if job_id not in (None, "", 0) else None
        return rooms.in_the_way(
            session, window.room_id, *window.span, except_closure=own.closure_id if own else None
        )


def _reason(job: MaintenanceJob) -> str:
    return _("Maintenance: {equipment}").format(equipment=job.equipment)


def _sync_closure(session: Session, ctx: RequestContext, job: MaintenanceJob) -> None:
    """The job's closure as its values say: held while it is open and closes its room."""
    if job.closure_id is not None:
        rooms.drop_closure(session, ctx, job.closure_id)
        job.closure_id = None
    if job.closes_room and MaintenanceStatus(job.status) in OPEN_STATUSES:
        closure = rooms.hold_window(
            session, ctx, job.room_id, job.scheduled_on, job.starts_time, job.ends_time, _reason(job)
        )
        job.closure_id = closure.id
    session.add(job)
    session.flush()


def _refused(values: Mapping, job_id: int | None) -> Conflict:
    """The room was taken in the window: say by what (read again, after the rollback)."""
    window = _window(values)
    with session_scope() as session:
        own = session.get(MaintenanceJob, job_id) if job_id else None
        blocking = rooms.in_the_way(
            session, window.room_id, *window.span, except_closure=own.closure_id if own else None
        )
    return Conflict(
        _(
            "The room is already booked in that time: {what}. Move or cancel these first, or save the job "
            "without closing the room."
        ).format(what="; ".join(blocking)),
        details={"in_the_way": blocking},
    )


def _audit_values(values: Mapping) -> dict:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in values.items()} | {
        key: str(values[key]) if values[key] is not None else None
        for key in ("scheduled_on", "starts_time", "ends_time", "completed_on", "cost_rsd")
    }


def create_job(ctx: RequestContext, data: Mapping) -> dict:
    """Log a new job (scheduled); one that closes its room holds it for its window."""
    actor = require_staff(ctx)
    values = _validate(data)
    _check_not_past(_window(values))
    try:
        with session_scope() as session:
            job = MaintenanceJob(**values, status=MaintenanceStatus.SCHEDULED, created_by=actor)
            session.add(job)
            session.flush()
            _sync_closure(session, ctx, job)
            audit.record(session, ctx, AuditAction.CREATE, ENTITY, job.id, _audit_values(values))
            return job_dict(job)
    except IntegrityError as error:
        if not places.is_full(error):
            raise
        raise _refused(values, None) from error


def update_job(ctx: RequestContext, job_id: object, data: Mapping) -> dict:
    """Change a job's details (not its status); its closure moves with its window."""
    require_staff(ctx)
    values = _validate(data)
    try:
        with session_scope() as session:
            job = get_or_not_found(session, MaintenanceJob, job_id, _("That job does not exist."), lock=True)
            before = _audit_values({key: getattr(job, key) for key in values})
            window_before = (job.closes_room, job.room_id, job.scheduled_on, job.starts_time, job.ends_time)
            for key, value in values.items():
                setattr(job, key, value)
            job.updated_at = clock.now()
            window_after = (job.closes_room, job.room_id, job.scheduled_on, job.starts_time, job.ends_time)
            if window_after != window_before:
                if MaintenanceStatus(job.status) in OPEN_STATUSES:
                    _check_not_past(_window(values))
                _sync_closure(session, ctx, job)
            session.add(job)
            audit.record(
                session, ctx, AuditAction.UPDATE, ENTITY, job.id, audit.diff(before, _audit_values(values))
            )
            return job_dict(job)
    except IntegrityError as error:
        if not places.is_full(error):
            raise
        raise _refused(values, int(job_id)) from error


def change_status(ctx: RequestContext, job_id: object, status: object) -> dict:
    """Move a job on as TRANSITIONS allows; a finished or cancelled job gives its room back."""
    require_staff(ctx)
    wanted = _enum(MaintenanceStatus, status, "status")
    with session_scope() as session:
        job = get_or_not_found(session, MaintenanceJob, job_id, _("That job does not exist."), lock=True)
        current = MaintenanceStatus(job.status)
        check_transition(current, wanted)
        job.status = wanted
        if wanted == MaintenanceStatus.COMPLETED and job.completed_on is None:
            job.completed_on = local_now().date()
        job.updated_at = clock.now()
        if wanted not in OPEN_STATUSES:
            _sync_closure(session, ctx, job)
        audit.record(
            session,
            ctx,
            AuditAction.UPDATE,
            ENTITY,
            job.id,
            {"status": {"from": current.value, "to": wanted.value}},
        )
        return job_dict(job)


# ---------------------------------------------------------------- export


def maintenance_csv(ctx: RequestContext, data: Mapping | None = None) -> ExportFile:
    """Every job (or those of the status/type filters) as CSV; audited as EXPORT."""
    require_staff(ctx)
    data = data or {}
    names = {r["id"]: r["name"] for r in rooms.all_rooms()}
    with session_scope() as session:
        jobs = session.exec(_filtered(data.get("status"), data.get("kind"), data.get("q", ""))).all()
        file = csv_file(
            "xplorium-maintenance.csv",
            CSV_COLUMNS,
            (
                (
                    job.id,
                    job.equipment,
                    _location(job, names),
                    "yes" if job.closes_room else "no",
                    MaintenanceKind(job.kind).value,
                    MaintenanceStatus(job.status).value,
                    MaintenancePriority(job.priority).value,
                    job.scheduled_on.isoformat(),
                    f"{job.starts_time:%H:%M}" if job.starts_time else "",
                    f"{job.ends_time:%H:%M}" if job.ends_time else "",
                    job.completed_on.isoformat() if job.completed_on else "",
                    "" if job.cost_rsd is None else str(job.cost_rsd),
                    job.performed_by,
                    job.description,
                    job.notes,
                )
                for job in jobs
            ),
        )
        audit.record(session, ctx, AuditAction.EXPORT, ENTITY, None, {"format": "csv", "count": file.count})
    return file


def room_options() -> list[dict[str, str]]:
    """Where a job can be: every room, then the general and exterior areas (select options)."""
    return [{"value": str(r["id"]), "label": r["name"]} for r in rooms.all_rooms()] + [
        {"value": area.value, "label": _(label)} for area, label in AREA_LABELS.items()
    ]
