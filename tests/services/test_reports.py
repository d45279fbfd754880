"""The reports built here: customers, event attendance and monthly revenue, each audited."""

from datetime import time

from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.bookings_data import insert_booking
from xplorium.db import session_scope
from xplorium.models import AuditLog, Event, EventRegistration
from xplorium.models.enums import BookingStatus, BookingType, EventStatus, RegistrationStatus, Role
from xplorium.services import reports
from xplorium.services.clock import local_now


def lines(file) -> list[str]:
    return file.content.decode("utf-8-sig").splitlines()


def exported() -> list[dict]:
    with session_scope() as session:
        return [a.changes for a in session.exec(select(AuditLog).where(AuditLog.action == "EXPORT"))]


def test_customers_are_every_parent_and_no_staff(catalog, admin_ctx):
    make_user(Role.USER, email="mila@example.com", name="Mila Petrović")

    rows = lines(reports.customers_csv(admin_ctx))

    assert rows[0].startswith("email,name,phone,tier,points")
    assert any(r.startswith("mila@example.com,Mila Petrović") for r in rows)
    assert not any("front.desk@xplorium.rs" in r for r in rows)
    assert exported() == [{"list": "customers", "format": "csv", "count": len(rows) - 1}]


def test_attendance_lists_every_registration_with_its_event(catalog, admin_ctx):
    today = local_now().date()
    with session_scope() as session:
        event = Event(
            slug="lego",
            title="Lego workshop",
            date=today,
            start_time=time(17),
            end_time=time(19),
            capacity=10,
            status=EventStatus.PUBLISHED,
        )
        session.add(event)
        session.flush()
        for name, status in (("Ana", RegistrationStatus.CONFIRMED), ("Luka", RegistrationStatus.WAITLISTED)):
            session.add(
                EventRegistration(
                    event_id=event.id,
                    name=name,
                    email=f"{name.lower()}@example.com",
                    guest_count=2,
                    status=status,
                    cancel_token_hash=f"hash-{name}",
                )
            )

    rows = lines(reports.attendance_csv(admin_ctx))

    assert rows[1].startswith(
        f"Lego workshop,{today.isoformat()},17:00,PUBLISHED,CONFIRMED,Ana,ana@example.com,2"
    )
    assert "WAITLISTED,Luka" in rows[2]


def test_revenue_is_twelve_months_of_paid_bookings(catalog, admin_ctx):
    insert_booking(
        type=BookingType.PLAYGROUND,
        day=local_now().date(),
        status=BookingStatus.COMPLETED,
        paid=True,
        payment_amount="3000.00",
        hold=False,
    )

    rows = lines(reports.revenue_csv(admin_ctx))

    assert len(rows) == 13 and rows[0] == ",".join(reports.REVENUE_COLUMNS)
    assert rows[-1].startswith(f"{local_now():%Y-%m},1,3000.00,0,1")
