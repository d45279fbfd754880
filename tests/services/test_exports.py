"""CSV and iCalendar exports through the authenticated HTTP routes: exactly the filtered
bookings, parseable by the csv module and icalendar, audited, refused to anonymous and USER."""

import csv
import io
from datetime import datetime, time

import pytest
from icalendar import Calendar
from sqlmodel import select
from starlette.testclient import TestClient

from tests.support.accounts import make_user, open_session
from tests.support.bookings_data import day_ahead, insert_booking
from xplorium.api import api
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.models import AuditLog
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services.clock import VENUE_TZ

S = BookingStatus
ROUTES = ("/api/admin/bookings.csv", "/api/admin/bookings.ics")


@pytest.fixture
def data(clean):
    """Five bookings; the filter PENDING+APPROVED parties in the first ten days selects two."""
    return {
        "party_pending": insert_booking(
            day=day_ahead(2),
            start="10:00",
            status=S.PENDING,
            name="Jelena Petrović",
            phone="+381641234567",
            special_requests='Say "hi", then =SUM(A1)',
        ),
        "party_approved": insert_booking(
            day=day_ahead(3), start="15:00", status=S.APPROVED, name="=cmd|' /C calc'!A0"
        ),
        "party_cancelled": insert_booking(day=day_ahead(4), start="10:00", status=S.CANCELLED),
        "cafe_pending": insert_booking(
            day=day_ahead(2), start="10:00", type=BookingType.CAFE, status=S.PENDING
        ),
        "party_later": insert_booking(day=day_ahead(20), start="10:00", status=S.PENDING),
    }


FILTER = {"status": "PENDING,APPROVED", "type": "PARTY"}


def _client(role: Role | None) -> TestClient:
    client = TestClient(api)
    if role is not None:
        client.cookies.set(SESSION_COOKIE_NAME, open_session(make_user(role)))
    return client


def _filter(data) -> dict:
    return {**FILTER, "date_to": day_ahead(10).isoformat()}


def _exports() -> list[AuditLog]:
    with session_scope() as session:
        return list(session.exec(select(AuditLog).where(AuditLog.action == "EXPORT")).all())


def test_csv_has_exactly_the_filtered_bookings_and_parses_back(data):
    response = _client(Role.ADMIN).get(ROUTES[0], params=_filter(data))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["reference"] for r in rows] == [
        data["party_pending"].reference,
        data["party_approved"].reference,
    ]
    first, second = rows
    assert first["contact_name"] == "Jelena Petrović"
    assert first["phone"] == "+381641234567"  # a number, not mangled as a formula
    assert first["status"] == "PENDING" and first["type"] == "PARTY"
    assert first["date"] == day_ahead(2).isoformat() and (first["start"], first["end"]) == ("10:00", "12:00")
    assert first["price"] == "24000.00" and first["paid"] == "no"
    assert first["special_requests"] == 'Say "hi", then =SUM(A1)'
    # A cell that a spreadsheet would run as a formula is neutralised.
    assert second["contact_name"] == "'=cmd|' /C calc'!A0"


def test_ics_has_exactly_the_filtered_bookings_and_parses_back(data):
    response = _client(Role.SUPER_ADMIN).get(ROUTES[1], params=_filter(data))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["uid"]).split("@")[0] for e in events] == [
        data["party_pending"].reference,
        data["party_approved"].reference,
    ]
    pending, approved = events
    start = pending.decoded("dtstart")
    assert start == datetime.combine(day_ahead(2), time(10, 0), tzinfo=VENUE_TZ)
    assert start.utcoffset() == VENUE_TZ.utcoffset(start.replace(tzinfo=None))
    assert pending.decoded("dtend") - start == data["party_pending"].ends_at - data["party_pending"].starts_at
    assert str(pending["status"]) == "TENTATIVE" and str(approved["status"]) == "CONFIRMED"
    assert "Jelena Petrović" in str(pending["summary"])
    assert data["party_pending"].reference in str(pending["description"])
    assert list(calendar.walk("VTIMEZONE"))


def test_no_filter_exports_everything_and_an_empty_filter_exports_nothing(data):
    client = _client(Role.ADMIN)
    everything = client.get(ROUTES[0])
    assert len(list(csv.DictReader(io.StringIO(everything.text.lstrip("\ufeff"))))) == len(data)
    nothing = client.get(ROUTES[1], params={"q": "nobody-has-this-name"})
    assert list(Calendar.from_ical(nothing.content).walk("VEVENT")) == []


def test_every_export_is_audited_without_personal_data(data):
    client = _client(Role.ADMIN)
    client.get(ROUTES[0], params={**_filter(data), "q": "Petrović"})
    client.get(ROUTES[1], params=_filter(data))
    entries = _exports()
    assert [e.changes["format"] for e in entries] == ["csv", "ics"]
    assert [e.changes["count"] for e in entries] == [1, 2]
    assert entries[0].changes["filters"]["search"] == "yes"
    assert "Petrovi" not in str(entries[0].changes)
    assert all(e.actor_id is not None and e.ip for e in entries)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("role", "status", "code"), [(None, 401, "unauthenticated"), (Role.USER, 403, "forbidden")]
)
def test_refused_to_anonymous_and_to_parents(data, route, role, status, code):
    response = _client(role).get(route, params=_filter(data))
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["code"] == code and body["message"]
    assert set(body) == {"ok", "data", "code", "message", "fields", "details"}
    assert data["party_pending"].reference not in response.text
    assert _exports() == []


def test_a_revoked_or_forged_cookie_is_refused(data):
    client = TestClient(api)
    client.cookies.set(SESSION_COOKIE_NAME, "forged-token-value")
    assert client.get(ROUTES[0]).status_code == 401


def test_bad_filters_answer_with_the_field(data):
    response = _client(Role.ADMIN).get(ROUTES[0], params={"date_from": "tomorrow"})
    assert response.status_code == 422
    assert "date_from" in response.json()["fields"]
    assert _exports() == []
