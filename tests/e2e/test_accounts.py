"""The account flow in headless Chromium against the production build.

Sign up, sign out, sign in, reset the password through the link the SMTP sink received,
sign in with the new password — while recording every websocket frame the browser
received, to prove no password hash, session token or reset token ever reached it.
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from sqlmodel import select

from tests.support.accounts import PASSWORD
from tests.support.browser import WebSocketLog, new_browser, wait_for_text
from tests.support.smtp import body_of, first_link
from xplorium.constants import RESET_COOKIE_NAME, SESSION_COOKIE_NAME
from xplorium.db import session_scope
from xplorium.models import AuditLog, PasswordResetToken, User, UserSession

pytestmark = pytest.mark.browser

EMAIL = "maja.flow@example.com"
NEW_PASSWORD = "Ball-pit-2026!"


@pytest.fixture
def recording_browser():
    driver = new_browser(capture_websocket=True)
    yield driver
    driver.quit()


def wait_for_path(driver, path: str, timeout: float = 30) -> None:
    WebDriverWait(driver, timeout).until(lambda d: d.current_url.split("?")[0].rstrip("/").endswith(path))


def fill(driver, element_id: str, value: str) -> None:
    field = WebDriverWait(driver, 30).until(EC.element_to_be_clickable((By.ID, element_id)))
    field.clear()
    field.send_keys(value)


def submit(driver, label: str) -> None:
    # The button is enabled once the page is connected to the server.
    WebDriverWait(driver, 30).until(
        EC.element_to_be_clickable((By.XPATH, f"//button[@type='submit'][normalize-space()='{label}']"))
    ).click()


def sign_in(driver, base: str, password: str) -> None:
    driver.get(base + "/signin")
    wait_for_text(driver, "Forgot your password?")
    fill(driver, "signin-email", EMAIL)
    fill(driver, "signin-password", password)
    submit(driver, "Sign in")


def click_sign_out(driver) -> None:
    """Sign out from the profile and wait for all of it: the cookie cleared by the route, then
    the page's own navigation home (a page opened before that would be navigated away)."""
    WebDriverWait(driver, 30).until(EC.element_to_be_clickable((By.ID, "profile-sign-out"))).click()
    WebDriverWait(driver, 30).until(lambda d: d.get_cookie(SESSION_COOKIE_NAME) is None)
    WebDriverWait(driver, 30).until(lambda d: urlparse(d.current_url).path in ("/", "/en", "/en/"))


def test_sign_up_sign_out_sign_in_reset_and_sign_in_again(clean, app_server, smtp_sink, recording_browser):
    driver, base = recording_browser, app_server.url
    frames = WebSocketLog(driver)
    seen_tokens: list[str] = []

    # Sign up: errors beside the fields first, then the emailed answer, then sign in.
    driver.get(base + "/signup")
    wait_for_text(driver, "Create an account")
    fill(driver, "signup-name", "Maja")
    fill(driver, "signup-email", EMAIL)
    fill(driver, "signup-password", "short")
    submit(driver, "Create account")
    wait_for_text(driver, "Use at least 8 characters.")
    wait_for_text(driver, "Please accept the privacy policy")
    assert driver.find_element(By.ID, "signup-password").get_attribute("aria-invalid") == "true"
    fill(driver, "signup-password", PASSWORD)
    driver.find_element(By.ID, "accept_privacy").click()
    submit(driver, "Create account")
    # The same answer as for an address that already has an account; the email says which.
    wait_for_text(driver, "We've sent an email to that address")
    assert "/signin" in body_of(smtp_sink.wait_for(EMAIL, "Welcome to Xplorium"))
    sign_in(driver, base, PASSWORD)
    wait_for_path(driver, "/profile")
    wait_for_text(driver, "Hello, Maja")
    wait_for_text(driver, "No bookings yet")
    wait_for_text(driver, "BRONZE")

    cookie = driver.get_cookie(SESSION_COOKIE_NAME)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["path"] == "/"
    seen_tokens.append(cookie["value"])
    assert cookie["value"] not in driver.execute_script("return document.cookie")
    frames.collect()

    # Sign out: the session is revoked on the server and the cookie is gone.
    click_sign_out(driver)
    driver.get(base + "/profile")
    wait_for_path(driver, "/signin")
    wait_for_text(driver, "Please sign in to continue.")
    frames.collect()

    # Sign in again with the same password.
    sign_in(driver, base, PASSWORD)
    wait_for_path(driver, "/profile")
    wait_for_text(driver, "Hello, Maja")
    seen_tokens.append(driver.get_cookie(SESSION_COOKIE_NAME)["value"])
    click_sign_out(driver)
    frames.collect()

    # Forgot the password: the answer does not say whether the account exists.
    driver.get(base + "/reset")
    wait_for_text(driver, "Reset your password")
    fill(driver, "reset-email", EMAIL)
    submit(driver, "Send reset link")
    wait_for_text(driver, "If an account exists for that email")
    link = first_link(smtp_sink.wait_for(EMAIL, "Reset your Xplorium password"))
    reset_token = link.split("token=")[1]
    frames.collect()

    # The emailed link opens the reset page; the token moves into an HttpOnly cookie.
    driver.get(link)
    wait_for_path(driver, "/reset/new")
    assert reset_token not in driver.current_url
    assert driver.get_cookie(RESET_COOKIE_NAME)["httpOnly"] is True
    fill(driver, "reset-password", "weakpass")
    submit(driver, "Save new password")
    wait_for_text(driver, "Add an upper-case letter")
    fill(driver, "reset-password", NEW_PASSWORD)
    submit(driver, "Save new password")
    wait_for_path(driver, "/signin")
    wait_for_text(driver, "Your password was changed.")
    assert driver.get_cookie(RESET_COOKIE_NAME) is None
    frames.collect()

    # The old password no longer works; the new one does.
    sign_in(driver, base, PASSWORD)
    wait_for_text(driver, "The email or password is incorrect.")
    fill(driver, "signin-password", NEW_PASSWORD)
    submit(driver, "Sign in")
    wait_for_path(driver, "/profile")
    wait_for_text(driver, "Hello, Maja")
    seen_tokens.append(driver.get_cookie(SESSION_COOKIE_NAME)["value"])
    # The reset link is single use.
    driver.get(link)
    wait_for_path(driver, "/reset")
    wait_for_text(driver, "expired or was already used")
    frames.collect()

    with session_scope() as session:
        user = session.exec(select(User).where(User.email == EMAIL)).one()
        rows = session.exec(select(UserSession).where(UserSession.user_id == user.id)).all()
        reset_hashes = [r.token_hash for r in session.exec(select(PasswordResetToken)).all()]
        actions = [a.action for a in session.exec(select(AuditLog).order_by(AuditLog.id)).all()]
        password_hash = user.password_hash
    assert len(rows) == 3
    assert sum(r.revoked_at is None for r in rows) == 1
    assert actions == [
        "CREATE",
        "LOGIN",
        "LOGOUT",
        "LOGIN",
        "LOGOUT",
        "PASSWORD_RESET_REQUESTED",
        "PASSWORD_RESET",
        "LOGIN_FAILED",
        "LOGIN",
    ]

    secrets = {
        "password hash": password_hash,
        "bcrypt prefix": "$2b$",
        "reset token": reset_token,
        **{f"session token {i}": token for i, token in enumerate(seen_tokens)},
        **{f"session hash {r.id}": r.token_hash for r in rows},
        **{f"reset hash {i}": h for i, h in enumerate(reset_hashes)},
    }
    received = "\n".join(frames.received)
    # The capture really holds the state sent to the page (the name shown on the profile).
    assert len(frames.received) > 20 and "Maja" in received, "the websocket traffic was not captured"
    for label, secret in secrets.items():
        assert secret not in received, f"{label} was sent to the browser"

    log_text = app_server.log_path.read_text()
    assert "handler_refused" in log_text, "the server log is not at INFO level"
    for label, secret in secrets.items():
        assert secret not in log_text, f"{label} appears in the server log"
    assert PASSWORD not in log_text and NEW_PASSWORD not in log_text


def test_a_parent_opening_the_back_office_is_sent_to_sign_in(clean, app_server, browser):
    from tests.support.accounts import make_user, open_session
    from tests.support.browser import sign_in_with_cookie
    from xplorium.models.enums import Role

    sign_in_with_cookie(browser, app_server.url, open_session(make_user(Role.USER, name="Ivana")))
    browser.get(app_server.url + "/admin")
    WebDriverWait(browser, 30).until(lambda d: "/signin" in d.current_url)
    assert browser.current_url.endswith("/en/signin?next=/en/admin")
    wait_for_text(browser, "Your account can't open that page.")
    wait_for_text(browser, "You're signed in as Ivana")
    assert "Back office" not in browser.find_element(By.TAG_NAME, "body").text
