"""Database statements per operation, counted in this process with SQLAlchemy's cursor event.

The app server is another process, so its statements cannot be counted from here; instead
the same code runs here, on the same database and the same (warm) Redis cache: the
service `create_booking`, the /book page's `submit` handler and the public pages' on_load
handlers, run in-process on a fresh state tree exactly as the backend runs them
(tests/support/reflex_state.py). Counted: every statement SQLAlchemy sends (SAVEPOINTs
included); not counted: the connection pool's pre-ping and the implicit BEGIN/COMMIT.
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from bench.baseline import prepared_booking
from bench.parents import DURATION_MINUTES, PARENT_TYPES, SlotPlanner, form_data
from bench.stats import summary_ms
from tests.support.queries import count_queries
from tests.support.reflex_state import fire, new_tab, substate
from xplorium.config import settings
from xplorium.services import board as board_service
from xplorium.services import catalog, mail
from xplorium.services.bookings import writing
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


def _service_request(planner: SlotPlanner, index: int, booking_type, rules: dict) -> dict:
    slot = planner.take(booking_type)
    request = prepared_booking(index, slot, rules)["request"]
    return dict(
        form_data(index, slot.type),
        type=slot.type.value,
        package_id=str(request.package["id"]) if request.package else "",
        date=slot.day.isoformat(),
        time=slot.time,
        duration_minutes=str(DURATION_MINUTES),
        guest_count=str(request.guest_count),
        rooms=["party_room"],
    )


class _WritePath:
    """Force the step-by-step write for a while (`at_once=False`), restoring the setting after."""

    def __init__(self, at_once: bool):
        self.at_once = at_once
        self.saved: set[str] = set()

    def __enter__(self) -> None:
        self.saved = set(writing.WRITE_AT_ONCE_DIALECTS)
        if not self.at_once:
            writing.WRITE_AT_ONCE_DIALECTS.clear()

    def __exit__(self, *_exc) -> None:
        writing.WRITE_AT_ONCE_DIALECTS.clear()
        writing.WRITE_AT_ONCE_DIALECTS.update(self.saved)


def service_statements(
    engine: sa.Engine, planner: SlotPlanner, first_index: int, samples: int, *, at_once: bool = True
) -> dict:
    """Statements and time of `writing.create_booking` per booking, once settings and pricing are
    cached, one booking at a time. `at_once=False` forces the step-by-step write (SQLite's way,
    and PostgreSQL's before issue 8) for comparison."""
    rules = catalog.booking_rules()
    counts, kinds, times = [], [], []
    ctx = RequestContext(ip=f"192.0.2.{10 + int(at_once)}", user_agent="xplorium-bench")
    with _WritePath(at_once):
        for n in range(samples + 1):
            data = _service_request(planner, first_index + n, PARENT_TYPES[n % len(PARENT_TYPES)], rules)
            with count_queries(engine) as statements:
                began = time.perf_counter()
                writing.create_booking(ctx, data)
                elapsed = time.perf_counter() - began
            if n:  # the first call warms the cache
                counts.append(len(statements))
                kinds.append(_kinds(statements))
                times.append(elapsed)
    return {
        "per_booking": max(counts),
        "min": min(counts),
        "samples": len(counts),
        "statements": Counter(" ".join(k) for k in kinds).most_common(1)[0][0].split(),
        "latency_ms": summary_ms(times),
    }


def _timed_booking(ctx: RequestContext, data: dict, gate: threading.Barrier) -> float:
    gate.wait()
    began = time.perf_counter()
    writing.create_booking(ctx, data)
    return time.perf_counter() - began


def service_concurrency(planner: SlotPlanner, first_index: int, threads: int, rounds: int) -> dict:
    """`threads` callers of `create_booking` at once (as many as the app's worker threads), in
    rounds, alternating the two ways of writing round by round so both see the same machine:
    written at once, each type's lock is held for fewer round trips."""
    rules = catalog.booking_rules()
    results = {}
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for r in range(rounds * 2):
            at_once = r % 2 == 0
            ctx = RequestContext(ip=f"192.0.2.{20 + int(at_once)}", user_agent="xplorium-bench")
            requests = [
                _service_request(
                    planner, first_index + r * threads + n, PARENT_TYPES[n % len(PARENT_TYPES)], rules
                )
                for n in range(threads)
            ]
            barrier = threading.Barrier(threads)
            with _WritePath(at_once):
                began = time.perf_counter()
                times = list(
                    pool.map(lambda data, gate=barrier, who=ctx: _timed_booking(who, data, gate), requests)
                )
                wall = time.perf_counter() - began
            entry = results.setdefault("at_once" if at_once else "stepwise", {"times": [], "wall": 0.0})
            entry["times"] += times
            entry["wall"] += wall
    return {
        way: {
            "threads": threads,
            "bookings": len(entry["times"]),
            "latency_ms": summary_ms(entry["times"]),
            "throughput_per_s": round(len(entry["times"]) / entry["wall"], 1) if entry["wall"] else 0.0,
        }
        for way, entry in results.items()
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


def smtp_delivery(samples: int) -> dict:
    """How long handing one email to the configured (local) SMTP server takes: the app does it
    after the booking commits and before the parent gets the confirmation (services/mail.py)."""
    if not settings.smtp_host:
        return {"count": 0}
    times = []
    for n in range(samples):
        began = time.perf_counter()
        mail.send_now(mail.Mail(to=f"bench{n}@example.com", subject="Bench", body="Timing one delivery."))
        times.append(time.perf_counter() - began)
    return summary_ms(times)
