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

from tests.board.conftest import SHORT_EXPIRY_SECONDS
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
IDLE_SECONDS = SHORT_EXPIRY_SECONDS * 3


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

            time.sleep(IDLE_SECONDS)

            # The expiry is real: the control's state is gone from Redis; the idle tab's is kept.
            assert not redis_client.exists(f"{control.token}_{ROOT_STATE}")
            assert redis_client.exists(f"{tab}_{ROOT_STATE}")
            control.clear()

            watch(idle_tab, card("approved", booking.reference))
            approver_cookie = f"{SESSION_COOKIE_NAME}={open_session(make_user(Role.ADMIN))}"
            with RawClient(server, cookie=approver_cookie, path="/admin/board") as approver:
                approved = time.time()
                approver.call(f"{BookingPanelState.get_full_name()}.open_booking", {"booking_id": booking.id})
                approver.call(f"{BookingPanelState.get_full_name()}.approve", {})
                delay = seen_at(idle_tab, card("approved", booking.reference), timeout=10) - approved
            assert delay < 2.0, delay
            assert not_reloaded(idle_tab)
    finally:
        idle_tab.quit()
