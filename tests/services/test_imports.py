"""Importing bookings from a CSV with the export's columns: all or nothing, every row's
problems reported beside it, the rooms' ledger judging each row; rate-limited, audited."""

import csv
import io

import pytest
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.customers import ctx_of
from xplorium.constants import IMPORT_LIMIT
from xplorium.db import session_scope
from xplorium.models import AuditLog, Booking, Event, RoomHold, User
from xplorium.models.enums import BookingStatus, Role
from xplorium.services import exports, imports
from xplorium.services.errors import RateLimited, ValidationFailed
from xplorium.services.result import run

ROW = {
    "type": "PLAYGROUND",
    "status": "COMPLETED",
    "date": "2026-03-02",
    "start": "10:00",
    "end": "12:00",
    "duration_minutes": "120",
    "guest_count": "3",
    "contact_name": "Jelena Petrović",
    "email": "jelena@example.com",
    "phone": "064 123 4567",
    "price": "1800.00",
    "currency": "RSD",
    "paid": "yes",
    "payment_amount": "1800.00",
    "rooms": "Playroom",
}
PARTY = {
    **ROW,
    "type": "PARTY",
    "date": "2026-03-07",
    "start": "14:00",
    "guest_count": "12",
    "email": "marko@example.com",
    "contact_name": "Marko Marković",
    "child_name": "Luka",
    "child_age": "6",
    "rooms": "Party room",
    "price": "15000.00",
}


def csv_of(*rows: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=exports.CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode()


@pytest.fixture
def admin(clean):
    return make_user(Role.ADMIN)


def bookings() -> list[Booking]:
    with session_scope() as session:
        return list(session.exec(select(Booking).order_by(Booking.date)))


def test_a_clean_file_imports_every_row(admin):
    cafe = {**ROW, "type": "CAFE", "rooms": "Cafe", "status": "CANCELLED", "email": "ana@example.com"}
    report = imports.import_rows(ctx_of(admin), "bookings", csv_of(ROW, PARTY, cafe), dry_run=False)

    assert (report.imported, report.problems) == (3, 0)
    assert all(r["ok"] for r in report.rows)
    found = bookings()
    assert [(b.email, b.status) for b in found] == [
        ("jelena@example.com", BookingStatus.COMPLETED),
        ("ana@example.com", BookingStatus.CANCELLED),
        ("marko@example.com", BookingStatus.COMPLETED),
    ]
    party = found[2]
    assert party.party_details["child_name"] == "Luka"
    assert party.phone == "+381641234567"
    with session_scope() as session:
        holds = session.exec(select(RoomHold)).all()
        # The cancelled row holds nothing; the party holds its room whole, buffer included.
        assert sorted((h.booking_id, h.whole) for h in holds) == sorted(
            [(found[0].id, False), (party.id, True)]
        )
        customers = {u.email for u in session.exec(select(User).where(User.role == Role.USER))}
        assert customers == {"jelena@example.com", "ana@example.com", "marko@example.com"}
        audited = session.exec(select(AuditLog).where(AuditLog.action == "IMPORT")).all()
    assert [a.changes for a in audited] == [{"rows": 3}]


def test_an_exported_file_imports_back(admin):
    """Round trip: what the bookings export writes is what the import reads."""
    imports.import_rows(ctx_of(admin), "bookings", csv_of(ROW, PARTY), dry_run=False)
    exported = exports.bookings_csv(ctx_of(admin), {}).content
    with session_scope() as session:
        for booking in session.exec(select(Booking)):
            session.delete(booking)

    report = imports.import_rows(ctx_of(admin), "bookings", exported, dry_run=False)

    assert (report.imported, report.problems) == (2, 0)
    assert sorted(b.reference for b in bookings()) == sorted(r["reference"] for r in report.rows)


def test_a_file_with_one_bad_row_imports_nothing_and_reports_that_row(admin):
    bad = {**ROW, "date": "2026-02-30", "guest_count": "many", "email": "not-an-email"}
    report = imports.import_rows(ctx_of(admin), "bookings", csv_of(ROW, bad, PARTY), dry_run=False)

    assert (report.imported, report.problems) == (0, 1)
    assert [r["ok"] for r in report.rows] == [True, False, True]
    line = report.rows[1]
    assert line["line"] == "3"
    assert "Date" in line["problems"] and "Guests" in line["problems"] and "Email" in line["problems"]
    assert bookings() == []
    with session_scope() as session:
        assert session.exec(select(RoomHold)).all() == []
        assert session.exec(select(User).where(User.role == Role.USER)).all() == []


def test_an_overlapping_booking_is_reported_not_inserted(admin):
    imports.import_rows(ctx_of(admin), "bookings", csv_of(PARTY), dry_run=False)
    overlapping = {**PARTY, "start": "15:00", "email": "other@example.com"}
    clash_in_file = {**PARTY, "date": "2026-03-08"}

    report = imports.import_rows(
        ctx_of(admin),
        "bookings",
        csv_of(overlapping, ROW, clash_in_file, {**clash_in_file, "start": "14:30"}),
        dry_run=False,
    )

    assert report.imported == 0
    # The first clashes with the stored party; the last with the third row of the file.
    assert [r["ok"] for r in report.rows] == [False, True, True, False]
    assert "already taken" in report.rows[0]["problems"]
    assert "already taken" in report.rows[3]["problems"]
    assert [b.email for b in bookings()] == ["marko@example.com"]


def test_a_dry_run_reports_and_writes_nothing(admin):
    report = imports.import_rows(ctx_of(admin), "bookings", csv_of(ROW, PARTY), dry_run=True)

    assert report.dry_run and report.imported == 0 and report.problems == 0
    assert len(report.rows) == 2
    assert bookings() == []
    with session_scope() as session:
        audited = session.exec(select(AuditLog).where(AuditLog.action == "IMPORT")).all()
    assert audited[0].changes["dry_run"] is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"reference,when\r\nX,now\r\n", "lacks the columns"),
        (b"\xff\xfe not utf-8", "UTF-8"),
        (csv_of(), "no rows"),
    ],
)
def test_a_file_that_is_not_a_bookings_csv_is_refused_beside_the_file_field(admin, content, message):
    with pytest.raises(ValidationFailed) as refused:
        imports.import_rows(ctx_of(admin), "bookings", content, dry_run=True)
    assert message in refused.value.fields["file"]


def test_imports_are_rate_limited_and_staff_only(admin):
    parent = make_user(Role.USER)
    assert run(imports.import_rows, ctx_of(parent), "bookings", csv_of(ROW), dry_run=True).code == "forbidden"
    for _ in range(IMPORT_LIMIT[0]):
        imports.import_rows(ctx_of(admin), "bookings", csv_of(ROW), dry_run=True)
    with pytest.raises(RateLimited):
        imports.import_rows(ctx_of(admin), "bookings", csv_of(ROW), dry_run=True)


def events_csv(*rows: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=imports.EVENT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


EVENT = {
    "title": "Pidžama žurka",
    "date": "2026-03-20",
    "start_time": "18:00",
    "end_time": "20:00",
    "capacity": "12",
    "price": "900",
    "room": "Playroom",
    "hold_mode": "PLACES",
    "status": "PUBLISHED",
    "tags": "party, pyjamas",
}


def test_events_import_every_row_and_a_published_one_holds_its_room(admin):
    draft = {**EVENT, "title": "Lego radionica", "status": "DRAFT", "room": ""}
    report = imports.import_rows(ctx_of(admin), "events", events_csv(EVENT, draft), dry_run=False)

    assert (report.imported, report.problems) == (2, 0)
    with session_scope() as session:
        found = {e.title: e for e in session.exec(select(Event))}
        holds = session.exec(select(RoomHold)).all()
    assert set(found) == {"Pidžama žurka", "Lego radionica"}
    assert found["Pidžama žurka"].tags == ["party", "pyjamas"]
    assert [h.event_id for h in holds] == [found["Pidžama žurka"].id]


def test_an_events_file_with_a_clash_or_a_bad_row_imports_nothing(admin):
    whole = {**EVENT, "title": "Private show", "hold_mode": "WHOLE", "capacity": "10"}
    bad = {**EVENT, "title": "", "end_time": "17:00"}

    report = imports.import_rows(ctx_of(admin), "events", events_csv(EVENT, whole, bad), dry_run=False)

    assert report.imported == 0
    assert [r["ok"] for r in report.rows] == [True, False, False]
    assert "does not have the whole room free" in report.rows[1]["problems"]
    assert "title" in report.rows[2]["problems"] and "end_time" in report.rows[2]["problems"]
    with session_scope() as session:
        assert session.exec(select(Event)).all() == []
