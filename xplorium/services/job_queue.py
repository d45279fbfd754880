"""What operators see of the job queue: health figures, failed jobs, and retrying one.

On PostgreSQL these read procrastinate's tables; on the in-memory queue (SQLite) its rows.
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import structlog
from procrastinate import sql as procrastinate_sql

from xplorium import formatting
from xplorium.config import settings
from xplorium.db import session_scope
from xplorium.i18n import _
from xplorium.jobs.app import app, uses_memory_queue
from xplorium.models import JobError
from xplorium.models.enums import AuditAction
from xplorium.models.jobs import ERROR_MAX
from xplorium.services import audit, clock
from xplorium.services.authz import require_staff
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, NotFound

log = structlog.get_logger(__name__)

FAILED_WINDOW = timedelta(hours=1)
FAILED_LIST_MAX = 100
# Events after which a job waits to be picked up.
READY_EVENTS = ("deferred", "deferred_for_retry", "retried")

# The queue's timestamps are the database's NOW(), so its clock measures them.
_FIGURES_SQL = sa.text(
    """
    WITH ready AS (
        SELECT COALESCE(j.scheduled_at,
                        (SELECT MAX(e.at) FROM procrastinate_events e
                          WHERE e.job_id = j.id AND e.type::text = ANY(:ready_events))) AS since
          FROM procrastinate_jobs j
         WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= NOW())
    )
    SELECT (SELECT COUNT(*) FROM ready) AS waiting,
           COALESCE((SELECT EXTRACT(EPOCH FROM NOW() - MIN(since)) FROM ready), 0) AS oldest_age,
           (SELECT COUNT(*) FROM procrastinate_jobs WHERE status = 'doing') AS running,
           (SELECT COUNT(*) FROM procrastinate_events
             WHERE type = 'failed' AND at > NOW() - make_interval(secs => :failed_window)) AS failed_last_hour,
           (SELECT COUNT(*) FROM procrastinate_workers
             WHERE last_heartbeat > NOW() - make_interval(secs => :alive_window)) AS workers
    """
)

_FAILED_SQL = sa.text(
    """
    SELECT j.id, j.task_name, j.attempts, j.args, err.error,
           (SELECT MAX(e.at) FROM procrastinate_events e WHERE e.job_id = j.id AND e.type = 'failed') AS failed_at
      FROM procrastinate_jobs j
      LEFT JOIN job_errors err ON err.job_id = j.id
     WHERE j.status = 'failed'
     ORDER BY failed_at DESC NULLS LAST, j.id DESC
     LIMIT :limit
    """
)


def _memory_figures() -> dict:
    connector, now = app.connector, clock.real_now()
    ages, running, failed = [], 0, 0
    for job_id, row in list(connector.jobs.items()):
        events = connector.events.get(job_id, [])
        failed += sum(1 for e in events if e["type"] == "failed" and e["at"] > now - FAILED_WINDOW)
        running += row["status"] == "doing"
        if row["status"] == "todo" and (row["scheduled_at"] is None or row["scheduled_at"] <= now):
            since = row["scheduled_at"] or max(
                (e["at"] for e in events if e["type"] in READY_EVENTS), default=now
            )
            ages.append((now - since).total_seconds())
    alive = now - timedelta(seconds=settings.jobs_stalled_seconds)
    return {
        "waiting": len(ages),
        "oldest_age": max(ages, default=0),
        "running": running,
        "failed_last_hour": failed,
        "workers": sum(1 for beat in connector.workers.values() if beat > alive),
    }


def figures() -> dict:
    """Jobs ready and waiting, the oldest one's age, running, failed in the last hour, live workers.

    `stalled`: a ready job has waited longer than JOBS_STALL_ALARM_SECONDS, so no worker is
    picking jobs up.
    """
    if uses_memory_queue():
        row = _memory_figures()
    else:
        with session_scope() as session:
            params = {
                "ready_events": list(READY_EVENTS),
                "failed_window": FAILED_WINDOW.total_seconds(),
                "alive_window": settings.jobs_stalled_seconds,
            }
            row = dict(session.execute(_FIGURES_SQL, params).one()._mapping)
    age = max(0.0, float(row.pop("oldest_age")))
    return {
        **{name: int(value) for name, value in row.items()},
        "oldest_waiting_seconds": round(age, 1),
        "stalled": age > settings.jobs_stall_alarm_seconds,
    }


def record_error(job_id: int, task_name: str, error: BaseException) -> None:
    """Keep the last error of job `job_id` (a failure to record it is logged, never raised)."""
    text = f"{type(error).__name__}: {error}"[:ERROR_MAX]
    try:
        with session_scope() as session:
            row = session.get(JobError, job_id) or JobError(job_id=job_id, task_name=task_name, error=text)
            row.error, row.at = text, clock.real_now()
            session.add(row)
    except sa.exc.SQLAlchemyError:
        log.exception("job_error_not_recorded", job_id=job_id)


def forget_error(job_id: int) -> None:
    """Job `job_id` succeeded after failed attempts: its last error is history."""
    try:
        with session_scope() as session:
            session.execute(sa.delete(JobError).where(JobError.job_id == job_id))
    except sa.exc.SQLAlchemyError:
        log.exception("job_error_not_forgotten", job_id=job_id)


def _describe(task_name: str, args: dict) -> str:
    # What the job was for, without its body (mail bodies carry links and personal details).
    if "to" in args:
        return _("to {to}: {get}").format(to=args["to"], get=args.get("subject", ""))
    return ", ".join(f"{k}={v}" for k, v in args.items() if k != "body")[:200]


def _row(job_id, task_name, attempts, args, error, failed_at) -> dict:
    return {
        "id": int(job_id),
        "task": task_name,
        "attempts": int(attempts),
        "what": _describe(task_name, args or {}),
        "error": error or "",
        "failed_at": formatting.moment(failed_at.astimezone(clock.VENUE_TZ)) if failed_at else "",
    }


def _memory_failed(session) -> list[tuple]:
    """The in-memory queue's failed jobs as _FAILED_SQL's rows, newest failure first."""
    connector = app.connector
    rows = []
    for job in list(connector.jobs.values()):
        if job["status"] == "failed":
            events = connector.events.get(job["id"], [])
            failed_at = max((e["at"] for e in events if e["type"] == "failed"), default=None)
            rows.append([job["id"], job["task_name"], job["attempts"], job["args"], None, failed_at])
    rows.sort(key=lambda row: (row[5] or datetime.min.replace(tzinfo=UTC), row[0]), reverse=True)
    rows = rows[:FAILED_LIST_MAX]
    errors = dict(session.execute(sa.select(JobError.job_id, JobError.error)).all())
    for row in rows:
        row[4] = errors.get(row[0])
    return rows


def list_failed(ctx: RequestContext) -> list[dict]:
    """The most recent failed jobs with their last error (ADMIN and SUPER_ADMIN)."""
    require_staff(ctx)
    with session_scope() as session:
        if uses_memory_queue():
            rows = _memory_failed(session)
        else:
            rows = session.execute(_FAILED_SQL, {"limit": FAILED_LIST_MAX}).all()
        return [_row(*row) for row in rows]


def retry(ctx: RequestContext, job_id: object) -> dict:
    """Put failed job `job_id` back in the queue now; audited (ADMIN and SUPER_ADMIN)."""
    require_staff(ctx)
    text = str(job_id).strip() if isinstance(job_id, int | str) and not isinstance(job_id, bool) else ""
    if not text.isdecimal() or len(text) > 18:
        raise NotFound(_("Job not found."))
    key = int(text)
    with session_scope() as session:
        if uses_memory_queue():
            job = app.connector.jobs.get(key)
            status, task_name = (job["status"], job["task_name"]) if job else (None, None)
        else:
            found = session.execute(
                sa.text("SELECT status::text, task_name FROM procrastinate_jobs WHERE id = :id FOR UPDATE"),
                {"id": key},
            ).first()
            status, task_name = found if found else (None, None)
        if status is None:
            raise NotFound(_("Job not found."))
        if status != "failed":
            raise Conflict(_("Only a failed job can be retried."))
        audit.record(session, ctx, AuditAction.RETRY, "job", key, {"task": task_name})
        arguments = {
            "job_id": key,
            "retry_at": clock.real_now(),
            "new_priority": None,
            "new_queue_name": None,
            "new_lock": None,
        }
        if uses_memory_queue():
            app.job_manager.retry_job_by_id(key, retry_at=arguments["retry_at"])
        else:
            # procrastinate's own statement, in this transaction: the retry and its audit entry commit together.
            with session.connection().connection.dbapi_connection.cursor() as cursor:
                cursor.execute(procrastinate_sql.queries["retry_job"], arguments)
    log.info("job_retried", job_id=key, task=task_name)
    return {"id": key, "task": task_name}
