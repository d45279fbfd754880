"""Without an SMTP server, mail goes to the log — with its links only on a developer's machine."""

import pytest
from structlog.testing import capture_logs

from xplorium.config import settings
from xplorium.services.mail import Mail, send_now

RESET_MAIL = Mail(to="parent@example.com", subject="Reset", body="https://x/api/auth/reset?token=SECRET")


@pytest.fixture
def no_smtp(monkeypatch):
    monkeypatch.setattr(settings, "smtp_host", None)


def test_development_logs_the_body_so_flows_can_be_followed(no_smtp, monkeypatch):
    monkeypatch.setattr(settings, "environment", "development")
    with capture_logs() as logs:
        assert send_now(RESET_MAIL) is False
    assert "SECRET" in str(logs)


def test_production_never_logs_the_body(no_smtp, monkeypatch):
    monkeypatch.setattr(settings, "environment", "production")
    with capture_logs() as logs:
        assert send_now(RESET_MAIL) is False
    assert logs and "SECRET" not in str(logs)
    assert "parent@example.com" not in str(logs)
