"""An admin tab left idle longer than Reflex's Redis state expiry still receives board updates.

The second app server keeps each client's state in Redis for only a few seconds
(REFLEX_REDIS_TOKEN_EXPIRATION); the board's keep-alive timer (BOARD_KEEPALIVE_SECONDS, kept
below a third of it) renews the tab's states, and the board's pushes go to its socket, not
through its state. A raw client that joined the same way but sends no keep-alives is the
control: its state expires, so the expiry in this test is real.
"""

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.e2e.board.conftest import SHORT_EXPIRY_SECONDS
from tests.support.accounts import make_user, open_session
from tests.support.board import (
    card,
    not_reloaded,
    open_board,
    raw_redis,
    seen_at,
    tab_token,
    watch,
)
from tests.support.booking_form import wait
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.raw_client import RawClient
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.models.enums import Role
from xplorium.state.backoffice.bookings import BookingPanelState
from xplorium.state.live import LiveState

pytestmark = pytest.mark.browser

ROOT_STATE = "reflex___state____state"
# Long enough for the control's state to expire, several times the expiry.
EXPIRY_WAIT_SECONDS = SHORT_EXPIRY_SECONDS * 6


def wait_until_gone(client, key: str, timeout: float) -> None:
    """Returns once Redis no longer holds `key` (the expiry itself, not a guessed delay)."""
    deadline = time.monotonic() + timeout
    while client.exists(key):
        if time.monotonic() > deadline:
            raise AssertionError(f"{key} still in Redis after {timeout}s")
        time.sleep(0.2)


def test_idle_admin_tab_still_receives_updates_after_the_state_expiry(clean, short_expiry_server):
    redis_client = raw_redis()
    booking = insert_booking(day=day_ahead(1), start="11:00", name="Ivana Đorđević")
    server = short_expiry_server.url
    idle_tab = open_board(server, open_session(make_user(Role.ADMIN, name="Front Desk")))
    control_cookie = f"{SESSION_COOKIE_NAME}={open_session(make_user(Role.ADMIN))}"
    try:
        wait(idle_tab, EC.presence_of_element_located((By.CSS_SELECTOR, card("pending", booking.reference))))
        tab = tab_token(idle_tab)
        with RawClient(server, cookie=control_cookie, path="/admin/board") as control:
            control.call(f"{LiveState.get_full_name()}.join")
            control.wait_for(booking.reference)

            # The expiry is real: the control's state goes from Redis; the idle tab's is kept.
            wait_until_gone(redis_client, f"{control.token}_{ROOT_STATE}", EXPIRY_WAIT_SECONDS)
            assert redis_client.exists(f"{tab}_{ROOT_STATE}")
            control.clear()

            watch(idle_tab, card("approved", booking.reference))
            approver_cookie = f"{SESSION_COOKIE_NAME}={open_session(make_user(Role.ADMIN))}"
            with RawClient(server, cookie=approver_cookie, path="/admin/board") as approver:
                approver.call(f"{BookingPanelState.get_full_name()}.open_booking", {"booking_id": booking.id})
                approver.call(f"{BookingPanelState.get_full_name()}.approve", {})
                # The push arrives (seen_at fails if it never does); no latency threshold.
                seen_at(idle_tab, card("approved", booking.reference), timeout=30)
            assert not_reloaded(idle_tab)
    finally:
        idle_tab.quit()
