"""Email: queued as a job inside the caller's transaction, delivered by the job worker.

A rolled-back transaction sends nothing; a committed one is delivered even if the process
dies right after the commit. Each message carries an idempotency key: it is its Message-ID,
and once the mail server has accepted it the key is recorded, so a retried job skips it.
With no SMTP host configured (development), messages are written to the log instead.
"""

import hashlib
import secrets
import smtplib
from collections.abc import Mapping
from email.message import EmailMessage

import structlog
from sqlmodel import Session

from xplorium import jobs
from xplorium.config import settings
from xplorium.db import session_scope
from xplorium.models import MailDelivery
from xplorium.services import ips_qr

log = structlog.get_logger(__name__)

SEND_TASK = "mail.send"
MESSAGE_ID_DOMAIN = "xplorium.rs"


class MailNotSent(Exception):
    """The mail server refused or could not be reached; the job retries with backoff."""


def queue(
    session: Session,
    to: str,
    subject: str,
    body: str,
    key: str | None = None,
    qr_codes: list[tuple[str, str]] | None = None,
) -> None:
    """Send `body` to `to` once the session's transaction commits; never if it rolls back.

    `key` (optional) names the message for good: a second message with the same key is
    not sent. By default every call is a message of its own. `qr_codes`: (file name, text)
    pairs attached as QR code PNGs, drawn when the message is sent (the job stays small).
    """
    key = key or secrets.token_hex(16)
    extra = {"qr_codes": [list(pair) for pair in qr_codes]} if qr_codes else {}
    # One job at a time per key (procrastinate's lock): a second message with the key waits
    # for the first and then finds it sent.
    jobs.defer(session, SEND_TASK, lock=f"mail:{key}", key=key, to=to, subject=subject, body=body, **extra)


def message_id(key: str) -> str:
    """The Message-ID of the message with idempotency key `key`: the same for every resend."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{MESSAGE_ID_DOMAIN}>"


def _already_sent(key: str) -> bool:
    with session_scope() as session:
        return session.get(MailDelivery, key) is not None


def _record_sent(key: str) -> None:
    with session_scope() as session:
        if session.get(MailDelivery, key) is None:
            session.add(MailDelivery(key=key))


def _send(message: EmailMessage) -> None:
    """Over SMTP; MailNotSent on a refusal or a connection failure."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.error("mail_failed", subject=message["Subject"], error=type(error).__name__)
        raise MailNotSent(f"{type(error).__name__}: {error}"[:500]) from error


def deliver(
    key: str,
    to: str,
    subject: str,
    body: str,
    qr_codes: list | None = None,
    headers: Mapping[str, str] | None = None,
) -> bool:
    """Hand one message to the mail server unless it was already; True when it was sent now.

    `headers`: extra header lines (a campaign's List-Unsubscribe).
    Raises MailNotSent on a refusal or a connection failure (the job is retried).
    """
    if _already_sent(key):
        log.info("mail_already_sent", subject=subject)
        return False
    if not settings.smtp_host:
        # The body carries links (password reset, cancellation): only a developer's own
        # machine may print it, so that the flows can be followed without a mail server.
        logged = body if settings.environment == "development" else "[not logged]"
        log.warning("mail_not_sent_no_smtp", subject=subject, body=logged)
        _record_sent(key)
        return False
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    # The same Message-ID on a resend lets mailboxes show the message once.
    message["Message-ID"] = message_id(key)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, text in qr_codes or ():
        message.add_attachment(ips_qr.qr_png(text), maintype="image", subtype="png", filename=filename)
    _send(message)
    _record_sent(key)
    return True
