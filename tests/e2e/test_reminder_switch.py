"""A parent turns off the day-before reminder of one booking on the profile page; the
reminder sweep then leaves that booking out."""

from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlmodel import select

from tests.services.test_reminders import venue_time
from tests.support.accounts import make_user, open_session
from tests.support.bookings_data import insert_booking
from tests.support.browser import sign_in_with_cookie, wait_for_text
from tests.support.job_queue import sink_fixture  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.models import ReminderOptOut
from xplorium.models.enums import Role
from xplorium.services import reminders
from xplorium.services.clock import local_now

pytestmark = pytest.mark.browser


def test_a_parent_turns_a_bookings_reminder_off_on_the_profile(sink, app_server, browser):
    parent = make_user(Role.USER, email="ana@example.com")
    today = local_now().date() + timedelta(days=30)
    quiet = insert_booking(day=today + timedelta(days=1), email=parent.email, user_id=parent.id)
    reminded = insert_booking(
        day=today + timedelta(days=1), start="16:00", email=parent.email, user_id=parent.id
    )
    sign_in_with_cookie(browser, app_server.url, open_session(parent))
    browser.get(app_server.url + "/profile")
    wait_for_text(browser, quiet.reference)
    switch = browser.find_element(
        By.CSS_SELECTOR, f'[aria-label="Reminder email for booking {quiet.reference}"]'
    )
    assert switch.get_attribute("aria-checked") == "true"
    browser.execute_script("arguments[0].click();", switch)
    wait_for_text(browser, f"No reminder for {quiet.reference}.")
    with session_scope() as session:
        assert session.exec(select(ReminderOptOut.booking_id)).all() == [quiet.id]

    assert reminders.queue_due(venue_time(today, "23:00")) == 1
    message = sink.wait_for(parent.email, "Reminder")
    assert reminded.reference in message.subject
    assert len(sink.to(parent.email)) == 1
