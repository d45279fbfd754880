"""Redis, where Reflex keeps every tab's state, is killed and started again under a running app
(a Redis of the test's own, never the shared one): open boards notice, say "reconnecting",
and show the next booking without a reload; a parent booking meanwhile gets a clear answer."""

import pytest

from tests.support.accounts import make_user, open_session
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture (a parent books a published package)
from tests.support.raw_client import RawClient
from xplorium import live
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.models.enums import BookingType, Role
from xplorium.state.booking import BookingState
from xplorium.state.live import BoardShared, LiveState
from xplorium.state.outage import OUTAGE_MESSAGE

pytestmark = pytest.mark.browser

BOARD = BoardShared.get_full_name()
BOOKING = BookingState.get_full_name()
NEXT_BOOKING_LIMIT = 5.0


def _admin_cookie() -> str:
    return f"{SESSION_COOKIE_NAME}={open_session(make_user(Role.ADMIN))}"


def _link(client: RawClient) -> str:
    """The link state the board last told this screen."""
    values = [d[BOARD]["link_rx_state_"] for d in client.deltas() if "link_rx_state_" in d.get(BOARD, {})]
    return values[-1] if values else ""


def _wait_link(client: RawClient, state: str, timeout: float = 15) -> None:
    client.wait_until(lambda: _link(client) == state, timeout, f"link {state}")


def _parent(server) -> RawClient:
    return RawClient(server.url, path=f"/en/book?type={BookingType.CAFE.value}")


def _book(parent: RawClient, day: str, start: str, name: str) -> None:
    """What the /book page sends: load the form, pick the day and time, submit."""
    parent.call(f"{BOOKING}.load_form")
    parent.wait_until(lambda: parent.value(BOOKING, "days"), 15, "the form")
    parent.call(f"{BOOKING}.choose_day", {"value": day})
    parent.wait_until(lambda: parent.value(BOOKING, "checking") is False, 15, "the day's slots")
    parent.call(f"{BOOKING}.choose_time", {"value": start})
    parent.wait_until(lambda: parent.value(BOOKING, "start_time") == start, 15, "the time")
    parent.call(
        f"{BOOKING}.submit",
        {"form_data": {"contact_name": name, "email": "outage@example.com", "phone": "064 555 1234"}},
    )


def test_boards_notice_a_redis_restart_and_show_the_next_booking_without_a_reload(catalog, own_redis_server):
    server = own_redis_server
    before = insert_booking(day=day_ahead(1), start="11:00", name="Prva Roditeljka")
    with (
        RawClient(server.url, cookie=_admin_cookie(), path="/admin/board") as board_1,
        RawClient(server.url, cookie=_admin_cookie(), path="/admin/board") as board_2,
    ):
        boards = (board_1, board_2)
        for board in boards:
            board.call(f"{LiveState.get_full_name()}.join")
            board.wait_for(before.reference)
            _wait_link(board, live.LIVE)

        server.redis.stop()
        for board in boards:
            _wait_link(board, live.RECONNECTING)
        server.redis.start()
        for board in boards:
            _wait_link(board, live.LIVE)
            board.clear()

        with _parent(server) as parent:
            _book(parent, day_ahead(2).isoformat(), "12:00", "Posle Restarta")
            parent.wait_until(
                lambda: (parent.value(BOOKING, "confirmation") or {}).get("reference"), 20, "booked"
            )
            reference = parent.value(BOOKING, "confirmation")["reference"]
        for board in boards:
            assert board.wait_for(reference, timeout=NEXT_BOOKING_LIMIT) < NEXT_BOOKING_LIMIT
            assert "Posle Restarta" in board.text()


def test_a_parent_booking_while_redis_is_down_gets_a_clear_answer(catalog, own_redis_server):
    server = own_redis_server
    day = day_ahead(3).isoformat()
    with _parent(server) as parent:
        parent.call(f"{BOOKING}.load_form")
        parent.wait_until(lambda: parent.value(BOOKING, "days"), 15, "the form")
        server.redis.stop()
        try:
            parent.clear()
            parent.call(f"{BOOKING}.submit", {"form_data": {"contact_name": "Za Vreme Kvara"}})
            parent.wait_for_toast(OUTAGE_MESSAGE, timeout=15)
        finally:
            server.redis.start()
        # Just after the restart the form's state is gone: the submit is answered, not dropped.
        parent.clear()
        parent.call(f"{BOOKING}.submit", {"form_data": {"contact_name": "Odmah Posle"}})
        parent.wait_for_toast(OUTAGE_MESSAGE, timeout=15)
        # And the form works again once it has reloaded.
        _book(parent, day, "15:00", "Ponovo Radi")
        parent.wait_until(
            lambda: (parent.value(BOOKING, "confirmation") or {}).get("reference"), 20, "booked"
        )


def test_the_board_page_says_reconnecting_and_comes_back_live_by_itself(catalog, own_redis_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    from tests.support.board import card, not_reloaded, open_board, wait_live
    from tests.support.booking_form import wait

    server = own_redis_server
    driver = open_board(server.url, open_session(make_user(Role.ADMIN)))
    try:
        server.redis.stop()
        try:
            wait(driver, EC.visibility_of_element_located((By.ID, "live-reconnecting")))
            assert not driver.find_element(By.ID, "live-badge").is_displayed()
        finally:
            server.redis.start()
        wait_live(driver, timeout=15)
        with _parent(server) as parent:
            _book(parent, day_ahead(4).isoformat(), "10:00", "Ekran Se Vratio")
            parent.wait_until(
                lambda: (parent.value(BOOKING, "confirmation") or {}).get("reference"), 20, "booked"
            )
            reference = parent.value(BOOKING, "confirmation")["reference"]
        located = EC.presence_of_element_located((By.CSS_SELECTOR, card("pending", reference)))
        wait(driver, located, timeout=NEXT_BOOKING_LIMIT)
        assert not_reloaded(driver)
    finally:
        driver.quit()
