"""An admin logs a maintenance job that closes a room, records stock, and downloads reports."""

from datetime import time
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlmodel import select

from tests.e2e.backoffice.test_admin_publishes import button, click, dialog_closed
from tests.support.accounts import make_user
from tests.support.backoffice import sign_in_browser
from tests.support.backoffice_staff import ctx_for
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.browser import DESKTOP, SHOTS, download_folder, screenshot, wait_for_text
from xplorium.db import session_scope
from xplorium.models import InventoryItem, MaintenanceJob, Notification, RoomClosure
from xplorium.models.enums import BookingType, NotificationKind, Role
from xplorium.services import inventory, maintenance, rooms

pytestmark = pytest.mark.browser
DIALOG = "//div[@role='dialog']"


def on_field(driver, name: str, act) -> None:
    """`act(field)` on the dialog's field `name`, again if the form was re-rendered meanwhile."""

    def attempt(_driver) -> bool:
        act(driver.find_element(By.XPATH, f"{DIALOG}//*[@name='{name}']"))
        return True

    WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,)).until(attempt)


def fill(driver, name: str, value: str) -> None:
    def type_in(field) -> None:
        field.clear()
        field.send_keys(value)

    on_field(driver, name, type_in)


def set_value(driver, name: str, value: str) -> None:
    """Date and time inputs: their value set as a picker would (typing into them is locale-bound)."""
    on_field(
        driver, name, lambda field: driver.execute_script("arguments[0].value = arguments[1]", field, value)
    )


def choose(driver, name: str, value: str) -> None:
    on_field(driver, name, lambda field: Select(field).select_by_value(value))


@pytest.fixture
def boss(clean):
    return make_user(Role.SUPER_ADMIN, email="ana@xplorium.rs", name="Ana Admin")


def test_admin_logs_a_job_that_closes_a_room_and_is_shown_the_booking_in_the_way(app_server, browser, boss):
    day = day_ahead(9)
    party_room = rooms.room_by_slug("party_room")
    held = insert_booking(type=BookingType.PARTY, day=day, start="10:00")  # the party room until 12:45
    sign_in_browser(browser, app_server.url, boss, "/admin/maintenance")
    wait_for_text(browser, "No maintenance jobs here")

    click(browser, button("New job", "//main"))
    fill(browser, "equipment", "Air conditioner")
    choose(browser, "location", str(party_room["id"]))
    choose(browser, "kind", "REPAIR")
    fill(browser, "description", "The unit drips onto the floor; replace the drain pipe.")
    set_value(browser, "scheduled_on", day.isoformat())
    set_value(browser, "starts_time", "11:00")
    set_value(browser, "ends_time", "12:00")
    click(browser, f"{DIALOG}//button[@id='closes_room']")
    fill(browser, "cost_rsd", "8500")
    click(browser, button("Save job"))

    # The party holds that time: the admin sees it before anything is saved, and decides.
    wait_for_text(browser, "The room is already booked in that time")
    wait_for_text(browser, held.reference)
    SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(browser, str(SHOTS / "admin-maintenance-in-the-way.png"), DESKTOP)
    with session_scope() as session:
        assert session.exec(select(MaintenanceJob)).all() == []
    click(browser, button("Change the time"))
    WebDriverWait(browser, 20).until(
        lambda d: "The room is already booked" not in d.find_element(By.TAG_NAME, "body").text
    )
    set_value(browser, "starts_time", "14:00")
    set_value(browser, "ends_time", "16:00")
    click(browser, button("Save job"))
    dialog_closed(browser)
    wait_for_text(browser, "Closes the room")
    wait_for_text(browser, "8,500 RSD")
    screenshot(browser, str(SHOTS / "admin-maintenance.png"), DESKTOP)

    with session_scope() as session:
        job = session.exec(select(MaintenanceJob)).one()
        closure = session.get(RoomClosure, job.closure_id)
    assert (job.equipment, job.status, job.room_id) == ("Air conditioner", "SCHEDULED", party_room["id"])
    assert (closure.starts_time, closure.ends_time) == (time(14), time(16))

    # Completing it from its menu gives the room back.
    click(browser, "//button[@aria-label='Actions for Air conditioner']")
    click(browser, "//div[@role='menuitem'][normalize-space(.)='Mark completed']")
    wait_for_text(browser, "is now completed")
    with session_scope() as session:
        assert session.exec(select(RoomClosure)).all() == []


def test_admin_records_stock_and_the_database_keeps_it_from_going_negative(app_server, browser, boss):
    inventory.create_item(
        ctx_for(boss),
        {
            "name": "Coffee beans",
            "category": "CAFE",
            "unit": "kg",
            "reorder_point": "5",
            "opening_quantity": "12",
            "supplier_name": "Pržionica Zrno",
            "supplier_contact": "+381 11 123 4567",
        },
    )
    sign_in_browser(browser, app_server.url, boss, "/admin/inventory")
    wait_for_text(browser, "Coffee beans")

    click(browser, button("New item", "//main"))
    fill(browser, "name", "Balloons")
    choose(browser, "category", "PARTY_SUPPLIES")
    fill(browser, "unit", "pack")
    fill(browser, "reorder_point", "3")
    fill(browser, "opening_quantity", "20")
    click(browser, button("Save item"))
    dialog_closed(browser)
    wait_for_text(browser, "Balloons")

    click(browser, "//button[@aria-label='Record stock movement for Coffee beans']")
    choose(browser, "kind", "USE")
    fill(browser, "amount", "8")
    fill(browser, "note", "Weekend rush")
    click(browser, button("Record movement"))
    wait_for_text(browser, "Coffee beans: 4 kg in stock.")
    dialog_closed(browser)

    click(browser, "//button[@aria-label='Record stock movement for Coffee beans']")
    wait_for_text(browser, "Weekend rush")
    choose(browser, "kind", "USE")
    fill(browser, "amount", "10")
    click(browser, button("Record movement"))
    wait_for_text(browser, "Only 4 kg in stock: the quantity cannot go below zero.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(browser, str(SHOTS / "admin-inventory-movement.png"), DESKTOP)
    click(browser, button("Cancel", DIALOG))
    dialog_closed(browser)
    screenshot(browser, str(SHOTS / "admin-inventory.png"), DESKTOP)

    with session_scope() as session:
        beans = session.exec(select(InventoryItem).where(InventoryItem.name == "Coffee beans")).one()
        told = session.exec(select(Notification).where(Notification.kind == NotificationKind.LOW_STOCK)).all()
    assert beans.quantity == 4
    assert [n.title for n in told] == ["Reorder Coffee beans"]


def downloaded(driver, folder: Path, name: str) -> str:
    """The file once the browser has finished writing it (Chrome names it .crdownload until then)."""
    WebDriverWait(driver, 30).until(lambda _d: (folder / name).exists())
    return (folder / name).read_text(encoding="utf-8-sig")


def test_admin_downloads_reports_and_sees_maintenance_on_the_home_page(app_server, browser, boss):
    ctx = ctx_for(boss)
    inventory.create_item(
        ctx,
        {
            "name": "Wet wipes",
            "category": "CLEANING",
            "unit": "pack",
            "reorder_point": "4",
            "opening_quantity": "2",
        },
    )
    inventory.create_item(
        ctx,
        {
            "name": "Paper cups",
            "category": "CAFE",
            "unit": "pcs",
            "reorder_point": "50",
            "opening_quantity": "400",
        },
    )
    maintenance.create_job(
        ctx,
        {
            "equipment": "Trampoline springs",
            "location": "GENERAL",
            "description": "Yearly safety check.",
            "kind": "INSPECTION",
            "scheduled_on": day_ahead(-3).isoformat(),
        },
    )
    maintenance.create_job(
        ctx,
        {
            "equipment": "Sensory lights",
            "location": str(rooms.room_by_slug("sensory_room")["id"]),
            "description": "Replace the fibre-optic lamp.",
            "kind": "REPAIR",
            "scheduled_on": day_ahead(2).isoformat(),
            "starts_time": "08:00",
            "ends_time": "09:30",
            "closes_room": "on",
        },
    )
    sign_in_browser(browser, app_server.url, boss, "/admin/reports")
    wait_for_text(browser, "Items to reorder")
    SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(browser, str(SHOTS / "admin-reports.png"), DESKTOP)

    folder = download_folder(browser)
    click(browser, "//a[@id='report-reorder']")
    reorder = downloaded(browser, folder, "xplorium-reorder.csv")
    assert "Wet wipes,CLEANING,2,pack,4" in reorder and "Paper cups" not in reorder
    click(browser, "//a[@id='report-maintenance']")
    assert "Trampoline springs" in downloaded(browser, folder, "xplorium-maintenance.csv")
    assert "404" not in browser.find_element(By.TAG_NAME, "body").text

    browser.get(app_server.url + "/admin")
    wait_for_text(browser, "Trampoline springs")
    wait_for_text(browser, "Sensory lights")
    screenshot(browser, str(SHOTS / "admin-home-maintenance.png"), DESKTOP)
