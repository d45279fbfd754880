"""Database statements per operation, counted in this process with SQLAlchemy's cursor event.

The app server is another process, so its statements cannot be counted from here; instead
the same code runs here, on the same database and the same (warm) Redis cache: the
service `create_booking`, the /book page's `submit` handler and the public pages' on_load
handlers, run in-process on a fresh state tree exactly as the backend runs them
(tests/support/reflex_state.py). Counted: every statement SQLAlchemy sends (SAVEPOINTs
included); not counted: the connection pool's pre-ping and the implicit BEGIN/COMMIT.
"""

import time
from collections import Counter

import sqlalchemy as sa

from bench.baseline import prepared_booking
from bench.parents import DURATION_MINUTES, PARENT_TYPES, SlotPlanner, form_data
from bench.stats import summary_ms
from tests.support.queries import count_queries
from tests.support.reflex_state import fire, new_tab, substate
from xplorium.config import settings
from xplorium.services import board as board_service
from xplorium.services import bookings, catalog, mail
from xplorium.services.context import RequestContext
from xplorium.state.booking import BookingState
from xplorium.state.public import EventsState, HomeState, PricingState
from xplorium.state.site import SiteState

PAGE_HANDLERS = {
    "/": [SiteState.load_site, HomeState.load_home],
    "/pricing": [SiteState.load_site, PricingState.load_pricing],
    "/events": [SiteState.load_site, EventsState.load_events],
}
BOOKING_QUERY_LIMIT = 3
ON_LOAD_QUERY_LIMIT = 3


def _kinds(statements: list[str]) -> list[str]:
    return [s.split()[0].upper() for s in statements]


def service_statements(engine: sa.Engine, planner: SlotPlanner, first_index: int, samples: int) -> dict:
    """Statements of `bookings.create_booking` per booking, once settings and pricing are cached."""
    rules = catalog.booking_rules()
    counts, kinds = [], []
    for n in range(samples + 1):
        slot = planner.take(PARENT_TYPES[n % len(PARENT_TYPES)])
        request = prepared_booking(first_index + n, slot, rules)["request"]
        data = dict(
            form_data(first_index + n, slot.type),
            type=slot.type.value,
            package_id=str(request.package["id"]) if request.package else "",
            date=slot.day.isoformat(),
            time=slot.time,
            duration_minutes=str(DURATION_MINUTES),
            guest_count=str(request.guest_count),
            rooms=["party_room"],
        )
        with count_queries(engine) as statements:
            bookings.create_booking(RequestContext(ip="192.0.2.10", user_agent="xplorium-bench"), data)
        if n:  # the first call warms the cache
            counts.append(len(statements))
            kinds.append(_kinds(statements))
    return {
        "per_booking": max(counts),
        "min": min(counts),
        "samples": len(counts),
        "statements": Counter(" ".join(k) for k in kinds).most_common(1)[0][0].split(),
    }


def submit_statements(engine: sa.Engine, planner: SlotPlanner, first_index: int) -> dict:
    """Statements of the /book page's `submit` handler (choose day and time first, untimed)."""
    slot = planner.take(PARENT_TYPES[0])
    root = new_tab("/book", {"type": slot.type.value}, ip="192.0.2.11")
    fire(root, SiteState.load_site)
    fire(root, BookingState.load_form)
    fire(root, BookingState.choose_day, slot.day.isoformat())
    fire(root, BookingState.choose_time, slot.time)
    with count_queries(engine) as statements:
        fire(root, BookingState.submit, form_data(first_index, slot.type))
    form = substate(root, BookingState)
    return {
        "per_submit": len(statements),
        "booked": bool(form.confirmation.get("reference")),
        "message": form.message,
        "statements": _kinds(statements),
    }


def on_load_statements(engine: sa.Engine) -> dict:
    """Statements of each public page's on_load handlers with a warm cache (after one load)."""
    result = {}
    for path, handlers in PAGE_HANDLERS.items():
        for _warm in range(2):
            root = new_tab(path)
            with count_queries(engine) as statements:
                for handler in handlers:
                    fire(root, handler)
        result[path] = len(statements)
    return result


def board_statements(engine: sa.Engine) -> int:
    """Statements of one board rebuild (once per booking change, whatever the number of admins)."""
    with count_queries(engine) as statements:
        board_service.snapshot()
    return len(statements)


def smtp_delivery(samples: int, server: tuple[str, int] | None = None) -> dict:
    """How long handing one email to the (local) SMTP server takes: the app does it after the
    booking commits and before the parent gets the confirmation (services/mail.py)."""
    previous = (settings.smtp_host, settings.smtp_port)
    if server is not None:
        settings.smtp_host, settings.smtp_port = server
    times = []
    try:
        for n in range(samples):
            began = time.perf_counter()
            mail.send_now(mail.Mail(to=f"bench{n}@example.com", subject="Bench", body="Timing one delivery."))
            times.append(time.perf_counter() - began)
    finally:
        settings.smtp_host, settings.smtp_port = previous
    return summary_ms(times)
