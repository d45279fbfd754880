"""Without an SMTP server, mail goes to the log — with its links only on a developer's machine."""

import pytest

from xplorium.config import settings
from xplorium.services import mail

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
