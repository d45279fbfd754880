"""Every event handler's arguments are checked against its annotations before it runs.

Reflex lets any websocket client call any handler by name with any JSON payload, so a
modified client can send `submit("x")`, `step_guests("abc")` or `set_rooms(null)`. Reflex
converts what it can and otherwise calls the handler with the raw value, which used to
end in a traceback, a generic toast and a form that kept spinning.

Usage
    Put `CheckedArguments` first among the bases of a state that subclasses `rx.State`
    directly (AuthState has it, so every StaffState and account state inherits it)::

        class BookingState(CheckedArguments, rx.State):
            @rx.event
            def step_guests(self, delta: int): ...

    Every handler the class defines is then wrapped by `checked`: the call is bound to the
    signature (a missing or unknown argument is refused) and each argument is validated
    against its annotation with pydantic's lax rules ("5" is accepted for an int, 42 is
    not a str, None is not a list). A `dict` argument is a submitted form: string keys,
    and values that a browser form sends (text, a checkbox's true/false, or null).

    The handler also runs in the locale of the page it was sent from (`page_locale`), so
    the messages, toasts and formatted dates it produces are in the visitor's language.

    A refused call runs nothing of the handler. The browser gets an error toast naming
    the field, and a state may also show it beside the field by defining
    `_argument_refused(self, field: str, message: str)`. Inside a handler,
    `form_text(form_data, name)` refuses a form field that is not text the same way.

Tests
    tests/state/test_arguments.py walks every state class and calls every handler with
    wrongly typed, missing and unknown arguments.
"""

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any

import reflex as rx
import structlog
from pydantic import Field, InstanceOf, TypeAdapter, ValidationError
from reflex.state import EventHandler, EventHandlerSetVar
from reflex_base import constants

from xplorium import metrics
from xplorium.i18n import _, locale_of_event, use_locale

log = structlog.get_logger(__name__)

CHECKED_MARKER = "__xp_checked_arguments__"
REFUSED_TOAST_ID = "argument-refused"
# What a browser form submits for each named control (see `getFormData` in Reflex's state.js).
FormData = dict[str, str | bool | None]


class ArgumentRefused(Exception):
    """A handler argument (or a field of a submitted form) of the wrong type."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def form_text(form_data: dict, name: str) -> str:
    """The text a form field holds ("" when the form did not send it); ArgumentRefused when
    it holds anything else (a modified client sending 42 or a list)."""
    value = form_data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ArgumentRefused(name, _("must be text"))
    return value


# Ids, pages and counts fit PostgreSQL's integer: a larger number is refused here, not by
# the database in the middle of a query.
CheckedInt = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]


# Files reach a handler only through Reflex's upload route, as UploadFile objects; no JSON
# payload of the websocket can be one.
UPLOADED_FILES = list[rx.UploadFile]


def checked_annotation(annotation: Any) -> Any:
    """What an argument annotated `annotation` is checked against."""
    if annotation == UPLOADED_FILES:
        return list[InstanceOf[rx.UploadFile]]
    if annotation is dict:
        return FormData
    if annotation is int:
        return CheckedInt
    return annotation


@functools.cache
def _adapter(annotation: Any) -> TypeAdapter:
    return TypeAdapter(checked_annotation(annotation))


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    return str(first.get("msg", "is not valid")).replace("Input should be", "should be")


def _bind(fn: Callable, signature: inspect.Signature, hints: dict, args: tuple, kwargs: dict):
    """The arguments, converted to their annotations; ArgumentRefused otherwise."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as error:
        raise ArgumentRefused("arguments", str(error).replace(fn.__name__ + "()", "this action")) from None
    for name, value in list(bound.arguments.items())[1:]:
        annotation = hints.get(name, Any)
        if annotation is Any:
            continue
        try:
            bound.arguments[name] = _adapter(annotation).validate_python(value)
        except ValidationError as error:
            location = error.errors()[0].get("loc") or ()
            # In a form, the field the browser shows is the one that is wrong.
            field = str(location[0]) if checked_annotation(annotation) is FormData and location else name
            raise ArgumentRefused(field, _describe(error)) from None
    return bound.args, bound.kwargs


def page_locale(state: Any) -> str:
    """The locale of the page a state's browser tab is showing ("/en/..." is English); the
    current one for a call that comes from no page."""
    try:
        path = state.router.url.path
    except AttributeError:
        path = ""
    return locale_of_event(path)


def _refusal(state: Any, fn: Callable, refused: ArgumentRefused) -> list:
    log.info("handler_argument_refused", handler=fn.__qualname__, field=refused.field)
    hook = getattr(state, "_argument_refused", None)
    if callable(hook):
        hook(refused.field, refused.message)
    return [
        rx.toast.error(
            _("That request was not valid: {field} {message}.").format(
                field=refused.field, message=refused.message
            ),
            id=REFUSED_TOAST_ID,
        )
    ]


class _Steps:
    """A checked generator handler's steps, each run in its page's locale: `with steps:`
    around the call that makes the generator and around each step. A context variable set
    across a yield would leak into the caller, so the locale is set only while a step runs.

    `ready` holds the items the last step gave (none, or one); `done` is set when the
    generator finished, or refused an argument: then the refusal is the last item.
    """

    def __init__(self, state: Any, fn: Callable):
        self.state, self.fn, self.source = state, fn, None
        self.locale = page_locale(state)
        self.ready: list = []
        self.done = False

    def __enter__(self) -> None:
        self.ready = []
        self._in_locale = use_locale(self.locale)
        self._in_locale.__enter__()

    def __exit__(self, kind, error, traceback) -> bool:
        try:
            if kind is not None and issubclass(kind, (StopIteration, StopAsyncIteration)):
                self.done = True
                return True
            if kind is not None and issubclass(kind, ArgumentRefused):
                # Still in the page's locale: the refusal's message is in its language.
                self.ready, self.done = [_refusal(self.state, self.fn, error)], True
                return True
            return False
        finally:
            self._in_locale.__exit__(kind, error, traceback)


def checked(fn: Callable) -> Callable:
    """`fn` with its arguments checked first (see the module docstring), run in its page's
    locale and timed (xplorium/metrics.py); keeps its kind (sync, async, generator, async
    generator), signature, hints and markers."""
    if getattr(fn, CHECKED_MARKER, False):
        return fn
    signature = inspect.signature(fn)
    hints: dict | None = None
    name = getattr(fn, "__qualname__", repr(fn))

    def prepare(args: tuple, kwargs: dict):
        nonlocal hints
        if hints is None:
            hints = typing.get_type_hints(fn)
        return _bind(fn, signature, hints, args, kwargs)

    def start(args: tuple, kwargs: dict) -> _Steps:
        """A generator handler's steps, or the refusal of its arguments as its only item."""
        steps = _Steps(args[0], fn)
        with steps:
            bound_args, bound_kwargs = prepare(args, kwargs)
            steps.source = fn(*bound_args, **bound_kwargs)
        return steps

    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            with metrics.handler_timer(name):
                steps = start(args, kwargs)
                while True:
                    for item in steps.ready:
                        yield item
                    if steps.done:
                        return
                    with steps:
                        steps.ready = [await steps.source.__anext__()]

    elif inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            with metrics.handler_timer(name), use_locale(page_locale(args[0])):
                try:
                    args, kwargs = prepare(args, kwargs)
                    return await fn(*args, **kwargs)
                except ArgumentRefused as refused:
                    return _refusal(args[0], fn, refused)

    elif inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with metrics.handler_timer(name):
                steps = start(args, kwargs)
                while True:
                    yield from steps.ready
                    if steps.done:
                        return
                    with steps:
                        steps.ready = [next(steps.source)]

    else:

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with metrics.handler_timer(name), use_locale(page_locale(args[0])):
                try:
                    args, kwargs = prepare(args, kwargs)
                    return fn(*args, **kwargs)
                except ArgumentRefused as refused:
                    return _refusal(args[0], fn, refused)

    setattr(wrapper, CHECKED_MARKER, True)
    return wrapper


def is_checked(fn: Callable) -> bool:
    return bool(getattr(fn, CHECKED_MARKER, False))


def setvar(self, var_name: str, value: Any):
    """Reflex's generic setter, for a var that has a setter only (wrap it with `checked`)."""
    if not callable(getattr(type(self), constants.SETTER_PREFIX + var_name, None)):
        raise ArgumentRefused("var_name", _("is not a value this page can set"))
    return EventHandlerSetVar.setvar(self, var_name, value)


class _CheckedSetVar(EventHandlerSetVar):
    setvar = checked(setvar)


def _create_event_handler(cls, fn: Any, event_handler_cls: type[EventHandler] = EventHandler):
    return super(CheckedArguments, cls)._create_event_handler(checked(fn), event_handler_cls)


def _create_setvar(cls):
    cls.setvar = cls.event_handlers["setvar"] = _CheckedSetVar(state_cls=cls)


# Reflex's own marker for a deliberate override of a framework hook.
_create_event_handler.__override_base_method__ = True
_create_setvar.__override_base_method__ = True


class CheckedArguments:
    """State base (first among the bases) whose every event handler is `checked`."""

    _create_event_handler = classmethod(_create_event_handler)
    _create_setvar = classmethod(_create_setvar)
