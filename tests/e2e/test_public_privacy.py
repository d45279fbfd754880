"""No public page's state and no public HTTP answer carries a booking's or registration's personal data.

Bookings and registrations are made with recognisable names, emails, phones and notes; then every
public page is loaded (in-process, reading the state the backend serialises, and in Chromium,
recording every websocket frame and the rendered page) and searched for them.
"""

import httpx
import pytest
import sqlalchemy as sa
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.support.booking_form import by_aria, day_label, tap, use_phone, wait
from tests.support.catalog_data import catalog_fixture, next_weekday  # noqa: F401 - fixture
from tests.support.queries import count_queries
from tests.support.reflex_state import fire, new_tab, serialised, substate
from xplorium.db import session_scope
from xplorium.services import registrations
from xplorium.services.bookings import writing
from xplorium.services.context import RequestContext
from xplorium.state.booking import BookingState
from xplorium.state.events import EventDetailState, RegistrationCancelState
from xplorium.state.public import EventsState, HomeState, PricingState, SectionState
from xplorium.state.site import SiteState

PEOPLE = 4
# Everything personal the fixture below writes, as it could appear in text or JSON.
SECRETS = [
    "zvezdana",
    "secret.parent",
    "secret-note",
    "kid secretson",
    "secret-food",
    "admin-secret",
    "regina",
    "secret.registrant",
    *(f"+381649{n}01234" for n in range(PEOPLE)),
    *(f"064 9{n}0 1234" for n in range(PEOPLE)),
    *(f"649{n}01234" for n in range(PEOPLE)),
]

PUBLIC_PAGES = [
    ("/", {}, [HomeState.load_home]),
    ("/cafe", {}, [SectionState.load_cafe]),
    ("/sensory", {}, [SectionState.load_sensory]),
    ("/igraonica", {}, [SectionState.load_igraonica]),
    ("/contact", {}, [SectionState.load_contact]),
    ("/parties", {}, [PricingState.load_parties]),
    ("/pricing", {}, [PricingState.load_pricing]),
    ("/events", {}, [EventsState.load_events]),
    ("/events/lego-workshop", {}, [EventDetailState.load_event]),
    ("/book", {"type": "PARTY"}, [BookingState.load_form]),
    ("/book/confirmed", {}, []),
    ("/events/cancel", {"token": "not-a-real-token"}, [RegistrationCancelState.load_cancel]),
]


def assert_no_secrets(text: str, where: str) -> None:
    lowered = text.lower()
    found = [s for s in SECRETS if s in lowered]
    assert not found, f"{where} exposes {found}"


@pytest.fixture
def private_data(catalog):
    day = next_weekday(5)
    for n, (kind, package, start, guests) in enumerate(  # PEOPLE bookings
        [
            ("PARTY", "Classic party", "14:00", 12),
            ("PLAYGROUND", "Play session", "10:00", 3),
            ("SENSORY_ROOM", "Sensory session", "11:00", 2),
            ("CAFE", "Table reservation", "12:00", 4),
        ]
    ):
        data = {
            "type": kind,
            "package_id": catalog.package_id(package),
            "date": day.isoformat(),
            "time": start,
            "duration_minutes": 120,
            "guest_count": guests,
            "contact_name": f"Zvezdana Tajnić {n}",
            "email": f"secret.parent{n}@example.com",
            "phone": f"064 9{n}0 1234",
            "special_requests": f"SECRET-NOTE {n}: please keep the corner table",
        }
        if kind == "PARTY":
            data.update(
                child_name="Kid Secretson", child_age=7, rooms=["party_room"], food_and_drinks="SECRET-FOOD"
            )
        writing.create_booking(RequestContext(ip=f"198.51.100.{n + 10}"), data)
    with session_scope() as session:
        session.execute(sa.text("UPDATE bookings SET admin_notes = 'ADMIN-SECRET note'"))
    for n in range(2):
        registrations.register(
            RequestContext(ip=f"198.51.100.{n + 30}"),
            "lego-workshop",
            {"name": f"Regina Secret {n}", "email": f"secret.registrant{n}@example.com", "guest_count": 2},
        )
    return day


def load_page(path: str, query: dict, handlers: list):
    root = new_tab(path, query)
    fire(root, SiteState.load_site)
    for handler in handlers:
        fire(root, handler)
    return root


def test_every_public_page_state_is_free_of_personal_data(private_data):
    for path, query, handlers in PUBLIC_PAGES:
        root = load_page(path, query, handlers)
        assert_no_secrets(serialised(root), f"state of {path}")

    # The booking form on the day of those bookings, for every type: only taken times and places.
    root = load_page("/book", {"type": "PARTY"}, [BookingState.load_form])
    form = substate(root, BookingState)
    for kind in ("PARTY", "PLAYGROUND", "SENSORY_ROOM", "CAFE"):
        fire(root, BookingState.choose_type, kind)
        fire(root, BookingState.choose_day, private_data.isoformat())
        # The day's booking shows: some start times read differently (taken, or fewer places left).
        assert len({slot.label for slot in form.slots}) > 1, f"{kind}: the day's booking shows"
        assert_no_secrets(serialised(root), f"booking form ({kind})")


def test_public_on_loads_use_at_most_three_queries_on_a_warm_cache(private_data, engine):
    counts = {}
    for path, query, handlers in PUBLIC_PAGES:
        load_page(path, query, handlers)  # warms the cache
        with count_queries(engine) as statements:
            load_page(path, query, handlers)
        counts[path] = len(statements)
    print("on_load statements on a warm cache:", counts)
    assert max(counts.values()) <= 3, counts
    # Pages of published content are served from the cache alone.
    for path in ("/", "/cafe", "/sensory", "/igraonica", "/contact", "/parties", "/pricing", "/events"):
        assert counts[path] == 0, (path, counts[path])


def test_booking_submit_uses_at_most_three_queries(private_data, engine):
    """Issue 8: the /book page's submit handler, like a public on_load, stays within 3 statements."""
    root = load_page("/book", {"type": "PARTY"}, [BookingState.load_form])
    form = substate(root, BookingState)
    fire(root, BookingState.choose_day, private_data.isoformat())
    fire(root, BookingState.choose_time, "18:00")
    with count_queries(engine) as statements:
        fire(
            root,
            BookingState.submit,
            {
                "contact_name": "Vesna Brzić",
                "email": "vesna@example.com",
                "phone": "064 333 2211",
                "child_name": "Ognjen",
                "child_age": "4",
            },
        )
    assert form.confirmation["reference"].startswith("XP-"), form.message
    print("submit statements:", len(statements))
    assert len(statements) <= 3, statements


def test_the_form_state_keeps_nothing_a_parent_typed(private_data):
    root = load_page("/book", {"type": "PARTY"}, [BookingState.load_form])
    form = substate(root, BookingState)
    fire(root, BookingState.choose_day, private_data.isoformat())
    fire(root, BookingState.choose_time, "18:00")
    yielded = fire(
        root,
        BookingState.submit,
        {
            "contact_name": "Zvezdana Tajnić New",
            "email": "secret.parent.new@example.com",
            "phone": "064 977 1234",
            "special_requests": "SECRET-NOTE new",
            "child_name": "Kid Secretson",
            "child_age": "5",
            "food_and_drinks": "SECRET-FOOD",
        },
    )
    assert form.confirmation["reference"].startswith("XP-"), form.message
    assert any("book/confirmed" in str(event) for event in yielded)
    assert_no_secrets(serialised(root), "booking form after submitting")


def test_the_registration_state_keeps_nothing_a_parent_typed(private_data):
    root = load_page("/events/lego-workshop", {}, [EventDetailState.load_event])
    fire(
        root,
        EventDetailState.register,
        {"name": "Regina Secret New", "email": "secret.registrant.new@example.com", "guest_count": "1"},
    )
    assert substate(root, EventDetailState).done_status == "CONFIRMED"
    assert_no_secrets(serialised(root), "event page after registering")


RECORD_WEBSOCKET = """
(() => {
  const frames = [];
  window.__xpFrames = frames;
  const Native = window.WebSocket;
  function Recording(...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => frames.push(String(event.data)));
    return socket;
  }
  Recording.prototype = Native.prototype;
  Object.assign(Recording, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Recording;
})();
"""


@pytest.mark.browser
def test_public_pages_in_the_browser_and_over_http_show_no_personal_data(private_data, app_server, browser):
    use_phone(browser)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_WEBSOCKET})
    # path: (text on the rendered page, text that must be in the recorded state traffic)
    expected = {
        "/": ("Everything under one roof", "Play, relax and celebrate"),
        "/cafe": ("Menu", "Espresso"),
        "/sensory": ("Sessions and prices", "A calm room full of light and sound"),
        "/igraonica": ("Playroom prices", "Climb, slide and jump"),
        "/contact": ("Opening hours", "Find us"),
        "/parties": ("How booking works", "Classic party"),
        "/pricing": ("Prices and packages", "Private playroom hire"),
        "/events": ("Upcoming events", "LEGO building workshop"),
        "/events/lego-workshop": ("of 12 places left", "LEGO building workshop"),
        "/book": ("Your booking", "Classic party"),
        "/book/confirmed": ("No booking to show here", "Bulevar Mihajla Pupina"),
        "/events/cancel?token=not-a-real-token": (
            "This link does not work",
            "This cancellation link is not valid",
        ),
    }
    for path, (page_marker, state_marker) in expected.items():
        browser.get(app_server.url + path)
        wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), page_marker))
        if path == "/book":
            tap(browser, by_aria(browser, day_label(private_data), "button"))
            wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, '[aria-label="14:00, Taken"]')))
        # The page's state arrives over the websocket; wait until it has been recorded.
        wait(
            browser,
            lambda driver, m=state_marker: m in "\n".join(driver.execute_script("return window.__xpFrames")),
        )
        traffic = "\n".join(browser.execute_script("return window.__xpFrames"))
        assert_no_secrets(traffic, f"websocket traffic of {path}")
        assert_no_secrets(browser.page_source, f"rendered {path}")

    with httpx.Client(base_url=app_server.url, timeout=30, follow_redirects=True) as client:
        # The pages and the health check answer; an unknown path is a 404, never an error page.
        for path, status in [*((p, 200) for p in [*expected, "/api/health"]), ("/no-such-page", 404)]:
            answer = client.get(path)
            assert answer.status_code == status, (path, answer.status_code)
            assert_no_secrets(answer.text, f"HTTP answer of {path}")
