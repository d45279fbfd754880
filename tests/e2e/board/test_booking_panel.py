"""The detail panel's actions in a browser: reject asks for a reason (checked beside the field),
payments and notes are recorded, the history grows, and another admin's list follows live."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.support.accounts import make_user, open_session
from tests.support.board import card, not_reloaded, open_board
from tests.support.booking_form import wait
from tests.support.bookings_data import day_ahead, get_booking, insert_booking
from xplorium.models.enums import BookingStatus, Role

pytestmark = pytest.mark.browser


def _panel_text(driver, text: str) -> None:
    wait(driver, EC.text_to_be_present_in_element((By.ID, "booking-panel"), text))


def test_reject_pay_and_notes_through_the_panel(clean, app_server, smtp_sink):
    pending = insert_booking(
        day=day_ahead(2), start="10:00", name="Ivana Đorđević", email="ivana@example.com"
    )
    approved = insert_booking(
        day=day_ahead(3), start="15:00", status=BookingStatus.APPROVED, name="Marko Nikolić", price="12000"
    )
    desk = open_board(app_server.url, open_session(make_user(Role.ADMIN, name="Desk")))
    office = open_board(
        app_server.url, open_session(make_user(Role.ADMIN, name="Office")), path="/admin/bookings"
    )
    try:
        wait(office, EC.presence_of_element_located((By.ID, f"row-{pending.reference}")))

        # Reject from the card: the confirmation asks for a reason of 10 characters or more.
        wait(desk, EC.element_to_be_clickable((By.CSS_SELECTOR, card("pending", pending.reference))))
        desk.find_element(
            By.CSS_SELECTOR, f"{card('pending', pending.reference)} [aria-label^='Reject']"
        ).click()
        reason = wait(desk, EC.visibility_of_element_located((By.ID, "reject-reason")))
        reason.send_keys("Too late")
        desk.find_element(By.ID, "confirm-reject").click()
        wait(desk, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[role='alertdialog']"), "at least 10"))
        assert get_booking(pending.id).status == BookingStatus.PENDING
        reason.send_keys(": the party room is closed that day")
        desk.find_element(By.ID, "confirm-reject").click()
        wait(desk, EC.invisibility_of_element_located((By.ID, "reject-reason")))
        _panel_text(desk, "Rejected")
        _panel_text(desk, "REJECT")  # the history shows the change
        assert get_booking(pending.id).status == BookingStatus.REJECTED
        smtp_sink.wait_for("ivana@example.com", pending.reference)
        # The other admin's list follows without a reload.
        wait(office, EC.text_to_be_present_in_element((By.ID, f"row-{pending.reference}"), "Rejected"))
        assert not_reloaded(office)
        desk.find_element(By.CSS_SELECTOR, "[aria-label='Close']").click()

        # Payment and notes on the approved one.
        wait(
            desk, EC.element_to_be_clickable((By.CSS_SELECTOR, card("approved", approved.reference)))
        ).click()
        _panel_text(desk, "Marko Nikolić")
        desk.find_element(By.XPATH, "//button[normalize-space()='Mark paid']").click()
        amount = wait(desk, EC.visibility_of_element_located((By.ID, "paid-amount")))
        assert amount.get_attribute("value") == "12000.00"
        desk.find_element(By.ID, "confirm-mark_paid").click()
        _panel_text(desk, "12,000 RSD")
        wait(desk, EC.text_to_be_present_in_element((By.ID, "booking-panel"), "PAYMENT"))
        assert get_booking(approved.id).paid is True

        notes = desk.find_element(By.ID, "admin-notes")
        notes.send_keys("Grandma brings the cake at 14:30")
        desk.find_element(By.XPATH, "//button[normalize-space()='Save notes']").click()
        _panel_text(desk, "UPDATE")
        assert get_booking(approved.id).admin_notes == "Grandma brings the cake at 14:30"
        assert not_reloaded(desk)
    finally:
        desk.quit()
        office.quit()
