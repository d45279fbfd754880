"""The managers' pages in headless Chromium, on a realistic history.

The dashboard shows its charts (SVG with data), and when an admin in ANOTHER browser completes
a paid booking, the manager's dashboard — never reloaded — shows the customer's new tier: the
completion earned points in its transaction and the live board's push made the dashboard
re-read its aggregates. Screenshots of the dashboard, customers and loyalty pages are saved to
test-artifacts/screenshots/.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.support import venue_history
from tests.support.accounts import make_user, open_session
from tests.support.board import wait_live
from tests.support.browser import (
    DESKTOP,
    PHONE,
    SHOTS,
    new_browser,
    screenshot,
    sideways_overflow,
    sign_in_with_cookie,
)
from xplorium.db import session_scope
from xplorium.models import Booking, User
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services import clock

pytestmark = pytest.mark.browser

LIVE_LIMIT = 20  # seconds for the push, the refresh and the re-render on a loaded 2-core machine


def wait(driver, condition, timeout: float = 30):
    return WebDriverWait(driver, timeout).until(condition)


def text(driver, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).text.strip()


def count(driver, selector: str) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, selector))


def jelena_with_a_paid_booking() -> tuple[User, Booking]:
    """950 points (Bronze); her approved, paid 10 000 RSD party earns 100 points on completion."""
    with session_scope() as session:
        jelena = User(
            email="jelena.live@example.com", name="Jelena Živković", role=Role.USER, loyalty_points=950
        )
        session.add(jelena)
        session.flush()
        today = clock.local_now().date()
        starts_at = datetime.combine(today, time(7))
        created = clock.now() - timedelta(days=5)
        booking = Booking(
            reference="LIVE0001",
            type=BookingType.EVENT,
            status=BookingStatus.APPROVED,
            date=today,
            start_time=starts_at.time(),
            duration_minutes=60,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            blocked_until=starts_at + timedelta(hours=1),
            guest_count=12,
            contact_name=jelena.name,
            email=jelena.email,
            phone="+381641112233",
            price_quote=Decimal(10000),
            payment_amount=Decimal(10000),
            paid=True,
            paid_at=created + timedelta(days=1),
            user_id=jelena.id,
            created_at=created,
            updated_at=created,
            approved_at=created + timedelta(hours=2),
        )
        session.add(booking)
        session.flush()
        return jelena, booking


def open_as(base_url: str, user: User, path: str):
    driver = new_browser(DESKTOP)
    sign_in_with_cookie(driver, base_url, open_session(user))
    driver.get(base_url + path)
    return driver


def test_the_dashboard_charts_the_history_and_follows_a_completion_made_elsewhere(clean, app_server):
    venue_history.seed()
    jelena, booking = jelena_with_a_paid_booking()
    manager = make_user(Role.SUPER_ADMIN, name="Mila Menadžer")
    desk = make_user(Role.ADMIN, name="Desk Admin")

    dashboard = open_as(app_server.url, manager, "/admin/dashboard")
    admin = None
    try:
        wait(dashboard, EC.presence_of_element_located((By.ID, "tier-count-SILVER")))
        wait_live(dashboard)
        dashboard.execute_script("window.__xpNoReload = true;")
        # Charts drew SVG from the data: bars per month, pie sectors per tier, forecast lines.
        wait(dashboard, lambda d: count(d, "#chart-monthly svg .recharts-bar-rectangle") >= 12)
        assert count(dashboard, "#chart-tiers svg .recharts-pie-sector") >= 3
        assert count(dashboard, "#chart-forecast svg .recharts-line-curve") >= 2
        assert count(dashboard, "#chart-points svg .recharts-bar-rectangle") >= 3
        assert count(dashboard, "#chart-tier-changes svg .recharts-bar-rectangle") >= 3
        assert count(dashboard, "#chart-top-customers svg .recharts-bar-rectangle") >= 5
        assert count(dashboard, "#chart-by-type svg .recharts-pie-sector") >= 4
        assert count(dashboard, "#chart-segments svg .recharts-bar-rectangle") >= 3
        assert text(dashboard, "forecast-r2").startswith("R² ")
        assert text(dashboard, "kpi-revenue").replace(",", "").isdigit()
        bronze, silver = int(text(dashboard, "tier-count-BRONZE")), int(text(dashboard, "tier-count-SILVER"))

        # Another admin, in another browser, completes Jelena's paid booking on the bookings page.
        admin = open_as(app_server.url, desk, f"/admin/bookings?reference={booking.reference}")
        wait_live(admin)
        complete = wait(
            admin,
            EC.element_to_be_clickable(
                (By.XPATH, "//div[@id='booking-panel']//button[normalize-space()='Complete']")
            ),
        )
        complete.click()
        wait(admin, EC.element_to_be_clickable((By.ID, "confirm-complete"))).click()
        wait(admin, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-sonner-toast]"), "completed"))

        # The manager's dashboard follows without a reload: Jelena moved from Bronze to Silver.
        wait(dashboard, lambda d: text(d, "tier-count-SILVER") == str(silver + 1), timeout=LIVE_LIMIT)
        assert text(dashboard, "tier-count-BRONZE") == str(bronze - 1)
        assert dashboard.execute_script("return window.__xpNoReload === true;")
        with session_scope() as session:
            assert session.get(User, jelena.id).loyalty_points == 1050

        dashboard.execute_script("window.scrollTo(0, 0);")
        screenshot(dashboard, str(SHOTS / "insights-dashboard.png"), DESKTOP)
        screenshot(dashboard, str(SHOTS / "insights-dashboard-phone.png"), PHONE)
        # On a phone the page fits the screen: nothing scrolls sideways.
        assert not sideways_overflow(dashboard), sideways_overflow(dashboard)

    finally:
        dashboard.quit()
        if admin is not None:
            admin.quit()


def test_customers_and_loyalty_pages(clean, app_server):
    handles = venue_history.seed()
    manager = make_user(Role.ADMIN, name="Mila Menadžer")
    top = handles["customers"][0]
    driver = open_as(app_server.url, manager, "/admin/customers")
    try:
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "[id^='customer-']")))
        # The totals come from the sync: run it from the page's tools menu.
        driver.find_element(By.XPATH, "//button[normalize-space()='Tools']").click()
        wait(
            driver,
            EC.element_to_be_clickable((By.XPATH, "//*[normalize-space()='Rebuild totals from bookings']")),
        ).click()
        wait(
            driver, EC.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Rebuild totals']"))
        ).click()
        wait(
            driver,
            EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-sonner-toast]"), "Totals rebuilt"),
        )
        wait(driver, EC.text_to_be_present_in_element((By.ID, "last-sync"), "were rebuilt"))
        # Sorted by last booking, the regulars come first now that their totals are counted.
        wait(driver, EC.presence_of_element_located((By.ID, f"customer-{top}")))
        screenshot(driver, str(SHOTS / "insights-customers.png"), DESKTOP)

        driver.get(app_server.url + f"/admin/customers/{top}")
        wait(driver, EC.presence_of_element_located((By.ID, "customer-bookings-table")))
        assert int(text(driver, "customer-bookings")) > 5
        tag = driver.find_element(By.ID, "new-tag")
        tag.send_keys("vip-parties", Keys.ENTER)
        wait(driver, EC.text_to_be_present_in_element((By.ID, "customer-tags"), "vip-parties"))
        driver.execute_script("window.scrollTo(0, 0);")
        screenshot(driver, str(SHOTS / "insights-customer.png"), DESKTOP)
        screenshot(driver, str(SHOTS / "insights-customer-phone.png"), PHONE)
        driver.set_window_size(*DESKTOP)

        driver.get(app_server.url + f"/admin/loyalty?customer={top}")
        wait(driver, EC.presence_of_element_located((By.ID, "picked-name")))
        before = int(text(driver, "picked-points").split()[0])
        driver.find_element(By.ID, "points").send_keys("-250")
        driver.find_element(By.ID, "reason").send_keys("Correction after a refund")
        driver.find_element(By.ID, "review-adjustment").click()
        wait(driver, EC.element_to_be_clickable((By.ID, "apply-adjustment"))).click()
        wait(driver, lambda d: text(d, "picked-points") == f"{before - 250} pts")
        wait(driver, EC.text_to_be_present_in_element((By.ID, "ledger-table"), "Correction after a refund"))
        # Past the limit: refused beside the field, nothing changes.
        driver.find_element(By.ID, "points").send_keys("20000")
        driver.find_element(By.ID, "reason").send_keys("Too generous")
        driver.find_element(By.ID, "review-adjustment").click()
        wait(driver, EC.text_to_be_present_in_element((By.ID, "points-error"), "at most 10000"))
        assert text(driver, "picked-points") == f"{before - 250} pts"
        screenshot(driver, str(SHOTS / "insights-loyalty.png"), DESKTOP)
    finally:
        driver.quit()


def test_parents_are_sent_to_sign_in_from_the_managers_pages(clean, app_server):
    parent = make_user(Role.USER, name="Curious Parent")
    driver = open_as(app_server.url, parent, "/admin/dashboard")
    try:
        wait(driver, EC.url_contains("/signin"))
        assert "Revenue" not in driver.find_element(By.TAG_NAME, "body").text
    finally:
        driver.quit()
