"""The marketing list through its HTTP route: staff only, opted-in customers only, audited."""

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.support.accounts import make_user, open_session
from tests.support.customers import make_customer
from xplorium.api import api
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.models import AuditLog, User
from xplorium.models.enums import Role

ROUTE = "/api/admin/customers/marketing.csv"


def client_as(role: Role | None) -> TestClient:
    client = TestClient(api)
    if role is not None:
        client.cookies.set(SESSION_COOKIE_NAME, open_session(make_user(role)))
    return client


@pytest.fixture
def mixed(clean):
    make_customer("yes.one@example.com", name="Ana Da", marketing_opt_in=True)
    make_customer("yes.two@example.com", name="Bojan Da", marketing_opt_in=True, phone="+381601234567")
    make_customer("no.thanks@example.com", name="Ceca Ne", marketing_opt_in=False)
    make_customer(
        "gone@example.com",
        name="Deleted Da",
        marketing_opt_in=True,
        deleted_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    make_customer("guest@example.com", name="Gost", password_hash=None, marketing_opt_in=False)


@pytest.mark.parametrize(("role", "status"), [(None, 401), (Role.USER, 403)])
def test_anonymous_and_parents_are_refused_and_nothing_is_audited(mixed, role, status):
    answer = client_as(role).get(ROUTE)

    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/json")
    assert "example.com" not in answer.text
    with session_scope() as session:
        assert session.exec(select(AuditLog).where(AuditLog.action == "EXPORT")).all() == []


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPER_ADMIN])
def test_staff_get_exactly_the_customers_who_opted_in(mixed, role):
    answer = client_as(role).get(ROUTE)

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.headers["cache-control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    emails = {row["email"] for row in rows}
    assert emails == {"yes.one@example.com", "yes.two@example.com"}
    with session_scope() as session:
        opted_in = set(
            session.exec(
                select(User.email).where(User.marketing_opt_in.is_(True), User.deleted_at.is_(None))
            ).all()
        )
        not_opted = set(session.exec(select(User.email).where(User.marketing_opt_in.is_(False))).all())
        [entry] = session.exec(select(AuditLog).where(AuditLog.action == "EXPORT")).all()
    assert emails <= opted_in and not emails & not_opted
    assert entry.changes == {"list": "marketing", "count": 2}
