"""Email: queued inside a transaction, sent by SMTP only once that transaction commits.

Delivery runs on a small background pool, so a slow mail server never delays the answer a
parent or an admin is waiting for. With no SMTP host configured (development), messages are
written to the log instead.
"""

import smtplib
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass
from email.message import EmailMessage

import sqlalchemy as sa
import structlog
from sqlmodel import Session

from xplorium.config import settings

log = structlog.get_logger(__name__)

_OUTBOX = "xp_outbox"
SENDER_THREADS = 2

_sender = ThreadPoolExecutor(max_workers=SENDER_THREADS, thread_name_prefix="mail")
_in_flight: set[Future] = set()
_in_flight_lock = threading.Lock()


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def queue(session: Session, to: str, subject: str, body: str) -> None:
    """Send `body` to `to` after the session's transaction commits; never if it rolls back."""
    session.info.setdefault(_OUTBOX, []).append(Mail(to=to, subject=subject, body=body))


def send_now(mail: Mail) -> bool:
    """Deliver one message; a delivery failure is logged and reported, never raised."""
    if not settings.smtp_host:
        # The body carries links (password reset, cancellation): only a developer's own
        # machine may print it, so that the flows can be followed without a mail server.
        body = mail.body if settings.environment == "development" else "[not logged]"
        log.warning("mail_not_sent_no_smtp", subject=mail.subject, body=body)
        return False
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)
        return True
    except (OSError, smtplib.SMTPException) as error:
        log.error("mail_failed", subject=mail.subject, error=type(error).__name__)
        return False


def _forget(future: Future) -> None:
    with _in_flight_lock:
        _in_flight.discard(future)


def send_later(mail: Mail) -> None:
    future = _sender.submit(send_now, mail)
    with _in_flight_lock:
        _in_flight.add(future)
    future.add_done_callback(_forget)


def drain(timeout: float = 30) -> None:
    """Wait until every message handed to the sender so far has been delivered or failed."""
    with _in_flight_lock:
        pending = set(_in_flight)
    wait_futures(pending, timeout=timeout)


@sa.event.listens_for(Session, "after_commit")
def _send_outbox(session: Session) -> None:
    for mail in session.info.pop(_OUTBOX, []):
        send_later(mail)


@sa.event.listens_for(Session, "after_rollback")
def _drop_outbox(session: Session) -> None:
    session.info.pop(_OUTBOX, None)
