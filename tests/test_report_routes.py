"""Every report of the Reports page through its HTTP route: staff only, the real file, audited."""

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.support.accounts import make_user, open_session
from xplorium.api import api, routes
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.models import AuditLog
from xplorium.models.enums import Role
from xplorium.services.reports import REPORTS

HREFS = [report.href for report in REPORTS]
FIRST_LINES = {
    "/api/admin/bookings.csv": "reference,type,status",
    "/api/admin/bookings.ics": "BEGIN:VCALENDAR",
    "/api/admin/customers.csv": "email,name,phone,tier",
    "/api/admin/events/attendance.csv": "event,date,start",
    "/api/admin/revenue.csv": "month,bookings,revenue_rsd",
    "/api/admin/customers/marketing.csv": "email,name,phone",
    "/api/admin/inventory.csv": "name,category,quantity",
    "/api/admin/inventory/reorder.csv": "name,category,quantity",
    "/api/admin/maintenance.csv": "id,equipment,location",
}


def client_as(role: Role | None) -> TestClient:
    client = TestClient(api)
    if role is not None:
        client.cookies.set(SESSION_COOKIE_NAME, open_session(make_user(role)))
    return client


def exports() -> list[AuditLog]:
    with session_scope() as session:
        return session.exec(select(AuditLog).where(AuditLog.action == "EXPORT")).all()


def test_every_report_is_a_route_of_the_app():
    paths = {route.path for route in routes}
    assert set(HREFS) <= paths
    assert set(FIRST_LINES) == set(HREFS)


@pytest.mark.parametrize("href", HREFS)
@pytest.mark.parametrize(("role", "status"), [(None, 401), (Role.USER, 403)])
def test_anonymous_and_parents_are_refused(clean, href, role, status):
    answer = client_as(role).get(href)

    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/json")
    assert exports() == []


@pytest.mark.parametrize("href", HREFS)
def test_staff_download_the_file_and_it_is_audited(clean, href):
    answer = client_as(Role.ADMIN).get(href)

    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.headers["cache-control"] == "no-store"
    assert answer.content.decode("utf-8-sig").startswith(FIRST_LINES[href])
    assert len(exports()) == 1
