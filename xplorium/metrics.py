"""What operators scrape at GET /metrics (Prometheus text format).

Every backend worker counts into the same figures: `rxconfig.py` gives the process tree one
multiprocess directory (PROMETHEUS_MULTIPROC_DIR) before any worker starts, and a scrape
adds up the files of every worker. The queue's figures are read from the database at
scrape time, so they are the same whichever worker answers.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

log = structlog.get_logger(__name__)

# Chosen by prometheus_client when first imported, from the environment (see rxconfig.py).
MULTIPROCESS = values.ValueClass is not values.MutexValue

BOOKINGS_CREATED = Counter("xplorium_bookings_created_total", "Bookings written", ["type"])
BOOKINGS_REFUSED = Counter("xplorium_bookings_refused_total", "Booking requests refused", ["reason"])
BOARD_PUSHES = Counter("xplorium_board_pushes_total", "Board updates pushed to admin screens")
BOARD_PUSH_LAG = Histogram(
    "xplorium_board_push_lag_seconds",
    "From a booking change's commit to the push that carries it",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
RATE_LIMITED = Counter("xplorium_rate_limit_refusals_total", "Requests refused by a rate limit", ["scope"])
REQUEST_SECONDS = Histogram("xplorium_http_request_seconds", "HTTP request latency", ["method", "route"])
HANDLER_SECONDS = Histogram("xplorium_event_handler_seconds", "Event handler latency", ["handler"])


class QueueCollector:
    """The job queue's figures, read when scraped."""

    def collect(self):
        from xplorium.services import job_queue

        try:
            figures = job_queue.figures()
        except Exception as error:  # noqa: BLE001 - a scrape must not fail with the database
            log.warning("metrics_queue_unavailable", error=type(error).__name__)
            return
        for name, help_text, value in (
            ("xplorium_jobs_waiting", "Jobs ready and waiting", figures["waiting"]),
            ("xplorium_jobs_failed_last_hour", "Jobs failed in the last hour", figures["failed_last_hour"]),
            (
                "xplorium_jobs_oldest_waiting_seconds",
                "Age of the oldest waiting job",
                figures["oldest_waiting_seconds"],
            ),
        ):
            yield GaugeMetricFamily(name, help_text, value=value)


_QUEUE = CollectorRegistry()
_QUEUE.register(QueueCollector())


def counted() -> CollectorRegistry:
    """The counters of every worker (or of this process, outside a multiprocess tree)."""
    if not MULTIPROCESS:
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry


def exposition() -> bytes:
    return generate_latest(counted()) + generate_latest(_QUEUE)


def route_label(path: str) -> str:
    """A bounded label for a request path: the API route's family, the event socket, or a page."""
    if path.startswith("/api/"):
        return "/".join(path.split("/")[:3])
    if path.startswith("/_event"):
        return "/_event"
    return "page"


@contextmanager
def handler_timer(handler: str) -> Iterator[None]:
    """Time one event handler's run (to its last update, for a generator) under its name."""
    started = time.perf_counter()
    try:
        yield
    finally:
        HANDLER_SECONDS.labels(handler).observe(time.perf_counter() - started)


class RequestTiming:
    """ASGI middleware: each HTTP request's latency, by method and route family."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            REQUEST_SECONDS.labels(scope["method"], route_label(scope["path"])).observe(
                time.perf_counter() - started
            )
