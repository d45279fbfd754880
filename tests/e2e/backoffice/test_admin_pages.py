"""Every back-office page renders for staff, with real data, at desktop width."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.accounts import make_user
from tests.support.backoffice import sign_in_browser
from tests.support.backoffice_staff import ctx_for, future
from tests.support.browser import DESKTOP, SHOTS, screenshot, wait_for_text
from tests.support.catalog_data import held_room
from xplorium.models.enums import HoldMode, RegistrationStatus, Role
from xplorium.services import content, events, pricing, venue
from xplorium.services.result import UNEXPECTED_MESSAGE

pytestmark = pytest.mark.browser


def seed(ctx) -> None:
    from tests.services.test_events import register

    for title, days in (
        ("Lego robotics workshop", 10),
        ("Puppet theatre: Čarobna šuma", 17),
        ("Halloween party", 30),
    ):
        event = events.create_event(
            ctx,
            {
                "title": title,
                "date": future(days),
                "start_time": "17:00",
                "end_time": "19:00",
                "capacity": 12,
                "price": "900",
                "category": "Workshop",
                "location": "Playroom",
            },
        )
        if days < 20:
            events.change_status(ctx, event["id"], "PUBLISHED")
    first = events.list_events(ctx).items[0]["id"]
    for name, status in (
        ("Mila", RegistrationStatus.CONFIRMED),
        ("Luka", RegistrationStatus.CONFIRMED),
        ("Sara", RegistrationStatus.WAITLISTED),
    ):
        register(first, name, status, guests=2)
    for name, category, amount, unit, popular, room in (
        ("Playroom hour", "PLAYGROUND", "600", "per_child", False, held_room("playroom")),
        ("Sensory session", "SENSORY_ROOM", "1200", "per_child", True, held_room("sensory_room")),
        ("Birthday Classic", "PARTY", "2500", "per_child", True, held_room("party_room", HoldMode.WHOLE)),
        ("Latte", "CAFE", "280", "per_person", False, held_room("cafe")),
    ):
        package = pricing.create_package(
            ctx,
            {
                "name": name,
                "category": category,
                "amount": amount,
                "unit": unit,
                "popular": popular,
                "features": "Supervised play\nSocks included",
                "description": "Our most loved option.",
            }
            | room,
        )
        if name != "Latte":
            pricing.publish(ctx, package["id"])
    draft = content.save_draft(
        ctx,
        "cafe",
        "Cafe",
        {
            "headline": "Coffee while they play",
            "intro": "Specialty coffee and fresh juices.",
            "paragraphs": ["Our baristas roast locally."],
            "highlights": ["Wi-Fi", "Kids' menu"],
            "items": [{"name": "Espresso", "description": "Double shot", "price": "220"}],
        },
    )
    content.submit_for_review(ctx, draft["id"])
    venue.update_settings(ctx, venue.get_settings(ctx) | {"buffer_minutes": 30})


PAGES = (
    ("/admin/events", "Lego robotics workshop", "admin-events"),
    ("/admin/pricing", "Birthday Classic", "admin-pricing"),
    ("/admin/rooms", "Sensory room", "admin-rooms"),
    ("/admin/content", "by Ana Admin", "admin-content"),
    ("/admin/users", "Ana Admin", "admin-users"),
    ("/admin/settings", "Opening hours", "admin-settings"),
    ("/admin/audit", "pricing_package", "admin-audit"),
)


def test_back_office_pages_render_for_staff(clean, app_server, browser):
    boss = make_user(Role.SUPER_ADMIN, email="ana@xplorium.rs", name="Ana Admin")
    make_user(Role.ADMIN, email="marko@xplorium.rs", name="Marko Desk")
    make_user(Role.USER, email="parent@example.com", name="Jelena Parent")
    seed(ctx_for(boss))
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in_browser(browser, app_server.url, boss, "/admin/events")
    from selenium.webdriver.common.by import By

    for path, expected, name in PAGES:
        browser.get(app_server.url + path)
        wait_for_text(browser, expected)
        wait_for_text(browser, "Ana Admin")
        # The page itself, with its data: not a redirect to sign-in, not an error page.
        # The test browser reads English: the page opens under /en.
        assert urlsplit(browser.current_url).path.rstrip("/") == "/en" + path
        page = browser.find_element(By.TAG_NAME, "body").text
        assert expected in page and UNEXPECTED_MESSAGE not in page, path
        screenshot(browser, str(Path(SHOTS) / f"{name}.png"), DESKTOP)


def test_dialogs_and_a_created_users_password_shown_once(clean, app_server, browser):
    from selenium.webdriver.common.by import By

    from tests.e2e.backoffice.test_admin_publishes import button, click, fill
    from xplorium.services import accounts
    from xplorium.services.context import RequestContext
    from xplorium.services.security import password_problem

    boss = make_user(Role.SUPER_ADMIN, email="ana@xplorium.rs", name="Ana Admin")
    seed(ctx_for(boss))
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in_browser(browser, app_server.url, boss, "/admin/events")
    wait_for_text(browser, "Lego robotics workshop")
    click(browser, "//button[@aria-label='Actions for Lego robotics workshop']")
    click(browser, "//div[@role='menuitem'][normalize-space(.)='Attendees']")
    wait_for_text(browser, "Waiting list")
    wait_for_text(browser, "sara@example.com")
    screenshot(browser, str(SHOTS / "admin-events-attendees.png"), DESKTOP)

    browser.get(app_server.url + "/admin/events")
    wait_for_text(browser, "Lego robotics workshop")
    click(browser, button("New event", "//main"))
    fill(browser, "title", "")
    click(browser, button("Save event"))
    wait_for_text(browser, "Title is required.")
    screenshot(browser, str(SHOTS / "admin-events-form.png"), DESKTOP)

    browser.get(app_server.url + "/admin/content?section=cafe")
    wait_for_text(browser, "by Ana Admin")
    click(browser, "//button[normalize-space(.)='Preview']")
    wait_for_text(browser, "This is how the public page will show it.")
    screenshot(browser, str(SHOTS / "admin-content-preview.png"), DESKTOP)

    browser.get(app_server.url + "/admin/users")
    wait_for_text(browser, "ana@xplorium.rs")
    click(browser, button("New user", "//main"))
    fill(browser, "email", "Nina.Desk@Xplorium.rs")
    fill(browser, "name", "Nina Desk")
    click(browser, button("Create user"))
    wait_for_text(browser, "It is shown only now")
    password = browser.find_element(By.ID, "generated-password").text
    screenshot(browser, str(SHOTS / "admin-users-created.png"), DESKTOP)
    assert password_problem(password) is None
    click(browser, button("I have noted it"))
    wait_for_text(browser, "nina.desk@xplorium.rs")
    assert password not in browser.find_element(By.TAG_NAME, "body").text
    # The password shown is the one that works.
    signed_in = accounts.sign_in(
        RequestContext(ip="10.9.9.9"), email="nina.desk@xplorium.rs", password=password
    )
    assert signed_in is not None
