"""The procrastinate app, its connector, and the one way to defer a job.

On PostgreSQL jobs are rows of procrastinate's tables (schema from Alembic 0004): `defer`
inserts them through the SQLAlchemy session's own connection, so they commit or roll back
with the booking that caused them, and any number of workers share them. On SQLite (the
newcomer default) the queue is procrastinate's in-memory connector, worked by the app's own
process: jobs are handed to it when the transaction commits and are lost if the process dies.

Scheduled work registers with `periodic`; a module that does must be listed in TASK_MODULES
so that every worker imports it, e.g. for the rooms' timed holds:

    @periodic(cron="* * * * *", name="expire_holds")
    def expire_holds(timestamp: int) -> None:
        holds.expire_due(clock.now())
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import procrastinate
import sqlalchemy as sa
from procrastinate.manager import JobManager
from procrastinate.sync_psycopg_connector import SyncPsycopgConnector
from procrastinate.testing import InMemoryConnector
from sqlalchemy.engine import make_url
from sqlmodel import Session

from xplorium.config import settings

TASK_MODULES = ["xplorium.jobs.tasks"]
# procrastinate's own tables (PostgreSQL only), made by its schema, not by the models.
QUEUE_TABLES = frozenset(
    {"procrastinate_jobs", "procrastinate_events", "procrastinate_periodic_defers", "procrastinate_workers"}
)
_PENDING = "xp_pending_jobs"


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL as libpq (psycopg) spells it."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _connector() -> procrastinate.BaseConnector:
    if settings.is_sqlite:
        return InMemoryConnector()
    return procrastinate.PsycopgConnector(
        conninfo=libpq_url(settings.database_url), min_size=1, max_size=settings.jobs_concurrency + 2
    )


app = procrastinate.App(connector=_connector(), import_paths=TASK_MODULES)

# Defers through a connection the caller owns (the session's), never through a pool of its own.
_in_transaction = JobManager(SyncPsycopgConnector())


def uses_memory_queue() -> bool:
    return isinstance(app.connector, InMemoryConnector)


def defer(
    session: Session,
    task_name: str,
    *,
    lock: str | None = None,
    queueing_lock: str | None = None,
    schedule_at: datetime | None = None,
    **kwargs: Any,
) -> None:
    """Queue `task_name(**kwargs)` as part of `session`'s transaction: a rollback queues nothing.

    `lock`: jobs holding the same lock run one at a time, in order. `queueing_lock`: at most
    one waiting job holds it (a second defer raises AlreadyEnqueued). `schedule_at` (UTC-aware):
    not before then (e.g. the end of a timed hold).
    """
    options = {"lock": lock, "queueing_lock": queueing_lock, "schedule_at": schedule_at}
    job = app.configure_task(task_name, **options).make_new_job(**kwargs)
    if uses_memory_queue():
        session.info.setdefault(_PENDING, []).append(job)
        return
    _in_transaction.defer_job(job, connection=session.connection().connection.dbapi_connection)


@sa.event.listens_for(Session, "after_commit")
def _hand_over(session: Session) -> None:
    for job in session.info.pop(_PENDING, []):
        app.job_manager.defer_job(job)


@sa.event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_PENDING, None)


def periodic(*, cron: str, name: str, **task_options: Any) -> Callable:
    """A task run on the `cron` schedule (a 6th field gives seconds), once per tick across workers.

    The function receives `timestamp` (the tick, Unix seconds). A tick still waiting when the
    next comes is not queued twice (queueing lock). With JOBS_PERIODIC=false the task exists
    but nothing schedules it.
    """

    def register(function: Callable) -> Callable:
        task = app.task(name=name, queueing_lock=name, **task_options)(function)
        return app.periodic(cron=cron)(task) if settings.jobs_periodic else task

    return register
