"""Without an SMTP server, mail goes to the log — with its links only on a developer's machine."""

import os
import subprocess
import sys
import time

import pytest
from sqlmodel import select

from tests.support.bookings_data import PARENT, party_request
from tests.support.job_queue import queued_jobs
from xplorium.config import settings
from xplorium.db import session_scope
from xplorium.jobs import worker
from xplorium.models import Booking, JobError
from xplorium.services import mail
from xplorium.services.bookings import writing

RESET = {"to": "parent@example.com", "subject": "Reset", "body": "https://x/api/auth/reset?token=SECRET"}


@pytest.fixture
def no_smtp(clean, monkeypatch):
    monkeypatch.setattr(settings, "smtp_host", None)


# The app's loggers are cached on first use, so the log is read where it is written: stderr.
def test_development_logs_the_body_so_flows_can_be_followed(no_smtp, monkeypatch, capfd):
    monkeypatch.setattr(settings, "environment", "development")
    assert mail.deliver("k-dev", **RESET) is False
    assert "SECRET" in capfd.readouterr().err


def test_production_never_logs_the_body(no_smtp, monkeypatch, capfd):
    monkeypatch.setattr(settings, "environment", "production")
    assert mail.deliver("k-prod", **RESET) is False
    logged = capfd.readouterr().err
    assert "mail_not_sent_no_smtp" in logged
    assert "SECRET" not in logged
    assert "parent@example.com" not in logged


# Email is a job deferred in the business transaction: durable once committed, absent after
# a rollback, retried with backoff on SMTP errors, and sent once per idempotency key.
PARENT_EMAIL = "jelena.petrovic@example.com"


def test_a_committed_booking_has_its_confirmation_queued_in_the_database(catalog, sink):
    summary = writing.create_booking(PARENT, party_request(catalog))
    # Before any worker ran: the job is a committed row, so a crash now loses nothing.
    waiting = [job for job in queued_jobs() if job["args"]["to"] == PARENT_EMAIL]
    assert [job["status"] for job in waiting] == ["todo"]
    assert summary["reference"] in waiting[0]["args"]["subject"]
    assert sink.wait_for(PARENT_EMAIL, summary["reference"])
    assert len(sink.to(PARENT_EMAIL)) == 1


def test_a_rolled_back_booking_defers_nothing(catalog, sink, monkeypatch):
    def fail_after_queuing(*_args):
        raise RuntimeError("the booking failed after its email was queued")

    # `summary` runs after mail.queue, inside the booking's transaction.
    monkeypatch.setattr(writing, "summary", fail_after_queuing)
    with pytest.raises(RuntimeError):
        writing.create_booking(PARENT, party_request(catalog))
    with session_scope() as session:
        assert session.exec(select(Booking)).all() == []
    assert queued_jobs() == []
    assert sink.to(PARENT_EMAIL) == []


def test_a_server_that_fails_twice_then_accepts_gets_the_message_once(sink):
    sink.refuse_next(2)
    with session_scope() as session:
        mail.queue(session, "mama@example.com", "Your booking", "See you soon.")
    message = sink.wait_for("mama@example.com", "Your booking", timeout=30)
    assert message.body.strip() == "See you soon."
    assert sink.refused == 2
    assert len(sink.to("mama@example.com")) == 1
    assert queued_jobs() == []  # delivered jobs are not kept (their bodies hold links)


def test_a_message_the_server_keeps_refusing_ends_failed_with_its_error(sink):
    sink.refuse_next(100)
    with session_scope() as session:
        mail.queue(session, "mama@example.com", "Your booking", "See you soon.")
    job_id = queued_jobs()[0]["id"]
    deadline = time.monotonic() + 60
    while queued_jobs()[0]["status"] != "failed" and time.monotonic() < deadline:
        sink.messages()  # runs the queue: each retry waits 1 s in the tests
    assert queued_jobs()[0]["status"] == "failed"
    assert sink.to("mama@example.com") == []
    with session_scope() as session:
        assert "451" in session.get(JobError, job_id).error


def test_a_retry_after_the_server_accepted_does_not_send_again(sink):
    """The worker died after the server took the message but before the job was marked done:
    the retried job finds the message's key and sends nothing."""
    with session_scope() as session:
        mail.queue(session, "mama@example.com", "Your booking", "See you soon.")
    args = queued_jobs()[0]["args"]
    sink.wait_for("mama@example.com", "Your booking")
    assert mail.deliver(**args) is False
    worker.drain()
    assert len(sink.to("mama@example.com")) == 1


def test_the_same_key_is_one_message_and_the_message_id_comes_from_it(sink):
    with session_scope() as session:
        mail.queue(session, "mama@example.com", "Reminder", "Tomorrow.", key="reminder:1")
        mail.queue(session, "mama@example.com", "Reminder", "Tomorrow.", key="reminder:1")
    sink.wait_for("mama@example.com", "Reminder")
    received = sink.to("mama@example.com")
    assert len(received) == 1
    assert received[0].message_id == mail.message_id("reminder:1")


WORK_ONE_MAIL = """
from xplorium.logging import configure_logging
configure_logging()
from xplorium.db import session_scope
from xplorium.jobs import worker
from xplorium.services import mail
with session_scope() as session:
    mail.queue(session, "secret.parent@example.com", "Reset", "https://x/reset?token=SECRET")
worker.drain()
"""


def test_working_the_queue_logs_no_address_and_no_body(sink):
    """As the app logs (its own configuration, at INFO, where procrastinate writes a line per
    job with the job's arguments)."""
    env = {**os.environ, **sink.env, "LOG_LEVEL": "INFO"}
    done = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", WORK_ONE_MAIL], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    logged = done.stdout + done.stderr
    assert sink.messages("secret.parent@example.com", run_queue=False)  # that process sent it
    assert "secret.parent" not in logged
    assert "SECRET" not in logged
