"""A signed-in parent cancels their own booking from the profile page, after confirming;
the admins' live board moves it to the closed column without a reload."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from sqlmodel import select

from tests.support.accounts import make_user, open_session
from tests.support.board import card, not_reloaded, open_board
from tests.support.bookings_data import party_request
from tests.support.browser import sign_in_with_cookie, wait_for_text
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.models.enums import BookingStatus, Role
from xplorium.services.bookings import writing
from xplorium.services.context import RequestContext

pytestmark = pytest.mark.browser


def test_parent_cancels_from_profile_and_the_board_follows(catalog, app_server, browser):
    parent = make_user(Role.USER, email="jelena.petrovic@example.com")
    ctx = RequestContext(actor_id=parent.id, actor_role=Role.USER, ip="203.0.113.7")
    reference = writing.create_booking(ctx, party_request(catalog))["reference"]
    board = open_board(app_server.url, open_session(make_user(Role.ADMIN)))
    try:
        WebDriverWait(board, 20).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, card("pending", reference)))
        )

        sign_in_with_cookie(browser, app_server.url, open_session(parent))
        browser.get(app_server.url + "/profile")
        wait_for_text(browser, reference)
        button = browser.find_element(By.CSS_SELECTOR, f'[aria-label="Cancel booking {reference}"]')
        browser.execute_script("arguments[0].click();", button)
        # Nothing happens before the parent confirms.
        wait_for_text(browser, "Cancel this booking?")
        with session_scope() as session:
            assert session.exec(select(Booking.status)).one() == BookingStatus.PENDING
        confirm = WebDriverWait(browser, 10).until(
            EC.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Cancel booking']"))
        )
        confirm.click()
        wait_for_text(browser, "is cancelled")

        with session_scope() as session:
            assert session.exec(select(Booking.status)).one() == BookingStatus.CANCELLED
        WebDriverWait(board, 10).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, card("closed", reference)))
        )
        assert not_reloaded(board)
    finally:
        board.quit()
