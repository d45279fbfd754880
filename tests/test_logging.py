"""Logs never carry an email address, not even inside a database error's traceback."""

import pytest
import sqlalchemy as sa
import structlog

from xplorium.db import session_scope
from xplorium.logging import redact_emails
from xplorium.models import User


def add_user(email: str) -> None:
    with session_scope() as session:
        session.add(User(email=email))


def test_a_database_error_is_logged_without_the_email_it_quotes(clean):
    add_user("ana@example.rs")
    with pytest.raises(sa.exc.IntegrityError) as raised:
        add_user("ana@example.rs")
    assert "ana@example.rs" in str(raised.value.orig)  # PostgreSQL quotes the duplicate key

    # The app's configuration (tests/conftest.py configures logging like the app does).
    *processors, renderer = structlog.get_config()["processors"]
    event = {"event": "unexpected_error", "exc_info": raised.value}
    for processor in processors:
        event = processor(None, "error", event)
    line = renderer(None, "error", event)

    assert "UniqueViolation" in line
    assert "ana@example.rs" not in line
    assert "[email]" in line


def test_text_without_an_address_is_untouched():
    event = {"event": "booking_created", "note": "table @ window", "count": 3}
    assert redact_emails(None, "info", dict(event)) == event
