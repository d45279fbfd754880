"""The front desk's rooms: the calendar's day by room shows each booking in its room's column
with the room's occupancy, a block opens the booking; the rooms page closes and reopens a room.
Both at desktop and phone width (the columns scroll inside their box, never the page)."""

from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from tests.support.accounts import make_user, open_session
from tests.support.board import open_board
from tests.support.booking_form import wait
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.browser import DESKTOP, PHONE, screenshot, sideways_overflow
from xplorium.config import PROJECT_ROOT
from xplorium.db import session_scope
from xplorium.models import RoomClosure
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services import rooms

pytestmark = pytest.mark.browser

SHOTS = PROJECT_ROOT / "test-artifacts" / "rooms"


def closures_of(room_id: int) -> list[str]:
    with session_scope() as session:
        return list(session.exec(select(RoomClosure.reason).where(RoomClosure.room_id == room_id)))


def _click_text(driver, text: str, within: str = "") -> None:
    wait(
        driver, EC.element_to_be_clickable((By.XPATH, f"{within}//button[normalize-space()='{text}']"))
    ).click()


@pytest.mark.parametrize("size_name", ["desktop", "phone"])
def test_the_calendar_shows_each_booking_in_its_room_with_the_occupancy(clean, app_server, size_name):
    size = {"desktop": DESKTOP, "phone": PHONE}[size_name]
    day = day_ahead(2)
    visit = insert_booking(
        day=day, start="10:00", type=BookingType.PLAYGROUND, guests=4, name="Milica Jovanović"
    )
    party = insert_booking(
        day=day, start="15:00", type=BookingType.PARTY, status=BookingStatus.APPROVED, name="Jelena Petrović"
    )
    playroom, party_room = rooms.room_by_slug("playroom"), rooms.room_by_slug("party_room")
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver = open_board(
        app_server.url, open_session(make_user(Role.ADMIN, name="Desk")), path="/admin/calendar", size=size
    )
    try:
        wait(driver, EC.presence_of_element_located((By.ID, "calendar-month")))
        # The view switch's item (its label is written twice inside, once for each state).
        wait(
            driver,
            EC.element_to_be_clickable(
                (By.XPATH, "//button[@role='radio'][.//span[normalize-space()='Rooms']]")
            ),
        ).click()
        wait(driver, EC.presence_of_element_located((By.ID, "calendar-rooms")))
        for _ in range(2):  # today, then two days on
            title = driver.find_element(By.ID, "calendar-title").text
            driver.find_element(By.CSS_SELECTOR, "[aria-label='Next']").click()
            wait(driver, lambda d, before=title: d.find_element(By.ID, "calendar-title").text != before)
        playroom_column = f"#room-column-{playroom['id']}"
        block = wait(
            driver,
            EC.presence_of_element_located(
                (By.CSS_SELECTOR, f"{playroom_column} [aria-label$='{visit.reference}']")
            ),
        )
        column = driver.find_element(By.CSS_SELECTOR, playroom_column)
        assert "4 / 30 at the busiest" in column.text
        assert "10:00" in block.text and "4 places" in block.text
        party_column = driver.find_element(By.CSS_SELECTOR, f"#room-column-{party_room['id']}")
        assert party.reference in party_column.text and "Whole room" in party_column.text
        assert visit.reference not in party_column.text
        assert not sideways_overflow(driver), sideways_overflow(driver)
        screenshot(driver, str(SHOTS / f"calendar-rooms-{size_name}.png"), size)

        driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", block)
        wait(driver, EC.element_to_be_clickable(block)).click()
        wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), "Milica Jovanović"))

        # The dashboard draws a line of occupancy per room, and lists them in its table.
        driver.get(app_server.url + "/admin/dashboard")
        wait(driver, EC.text_to_be_present_in_element((By.ID, "chart-occupancy"), "Sensory room"))
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chart-occupancy .recharts-line")) == 4)
        assert not sideways_overflow(driver), sideways_overflow(driver)
        screenshot(driver, str(SHOTS / f"dashboard-{size_name}.png"), size)
    finally:
        driver.quit()


def test_a_room_is_closed_only_where_nothing_is_booked_and_reopened_after_asking(clean, app_server):
    booked_day = day_ahead(3)
    visit = insert_booking(day=booked_day, start="11:00", type=BookingType.SENSORY_ROOM, guests=2)
    sensory = rooms.room_by_slug("sensory_room")
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver = open_board(app_server.url, open_session(make_user(Role.ADMIN, name="Desk")))
    try:
        # The sidebar's link, as the admin would.
        wait(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, "a[href$='/admin/rooms']"))).click()
        wait(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "Sensory room"))
        row = "//tr[.//*[normalize-space()='Sensory room']]"
        _click_text(driver, "Close room", row)
        dialog = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "[role='dialog']")))
        assert "Close the Sensory room" in dialog.text

        def fill(first, last, reason):
            driver.execute_script(
                "document.getElementById('starts_on').value = arguments[0];"
                "document.getElementById('ends_on').value = arguments[1];",
                first.isoformat(),
                last.isoformat(),
            )
            field = driver.find_element(By.ID, "reason")
            field.clear()
            field.send_keys(reason)
            _click_text(driver, "Close room", "//*[@role='dialog']")

        # Over the booked day: refused, naming the booking in the way, and nothing is closed.
        fill(booked_day - timedelta(days=1), booked_day, "Repainting")
        wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[role='dialog']"), visit.reference))
        assert "already booked" in driver.find_element(By.CSS_SELECTOR, "[role='dialog']").text
        assert closures_of(sensory["id"]) == []
        # Days after it: closed, and listed with the reason.
        free = booked_day + timedelta(days=1)
        fill(free, free + timedelta(days=1), "Repainting")
        wait(driver, EC.invisibility_of_element_located((By.CSS_SELECTOR, "[role='dialog']")))
        wait(driver, EC.text_to_be_present_in_element((By.XPATH, row), "Repainting"))
        assert closures_of(sensory["id"]) == ["Repainting"]
        screenshot(driver, str(SHOTS / "rooms-admin-desktop.png"), DESKTOP)
        driver.set_window_size(*PHONE)
        assert not sideways_overflow(driver), sideways_overflow(driver)
        screenshot(driver, str(SHOTS / "rooms-admin-phone.png"), PHONE)
        driver.set_window_size(*DESKTOP)

        _click_text(driver, "Reopen", row)
        confirm = wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, "[role='alertdialog']")))
        assert "Repainting" in confirm.text
        _click_text(driver, "Reopen", "//*[@role='alertdialog']")
        wait(driver, lambda d: "Repainting" not in d.find_element(By.XPATH, row).text)
        assert closures_of(sensory["id"]) == []
    finally:
        driver.quit()
