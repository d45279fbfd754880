"""`python -m xplorium.demo`: realistic data, a super admin, and nothing duplicated on a second run."""

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session, func, select

from tests.support.bookings_data import insert_booking
from tests.support.checks import ledger_problems, row_counts
from xplorium.config import PROJECT_ROOT
from xplorium.constants import PARTY_GUESTS_MAX, PARTY_GUESTS_MIN, PRICE_UNITS, REJECT_REASON_MIN_LENGTH
from xplorium.models import (
    Booking,
    ContentVersion,
    Event,
    LoyaltyTransaction,
    PricingPackage,
    SiteContent,
    User,
)
from xplorium.models.content import ContentBody
from xplorium.models.enums import (
    ACTIVE_BOOKING_STATUSES,
    BookingStatus,
    BookingType,
    ContentSection,
    ContentStatus,
    EventStatus,
    PricingCategory,
    PublishStatus,
    Role,
)
from xplorium.services.clock import VENUE_TZ
from xplorium.services.demo_data import load_demo_data, plan_bookings
from xplorium.services.security import verify_password

KNOWN_UNITS = set(PRICE_UNITS)


def run_demo(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xplorium.demo"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "XP_ADMIN_EMAIL": "", "XP_ADMIN_PASSWORD": "", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_command_loads_once_prints_generated_credentials_once_and_duplicates_nothing(clean):
    first = run_demo()
    assert first.returncode == 0, first.stderr
    assert "Demo data loaded" in first.stdout
    password = first.stdout.split("password:")[1].split()[0]
    counts = row_counts(clean)

    second = run_demo()
    assert second.returncode == 0, second.stderr
    assert "nothing to add" in second.stdout
    assert "password" not in second.stdout
    assert row_counts(clean) == counts

    with Session(clean) as session:
        admin = session.exec(select(User).where(User.role == Role.SUPER_ADMIN)).one()
    assert admin.email == "admin@xplorium.rs"
    assert verify_password(password, admin.password_hash)


def test_admin_credentials_can_come_from_the_environment(clean):
    result = run_demo(XP_ADMIN_EMAIL="Owner@Xplorium.rs", XP_ADMIN_PASSWORD="Vlasnik#2026")
    assert result.returncode == 0, result.stderr
    assert "Vlasnik#2026" not in result.stdout
    assert "owner@xplorium.rs" in result.stdout
    with Session(clean) as session:
        admin = session.exec(select(User).where(User.role == Role.SUPER_ADMIN)).one()
    assert admin.email == "owner@xplorium.rs"
    assert verify_password("Vlasnik#2026", admin.password_hash)


def test_a_weak_admin_password_from_the_environment_is_refused_and_nothing_loaded(clean):
    result = run_demo(XP_ADMIN_PASSWORD="password")
    assert result.returncode == 2
    assert "XP_ADMIN_PASSWORD" in result.stderr
    assert row_counts(clean)["users"] == 0


def test_every_section_has_a_published_version_with_a_content_body(clean):
    load_demo_data()
    with Session(clean) as session:
        published = {
            content.section: version
            for content, version in session.exec(
                select(SiteContent, ContentVersion)
                .join(ContentVersion, ContentVersion.content_id == SiteContent.id)
                .where(ContentVersion.status == ContentStatus.PUBLISHED)
            )
        }
    assert set(published) == set(ContentSection)
    for version in published.values():
        assert set(version.body) <= set(ContentBody.__annotations__)
        assert version.body["headline"]
        assert version.body["intro"]
        assert version.body["paragraphs"]
    menu = published[ContentSection.CAFE].body["items"]
    assert len(menu) >= 6
    for item in menu:
        assert set(item) == {"name", "description", "price"}
        assert Decimal(item["price"]) > 0


def test_pricing_events_and_customers_look_like_a_real_venue(clean):
    today = datetime.now(VENUE_TZ).date()
    load_demo_data()
    with Session(clean) as session:
        packages = session.exec(select(PricingPackage)).all()
        events = session.exec(select(Event)).all()
        customers = session.exec(select(User).where(User.role == Role.USER)).all()

    published = {p.category for p in packages if p.status == PublishStatus.PUBLISHED}
    assert published == set(PricingCategory)
    assert sum(p.status == PublishStatus.DRAFT for p in packages) >= 2
    assert {p.unit for p in packages} <= KNOWN_UNITS
    assert all(p.amount > 0 and p.currency == "RSD" and p.features for p in packages)

    upcoming = [e for e in events if e.status == EventStatus.PUBLISHED and e.date >= today]
    assert len(upcoming) >= 5
    assert [e.status for e in events].count(EventStatus.DRAFT) == 1

    assert 20 <= len(customers) <= 30
    assert all(c.password_hash is None for c in customers)
    assert 0 < sum(c.marketing_opt_in for c in customers) < len(customers)
    assert len({c.loyalty_tier for c in customers}) >= 4


def test_bookings_span_a_year_and_the_coming_weeks_without_overlap(clean):
    today = datetime.now(VENUE_TZ).date()
    load_demo_data()
    with Session(clean) as session:
        bookings = session.exec(select(Booking)).all()
        assert ledger_problems(session) == []

    assert 70 <= len(bookings) <= 90
    assert {b.status for b in bookings} == set(BookingStatus)
    assert {b.type for b in bookings} == set(BookingType)
    days = [b.date for b in bookings]
    assert min(days) <= today - timedelta(days=330)
    assert sum(d > today for d in days) >= 10
    months = {(d.year, d.month) for d in days if d <= today}
    assert len(months) >= 12
    for booking in bookings:
        assert booking.price_quote > 0
        assert booking.starts_at.minute % 30 == 0
        assert booking.blocked_until >= booking.ends_at
        if booking.status == BookingStatus.REJECTED:
            assert len(booking.reject_reason) >= REJECT_REASON_MIN_LENGTH
        if booking.type == BookingType.PARTY:
            assert PARTY_GUESTS_MIN <= booking.guest_count <= PARTY_GUESTS_MAX
            assert booking.party_details["child_name"]
        if booking.status == BookingStatus.COMPLETED:
            assert booking.paid and booking.payment_amount == booking.price_quote
        assert (booking.status == BookingStatus.COMPLETED) == booking.paid


def test_points_totals_and_ledger_agree(clean):
    load_demo_data()
    with Session(clean) as session:
        ledger = dict(
            session.exec(
                select(LoyaltyTransaction.user_id, func.sum(LoyaltyTransaction.delta)).group_by(
                    LoyaltyTransaction.user_id
                )
            ).all()
        )
        customers = session.exec(select(User).where(User.role == Role.USER)).all()
        for customer in customers:
            assert customer.loyalty_points == ledger.get(customer.id, 0)
            active = [
                b
                for b in session.exec(select(Booking).where(Booking.user_id == customer.id))
                if b.status in ACTIVE_BOOKING_STATUSES
            ]
            assert customer.total_bookings == len(active)
            assert customer.total_spent == sum((b.payment_amount or 0 for b in active), Decimal(0))


def test_a_real_booking_in_a_demo_slot_is_left_alone(clean):
    today = datetime.now(VENUE_TZ).date()
    slot = next(p for p in plan_bookings(today, 45) if p.starts_at.date() > today)
    insert_booking(
        reference="XP-REAL2345",
        type=slot.type,
        status=BookingStatus.APPROVED,
        day=slot.starts_at.date(),
        start=slot.starts_at.strftime("%H:%M"),
        minutes=60,
    )
    load_demo_data()
    with Session(clean) as session:
        assert ledger_problems(session) == []
        references = set(session.exec(select(Booking.reference)))
    assert "XP-REAL2345" in references
    assert slot.reference not in references


def test_loading_on_another_day_adds_nothing_either(clean):
    load_demo_data(today=date(2026, 3, 1))
    counts = row_counts(clean)
    load_demo_data(today=date(2026, 3, 20))
    assert row_counts(clean) == counts
