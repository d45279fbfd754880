"""The job queue as the tests see it: the SMTP sink, an admin, the jobs in procrastinate's table."""

import time

import pytest
import sqlalchemy as sa

from tests.support.accounts import make_user
from xplorium.db import session_scope
from xplorium.models.enums import Role
from xplorium.services import mail
from xplorium.services.context import RequestContext


def ctx_for(user) -> RequestContext:
    return RequestContext(
        actor_id=user.id, actor_role=user.role.value, ip="198.51.100.4", user_agent="pytest"
    )


@pytest.fixture(name="sink")
def sink_fixture(clean, smtp_sink):
    smtp_sink.clear()
    yield smtp_sink
    smtp_sink.clear()


@pytest.fixture(name="admin_ctx")
def admin_ctx_fixture(clean) -> RequestContext:
    return ctx_for(make_user(Role.ADMIN, email="desk@xplorium.rs"))


def queued_jobs(task_name: str = "mail.send") -> list[dict]:
    """The jobs waiting in procrastinate's table (the queue a restarted worker would see)."""
    with session_scope() as session:
        rows = session.execute(
            sa.text(
                "SELECT id, status::text AS status, args FROM procrastinate_jobs WHERE task_name = :t ORDER BY id"
            ),
            {"t": task_name},
        ).all()
    return [dict(r._mapping) for r in rows]


def queue_mail(count: int, to: str = "mama@example.com") -> None:
    with session_scope() as session:
        for n in range(count):
            mail.queue(session, to, f"Message {n}", "Hello.")


def fail_one(sink) -> int:
    """A message the server refuses until its attempts run out; returns its job's id."""
    sink.refuse_next(100)
    queue_mail(1, "failing@example.com")
    job_id = queued_jobs()[0]["id"]
    deadline = time.monotonic() + 60
    while queued_jobs()[0]["status"] != "failed" and time.monotonic() < deadline:
        sink.messages()  # runs the queue: each retry waits 1 s in the tests
    sink.refuse_next(0)
    return job_id
