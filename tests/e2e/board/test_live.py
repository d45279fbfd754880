"""The live board in real browsers: two admins and a parent, with the app on two backend workers
behind Redis. A parent's booking appears on both boards without a reload, and an approval on
one board shows on the other — also when the two admins sit on different workers.
"""

import json
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.support.accounts import make_user, open_session
from tests.support.board import (
    card,
    not_reloaded,
    open_board,
    raw_redis,
    seen_at,
    socket_owner,
    tab_token,
    text,
    wait_live,
    watch,
)
from tests.support.booking_form import book_party, wait
from tests.support.browser import SHOTS, new_browser
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from xplorium.config import PROJECT_ROOT
from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.models.enums import Role

pytestmark = pytest.mark.browser

# Each delivery must arrive within this many seconds of the action (the issue asks for 1 s;
# the margin covers a loaded 2-core CI machine and Selenium's own click latency).
FANOUT_LIMIT = 2.0
WORKER_ATTEMPTS = 8
TIMINGS = PROJECT_ROOT / "test-artifacts" / "board-fanout.json"


def _record(name: str, values: dict) -> None:
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    data[name] = values
    TIMINGS.write_text(json.dumps(data, indent=2))


def _admins_on_different_workers(base_url: str, tokens: list[str], redis_client):
    """Open admin boards until two sit on different backend workers (bounded attempts)."""
    opened: list = []
    owners: dict[str, list] = {}
    try:
        for attempt in range(WORKER_ATTEMPTS):
            driver = open_board(base_url, tokens[attempt % len(tokens)])
            opened.append(driver)
            owner = socket_owner(redis_client, tab_token(driver))
            assert owner, "the tab has no socket record in Redis"
            owners.setdefault(owner, []).append(driver)
            if len(owners) >= 2:
                first, second = (drivers[0] for drivers in list(owners.values())[:2])
                for extra in opened:
                    if extra not in (first, second):
                        extra.quit()
                return first, second, list(owners)[:2]
        pytest.fail(
            f"{WORKER_ATTEMPTS} admin tabs all landed on one backend worker: is the app multi-worker?"
        )
    except BaseException:
        for driver in opened:
            driver.quit()
        raise


@pytest.mark.parametrize("placement", ["any worker", "different workers"])
def test_parent_booking_reaches_both_boards_and_an_approval_crosses(
    catalog, app_server, smtp_sink, placement
):
    redis_client = raw_redis()
    tokens = [
        open_session(make_user(Role.ADMIN, name="Desk One")),
        open_session(make_user(Role.SUPER_ADMIN, name="Desk Two")),
    ]
    if placement == "different workers":
        board_1, board_2, workers = _admins_on_different_workers(app_server.url, tokens, redis_client)
        assert workers[0] != workers[1]
    else:
        board_1, board_2 = (open_board(app_server.url, token) for token in tokens)
    parent = new_browser()
    try:
        for board in (board_1, board_2):
            assert text(board, "count-pending") == "0"
            assert not board.title.startswith("(")

        day = next_weekday(5)
        start = "14:00" if placement == "any worker" else "17:00"
        for board in (board_1, board_2):
            watch(board, "[id^='booking-XP-']")
        reference, pressed = book_party(parent, app_server.url, catalog, day, start, "Jelena Petrović")
        arrived = [seen_at(board, "[id^='booking-XP-']") for board in (board_1, board_2)]

        for board in (board_1, board_2):
            pending_card = board.find_element(By.CSS_SELECTOR, card("pending", reference))
            assert "Jelena Petrović" in pending_card.text and "New" in pending_card.text
            assert text(board, "count-pending") == "1"
            wait(board, lambda d: d.title.startswith("(1) "))
            wait(board, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-sonner-toast]"), reference))
            wait(board, EC.text_to_be_present_in_element((By.ID, "unread-count"), "1"))
            assert not_reloaded(board)
        if placement == "any worker":
            # What the front desk sees the moment a booking arrives: toast, highlighted card, title.
            SHOTS.mkdir(parents=True, exist_ok=True)
            board_1.save_screenshot(str(SHOTS / "admin-board-new-booking.png"))
        submit_to_board = [round(t - pressed, 3) for t in arrived]
        assert max(submit_to_board) < FANOUT_LIMIT + 3, submit_to_board  # includes the booking itself

        # An approval on one board shows on the other at once.
        watch(board_2, card("approved", reference))
        board_1.find_element(By.CSS_SELECTOR, card("pending", reference) + " .xp-approve").click()
        confirm = wait(board_1, EC.element_to_be_clickable((By.ID, "confirm-approve")))
        clicked = time.time()
        confirm.click()
        delivered = seen_at(board_2, card("approved", reference))
        approval_delay = round(delivered - clicked, 3)
        assert approval_delay < FANOUT_LIMIT, approval_delay
        for board in (board_1, board_2):
            wait(board, EC.presence_of_element_located((By.CSS_SELECTOR, card("approved", reference))))
            assert board.find_elements(By.CSS_SELECTOR, card("pending", reference)) == []
            wait(board, lambda d: not d.title.startswith("("))
            assert text(board, "count-approved") == "1" and text(board, "count-pending") == "0"
            assert not_reloaded(board)

        with session_scope() as session:
            assert (
                session.exec(select(Booking.status).where(Booking.reference == reference)).one() == "APPROVED"
            )
        smtp_sink.wait_for("jelena@example.com", f"{reference}: Confirmed")
        _record(
            placement, {"submit_to_boards_s": submit_to_board, "approval_to_other_board_s": approval_delay}
        )
    finally:
        for driver in (board_1, board_2, parent):
            driver.quit()


def test_a_board_opened_later_shows_the_current_snapshot(catalog, app_server):
    """A screen that joins after changes gets the current board (not an empty one)."""
    from tests.support.bookings_data import day_ahead, insert_booking

    booking = insert_booking(day=day_ahead(1), start="11:00", name="Marko Marković")
    driver = open_board(app_server.url, open_session(make_user(Role.ADMIN)))
    try:
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, card("pending", booking.reference))))
        # A second visit from the same tab reuses the link without losing it.
        driver.get(app_server.url + "/admin/bookings")
        wait_live(driver)
        wait(driver, EC.presence_of_element_located((By.ID, f"row-{booking.reference}")))
    finally:
        driver.quit()


def test_an_event_filling_up_rings_every_admin_bell(catalog, app_server):
    """A parent takes the last places of an event: each open admin screen's bell counts it at once."""
    from tests.support.raw_client import RawClient
    from xplorium.services import registrations
    from xplorium.services.context import RequestContext
    from xplorium.state.events import EventDetailState

    registrations.register(
        RequestContext(ip="198.51.100.7"),
        "lego-workshop",
        {"name": "Prva Mama", "email": "prva@example.com", "guest_count": 10},
    )
    admin = open_board(app_server.url, open_session(make_user(Role.ADMIN)))
    try:
        assert admin.find_elements(By.ID, "unread-count") == []
        path = "/events/lego-workshop"
        with RawClient(app_server.url, path=path) as parent:
            parent.call(f"{EventDetailState.get_full_name()}.load_event")
            parent.wait_for("LEGO building workshop")
            parent.call(
                f"{EventDetailState.get_full_name()}.register",
                {"form_data": {"name": "Druga Mama", "email": "druga@example.com", "guest_count": "2"}},
            )
            parent.wait_for("You are registered")
        wait(admin, EC.text_to_be_present_in_element((By.ID, "unread-count"), "2"))
        admin.find_element(By.ID, "notification-bell").click()
        wait(admin, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "LEGO building workshop is full"))
        assert not_reloaded(admin)
    finally:
        admin.quit()
