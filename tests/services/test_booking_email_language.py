"""A booking's emails are written in the language of the parent who made it."""

import pytest
from sqlmodel import select

from tests.support.accounts import make_user
from tests.support.bookings_data import PARENT, party_request
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from tests.support.job_queue import ctx_for, queued_jobs
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import Booking
from xplorium.models.enums import Role
from xplorium.services.bookings import transitions, writing

PARENT_EMAIL = "jelena.petrovic@example.com"


def _booking_id(reference: str) -> int:
    with session_scope() as session:
        return session.exec(select(Booking.id).where(Booking.reference == reference)).one()


def _mail_to(reference: str) -> list[dict]:
    return [job["args"] for job in queued_jobs() if reference in job["args"]["subject"]]


@pytest.mark.parametrize(
    ("locale", "subject_words", "body_words"),
    [
        (
            "sr_Latn",
            "Vaša rezervacija",
            ("Poštovani/a Jelena Petrović,", "Broj rezervacije:", "Gosti: 12", "subota"),
        ),
        ("en", "Your Xplorium booking", ("Dear Jelena Petrović,", "Reference:", "Guests: 12", "Saturday")),
    ],
)
def test_the_confirmation_is_in_the_language_the_parent_booked_in(catalog, locale, subject_words, body_words):
    with use_locale(locale):
        summary = writing.create_booking(PARENT, party_request(catalog))
    [mail] = _mail_to(summary["reference"])
    assert subject_words in mail["subject"]
    for words in body_words:
        assert words in mail["body"]


def test_staff_approval_emails_the_parent_in_the_parents_language(catalog):
    with use_locale("sr_Latn"):
        summary = writing.create_booking(PARENT, party_request(catalog))
    admin = ctx_for(make_user(Role.ADMIN, email="desk.language@xplorium.rs"))
    # The admin works in English; the parent booked in Serbian.
    with use_locale("en"):
        transitions.approve(admin, _booking_id(summary["reference"]))
    approval = [m for m in _mail_to(summary["reference"]) if "Potvrđeno" in m["subject"]]
    assert approval, [m["subject"] for m in _mail_to(summary["reference"])]
    assert "Vaša rezervacija je potvrđena." in approval[0]["body"]
