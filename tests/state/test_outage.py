"""What a browser is told when an event fails before any handler of ours could answer."""

import redis
import sqlalchemy
from reflex_base.utils.exceptions import LockExpiredError

from xplorium.services.result import UNEXPECTED_MESSAGE
from xplorium.state.outage import OUTAGE_MESSAGE, backend_exception_handler, is_outage


def _wrapped(error: Exception) -> Exception:
    """`error` as the cause of another one, as Reflex's state manager re-raises it."""
    try:
        try:
            raise error
        except Exception as inner:
            raise RuntimeError("could not load the state") from inner
    except RuntimeError as outer:
        return outer


def _message(spec) -> str:
    return str(spec.args)


def test_redis_or_database_down_is_an_outage_with_a_retry_message():
    for error in (
        redis.exceptions.ConnectionError("Connection refused"),
        redis.exceptions.TimeoutError("Timeout reading from socket"),
        LockExpiredError("lock expired"),
        sqlalchemy.exc.OperationalError("SELECT 1", {}, Exception("connection refused")),
    ):
        assert is_outage(error) and is_outage(_wrapped(error))
        assert OUTAGE_MESSAGE in _message(backend_exception_handler(_wrapped(error)))


def test_any_other_failure_gets_the_plain_apology_and_no_details():
    spec = backend_exception_handler(ValueError("secret internals /etc/passwd"))
    assert not is_outage(ValueError("x"))
    assert UNEXPECTED_MESSAGE in _message(spec) and "passwd" not in _message(spec)
    assert OUTAGE_MESSAGE not in _message(spec)


def test_the_answer_is_in_the_language_of_the_page_the_event_came_from():
    from reflex_base.event.context import EventContext

    from xplorium.i18n import translations, use_locale

    def message_from(path: str) -> str:
        context = EventContext(
            token="t", state_manager=None, enqueue_impl=None, router_data={"pathname": path}
        )
        token = EventContext.set(context)
        try:
            with use_locale("en"):  # whatever the process's current locale is
                return _message(backend_exception_handler(_wrapped(redis.exceptions.ConnectionError())))
        finally:
            EventContext._context_var.reset(token)

    serbian = translations("sr_Latn").gettext(OUTAGE_MESSAGE)
    assert serbian != OUTAGE_MESSAGE
    assert serbian in message_from("/book")
    assert OUTAGE_MESSAGE in message_from("/en/book")
