"""What operators see: the queue's figures in GET /api/health, and failed jobs to retry."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.asgi import Client
from tests.support.job_queue import (
    admin_ctx_fixture,  # noqa: F401 - fixture
    ctx_for,
    fail_one,
    queue_mail,
    queued_jobs,
)
from xplorium import formatting, jobs
from xplorium.db import session_scope
from xplorium.jobs import worker
from xplorium.models import AuditLog, JobError
from xplorium.models.base import utcnow
from xplorium.models.enums import Role
from xplorium.services import clock, job_queue, mail
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, Forbidden, NotFound, Unauthenticated


def jobs_check() -> tuple[int, dict]:
    response = Client().get("/api/health")
    return response.status_code, response.json()["checks"]["jobs"]


def test_the_health_figures_move_with_the_queue(sink):
    status, jobs = jobs_check()
    assert status == 200
    assert (jobs["status"], jobs["waiting"], jobs["failed_last_hour"]) == ("ok", 0, 0)
    queue_mail(3)
    status, jobs = jobs_check()
    assert (status, jobs["waiting"]) == (200, 3)
    worker.drain()
    assert jobs_check()[1]["waiting"] == 0
    fail_one(sink)
    assert jobs_check()[1]["failed_last_hour"] == 1


def test_health_is_503_when_no_worker_has_picked_up_a_job_for_too_long(sink):
    queue_mail(1)
    # The job has waited ten minutes (JOBS_STALL_ALARM_SECONDS is five).
    with session_scope() as session:
        session.execute(sa.text("UPDATE procrastinate_events SET at = at - interval '10 minutes'"))
    status, jobs = jobs_check()
    assert status == 503
    assert jobs["status"] == "stalled"
    assert jobs["oldest_waiting_seconds"] >= 600
    worker.drain()
    assert jobs_check()[0] == 200


def test_an_admin_sees_a_failed_job_with_its_error_and_retries_it(sink, admin_ctx):
    job_id = fail_one(sink)
    [row] = job_queue.list_failed(admin_ctx)
    assert row["id"] == job_id
    # When it failed, in the venue's time and the reader's format (it failed a moment ago).
    now = clock.local_now()
    assert row["failed_at"] in {formatting.moment(now), formatting.moment(now - timedelta(minutes=1))}
    assert row["what"] == "to failing@example.com: Message 0"
    assert "451" in row["error"]
    assert "Hello" not in str(row)  # never the body
    job_queue.retry(admin_ctx, str(job_id))
    assert sink.wait_for("failing@example.com", "Message 0")
    assert job_queue.list_failed(admin_ctx) == []
    with session_scope() as session:
        entry = session.exec(select(AuditLog).where(AuditLog.action == "RETRY")).one()
    assert (entry.entity, entry.entity_id, entry.actor_id) == ("job", str(job_id), admin_ctx.actor_id)


def test_failed_jobs_are_refused_to_anonymous_and_user_sessions(sink):
    job_id = fail_one(sink)
    parent = ctx_for(make_user(Role.USER))
    for ctx, error in ((RequestContext(), Unauthenticated), (parent, Forbidden)):
        with pytest.raises(error):
            job_queue.list_failed(ctx)
        with pytest.raises(error):
            job_queue.retry(ctx, job_id)
    assert [job["status"] for job in queued_jobs()] == ["failed"]


@pytest.mark.parametrize("bad_id", ["x", None, True, 3.5, {"id": 1}, "999999"])
def test_a_bad_job_id_is_not_found_and_changes_nothing(admin_ctx, bad_id):
    with pytest.raises(NotFound):
        job_queue.retry(admin_ctx, bad_id)


def test_only_a_failed_job_can_be_retried(sink, admin_ctx):
    queue_mail(1)
    with pytest.raises(Conflict):
        job_queue.retry(admin_ctx, queued_jobs()[0]["id"])


def test_a_job_scheduled_for_later_waits_for_its_time(sink):
    with session_scope() as session:
        jobs.defer(
            session,
            mail.SEND_TASK,
            schedule_at=utcnow() + timedelta(hours=1),
            key="later",
            to="later@example.com",
            subject="Later",
            body="",
        )
    worker.drain()
    assert [job["status"] for job in queued_jobs()] == ["todo"]
    assert jobs_check()[1]["waiting"] == 0  # not ready yet: no worker is late for it
    assert sink.to("later@example.com") == []


def test_an_error_is_forgotten_once_a_later_attempt_succeeds(sink):
    sink.refuse_next(1)
    queue_mail(1)
    sink.wait_for("mama@example.com", "Message 0", timeout=30)
    with session_scope() as session:
        assert session.exec(select(JobError)).all() == []
