"""In the browser, as the admin does it: write a campaign and see how many it reaches,
check an import file and read its problems, download the backup, and a parent downloads
their own data from the profile."""

import csv
import io
import json
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.backoffice.test_admin_publishes import button, click
from tests.support.accounts import make_user
from tests.support.backoffice import sign_in_browser
from tests.support.browser import DESKTOP, SHOTS, download_folder, screenshot, wait_for_text
from tests.support.customers import make_customer
from xplorium.models.enums import Role
from xplorium.services.exports import CSV_COLUMNS

pytestmark = pytest.mark.browser


def downloaded(driver, folder: Path, name: str) -> dict:
    """The JSON file once the browser has finished writing it."""
    WebDriverWait(driver, 30).until(lambda _d: (folder / name).exists())
    return json.loads((folder / name).read_text(encoding="utf-8"))


def type_into(driver, element_id: str, text: str) -> None:
    field = WebDriverWait(driver, 20).until(EC.element_to_be_clickable((By.ID, element_id)))
    field.clear()
    field.send_keys(text)


def count_is(driver, expected: str) -> None:
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "recipient-count").text == expected)


def test_admin_writes_a_campaign_and_sees_how_many_it_reaches(clean, app_server, browser):
    admin = make_user(Role.ADMIN, email="desk@xplorium.rs", name="Desk Admin")
    make_customer("ana@example.com", marketing_opt_in=True, tags=["spring"])
    make_customer("bojan@example.com", marketing_opt_in=True)
    make_customer("ceca@example.com", marketing_opt_in=False, tags=["spring"])
    sign_in_browser(browser, app_server.url, admin, "/admin/campaigns")
    wait_for_text(browser, "New campaign")
    count_is(browser, "2")

    type_into(browser, "name", "Spring news")
    type_into(browser, "subject", "New sensory sessions")
    type_into(browser, "body", "Come and play this spring.")
    type_into(browser, "tags", "spring")
    browser.find_element(By.ID, "tags").send_keys(Keys.TAB)
    count_is(browser, "1")
    screenshot(browser, str(SHOTS / "admin-campaigns-form.png"), DESKTOP)
    click(browser, button("Save draft"))

    wait_for_text(browser, "saved as a draft")
    wait_for_text(browser, "Draft")
    assert "Spring news" in browser.find_element(By.TAG_NAME, "table").text
    click(browser, button("Send…"))
    wait_for_text(browser, "Send “Spring news”?")
    screenshot(browser, str(SHOTS / "admin-campaigns.png"), DESKTOP)


def test_admin_checks_an_import_file_and_reads_each_rows_problems(clean, app_server, browser, tmp_path):
    admin = make_user(Role.ADMIN, email="desk@xplorium.rs", name="Desk Admin")
    good = {
        "type": "PLAYGROUND",
        "status": "COMPLETED",
        "date": "2026-03-02",
        "start": "10:00",
        "duration_minutes": "120",
        "guest_count": "3",
        "contact_name": "Jelena Petrović",
        "email": "jelena@example.com",
        "phone": "064 123 4567",
        "price": "1800",
        "rooms": "Playroom",
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows([good, {**good, "guest_count": "many", "email": "jelena@example.com"}])
    path = tmp_path / "bookings.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    sign_in_browser(browser, app_server.url, admin, "/admin/import")
    wait_for_text(browser, "Bookings or events from a CSV file")

    browser.find_element(By.CSS_SELECTOR, "input[type='file']").send_keys(str(path))
    wait_for_text(browser, "bookings.csv")
    click(browser, button("Check file"))

    wait_for_text(browser, "1 of 2 rows have problems; nothing was imported.")
    table = browser.find_element(By.TAG_NAME, "table").text
    assert "Guests: enter a whole number" in table
    assert "OK" in table
    screenshot(browser, str(SHOTS / "admin-import.png"), DESKTOP)


def test_super_admin_downloads_the_backup(clean, app_server, browser):
    boss = make_user(Role.SUPER_ADMIN, email="owner@xplorium.rs", name="Owner")
    make_customer("ana@example.com", marketing_opt_in=True)
    folder = download_folder(browser)
    sign_in_browser(browser, app_server.url, boss, "/admin/backup")
    wait_for_text(browser, "Download a backup")
    screenshot(browser, str(SHOTS / "admin-backup.png"), DESKTOP)

    click(browser, "//*[@id='backup-download']")

    backup = downloaded(browser, folder, "xplorium-backup.json")
    assert backup["format"] == "xplorium-backup"
    assert "ana@example.com" in {u["email"] for u in backup["tables"]["users"]}
    assert "404" not in browser.find_element(By.TAG_NAME, "body").text


def test_a_parent_downloads_their_data_from_the_profile(clean, app_server, browser):
    parent = make_user(Role.USER, email="jelena@example.com", name="Jelena")
    make_user(Role.USER, email="someone.else@example.com", name="Other")
    folder = download_folder(browser)
    sign_in_browser(browser, app_server.url, parent, "/profile")
    wait_for_text(browser, "My data")

    click(browser, "//*[@id='download-my-data']")

    data = downloaded(browser, folder, f"xplorium-data-{parent.id}.json")
    assert data["account"]["email"] == "jelena@example.com"
    assert "someone.else" not in json.dumps(data)
    screenshot(browser, str(SHOTS / "profile-my-data.png"), DESKTOP)


def test_admin_downloads_a_customers_data_from_their_page(clean, app_server, browser):
    admin = make_user(Role.ADMIN, email="desk@xplorium.rs", name="Desk Admin")
    customer = make_customer("ana@example.com", marketing_opt_in=True)
    folder = download_folder(browser)
    sign_in_browser(browser, app_server.url, admin, f"/admin/customers/{customer.id}")
    wait_for_text(browser, "Data request")

    click(browser, "//*[@id='customer-data-download']")

    assert (
        downloaded(browser, folder, f"xplorium-data-{customer.id}.json")["account"]["email"]
        == "ana@example.com"
    )
    click(browser, button("Erase personal data…"))
    wait_for_text(browser, "Erase this customer's personal data?")
    screenshot(browser, str(SHOTS / "admin-customer-data-request.png"), DESKTOP)
