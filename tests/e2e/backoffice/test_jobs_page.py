"""/admin/jobs in the browser: an admin retries a failed email; parents and strangers are
sent to sign in and change nothing."""

import pytest
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from sqlmodel import select

from tests.e2e.backoffice.test_admin_publishes import click
from tests.support.accounts import make_user
from tests.support.backoffice import sign_in_browser
from tests.support.browser import DESKTOP, SHOTS, screenshot, wait_for_text
from tests.support.job_queue import (
    fail_one,
    queued_jobs,
    sink_fixture,  # noqa: F401 - fixture
)
from xplorium.db import session_scope
from xplorium.models import AuditLog
from xplorium.models.enums import Role

pytestmark = pytest.mark.browser


def test_an_admin_retries_a_failed_email_from_the_page(sink, app_server, browser):
    job_id = fail_one(sink)
    admin = make_user(Role.ADMIN, email="desk@xplorium.rs", name="Marko Desk")
    sign_in_browser(browser, app_server.url, admin, "/admin/jobs")
    wait_for_text(browser, "to failing@example.com: Message 0")
    wait_for_text(browser, "451")
    screenshot(browser, str(SHOTS / "admin-jobs.png"), DESKTOP)
    click(browser, f"//button[@aria-label='Retry job {job_id}']")
    wait_for_text(browser, f"Job {job_id} is queued again.")
    wait_for_text(browser, "No failed jobs")
    assert sink.wait_for("failing@example.com", "Message 0")
    with session_scope() as session:
        assert session.exec(select(AuditLog).where(AuditLog.action == "RETRY")).one().actor_id == admin.id


@pytest.mark.parametrize("role", [None, Role.USER])
def test_the_page_is_refused_to_anonymous_and_user_sessions(sink, app_server, browser, role):
    fail_one(sink)
    if role is None:
        browser.get(app_server.url + "/admin/jobs")
    else:
        sign_in_browser(browser, app_server.url, make_user(role), "/admin/jobs")
    WebDriverWait(browser, 30).until(EC.url_contains("/signin"))
    assert "failing@example.com" not in browser.page_source
    assert [job["status"] for job in queued_jobs()] == ["failed"]
