"""What a browser is told when an event cannot be handled at all (Reflex's backend error hook).

Reflex keeps every tab's state in Redis: while Redis is down (or restarting) no event can
even load its state, so no handler of ours runs; while PostgreSQL is unreachable the session
check before a back-office handler fails the same way. Instead of Reflex's generic "An error
occurred. Contact the website administrator." the browser gets a clear, retryable message;
anything else unexpected gets the same sentence as a failed service call. The full error is
logged either way, never shown.
"""

import redis
import reflex as rx
import sqlalchemy
import structlog
from reflex_base.constants.route import RouteVar
from reflex_base.event import EventSpec
from reflex_base.event.context import EventContext
from reflex_base.utils.exceptions import LockExpiredError

from xplorium.i18n import N_, _, current_locale, locale_of_event, use_locale
from xplorium.services.result import UNEXPECTED_MESSAGE

log = structlog.get_logger(__name__)

OUTAGE_MESSAGE = N_("We can't take bookings this minute, please try again.")
OUTAGE_TOAST_ID = "xp-outage"
_OUTAGES = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    LockExpiredError,
    sqlalchemy.exc.OperationalError,
)


def is_outage(error: BaseException | None) -> bool:
    """Whether `error`, or what caused it, is Redis or the database being unreachable."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, _OUTAGES):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def outage_toast() -> EventSpec:
    return rx.toast.error(_(OUTAGE_MESSAGE), id=OUTAGE_TOAST_ID, duration=10000, position="top-center")


def _event_locale() -> str:
    """The language of the page the failed event came from (no handler of ours ran to set it)."""
    try:
        router_data = EventContext.get().router_data
    except LookupError:
        return current_locale()
    path = str(router_data.get(RouteVar.PATH) or "")
    return locale_of_event(path)


def backend_exception_handler(exception: Exception) -> EventSpec:
    # Reflex checks this hook's parameter name and annotations.
    with use_locale(_event_locale()):
        if is_outage(exception):
            log.warning("event_refused_store_down", error=type(exception).__name__)
            return outage_toast()
        log.error("event_failed", error=type(exception).__name__, exc_info=exception)
        return rx.toast.error(_(UNEXPECTED_MESSAGE), position="top-center")
