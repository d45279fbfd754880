"""Without an SMTP server, mail goes to the log — with its links only on a developer's machine."""

import pytest

from xplorium.config import settings
from xplorium.services.mail import Mail, send_now

RESET_MAIL = Mail(to="parent@example.com", subject="Reset", body="https://x/api/auth/reset?token=SECRET")


@pytest.fixture
def no_smtp(monkeypatch):
    monkeypatch.setattr(settings, "smtp_host", None)


# The app's loggers are cached on first use, so the log is read where it is written: stderr.
def test_development_logs_the_body_so_flows_can_be_followed(no_smtp, monkeypatch, capfd):
    monkeypatch.setattr(settings, "environment", "development")
    assert send_now(RESET_MAIL) is False
    assert "SECRET" in capfd.readouterr().err


def test_production_never_logs_the_body(no_smtp, monkeypatch, capfd):
    monkeypatch.setattr(settings, "environment", "production")
    assert send_now(RESET_MAIL) is False
    logged = capfd.readouterr().err
    assert "mail_not_sent_no_smtp" in logged
    assert "SECRET" not in logged
    assert "parent@example.com" not in logged


def test_a_slow_mail_server_does_not_hold_up_the_committed_operation(engine, monkeypatch):
    """Delivery happens after the commit, off the caller's thread: the caller has its answer
    while the mail server is still busy, and the message is still delivered."""
    import threading

    from xplorium.db import session_scope
    from xplorium.services import mail

    server_busy, delivered = threading.Event(), []

    def slow_send(message):
        server_busy.wait(timeout=10)
        delivered.append(message.to)
        return True

    monkeypatch.setattr(mail, "send_now", slow_send)
    with session_scope() as session:
        mail.queue(session, "parent@example.com", "Booking received", "...")
    # Back from the commit while the server has not answered yet.
    assert delivered == []
    server_busy.set()
    mail.drain()
    assert delivered == ["parent@example.com"]


def test_mail_of_a_rolled_back_transaction_is_never_sent(engine, monkeypatch):
    from xplorium.db import session_scope
    from xplorium.services import mail

    sent = []
    monkeypatch.setattr(mail, "send_now", lambda message: sent.append(message) or True)
    try:
        with session_scope() as session:
            mail.queue(session, "parent@example.com", "Booking received", "...")
            raise RuntimeError("the operation failed after queuing")
    except RuntimeError:
        pass
    mail.drain()
    assert sent == []
