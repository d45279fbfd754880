"""Every event handler of every state refuses wrongly typed, missing and unknown arguments
with an error naming the field, before any of its own code runs (xplorium/state/arguments.py).

The handlers are found by walking the state classes, not from a list: a new state or
handler is covered without touching this file.
"""

import asyncio
import inspect
import logging
import typing
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from reflex.state import State

import xplorium.xplorium  # noqa: F401  (registers every page and state, as the app does)
from tests.support.states import drive, error_toasts, new_root, state_snapshot, substate
from xplorium.state.arguments import FormData, checked, checked_annotation, is_checked
from xplorium.state.auth import import_every_state_module
from xplorium.state.booking import BookingState

# Values a modified client can send; each case uses those its annotation does not accept.
CANDIDATES = ("abc", 42, 4.5, None, True, [], ["x", 1], {}, {"contact_name": 42}, {"k": ["a"]}, 2**40)


def app_state_classes() -> list[type[State]]:
    import_every_state_module()
    found, pending = [], [State]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("xplorium.") and not cls._mixin:
            found.append(cls)
    return found


HANDLERS = [
    (cls, name, handler)
    for cls in app_state_classes()
    for name, handler in sorted(cls.event_handlers.items())
]
WITH_PARAMETERS = [
    (cls, name, handler)
    for cls, name, handler in HANDLERS
    if len(inspect.signature(handler.fn).parameters) > 1
]


def _hints(handler) -> dict[str, Any]:
    hints = typing.get_type_hints(handler.fn)
    return {name: hints.get(name, Any) for name in list(inspect.signature(handler.fn).parameters)[1:]}


def _accepts(annotation: Any, value: Any) -> bool:
    annotation = checked_annotation(annotation)
    if annotation is Any:
        return True
    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        return False
    return True


def _valid(annotation: Any) -> Any:
    # [] for the uploaded files (a list of UploadFile objects, which JSON cannot make).
    return next(value for value in ("x", 1, True, {}, ["x"], []) if _accepts(annotation, value))


def _call(state, handler, **kwargs) -> list:
    result = handler.fn(state, **kwargs)
    return drive(result)


def test_every_handler_of_every_state_is_checked():
    assert len(HANDLERS) >= 250
    assert len(WITH_PARAMETERS) >= 80
    assert [f"{cls.__name__}.{name}" for cls, name, h in HANDLERS if not is_checked(h.fn)] == []


@pytest.mark.parametrize(
    ("state_cls", "name", "handler"),
    WITH_PARAMETERS,
    ids=[f"{cls.__name__}.{name}" for cls, name, _h in WITH_PARAMETERS],
)
def test_wrongly_typed_arguments_get_a_field_error_and_run_nothing(caplog, state_cls, name, handler):
    hints = _hints(handler)
    valid = {param: _valid(annotation) for param, annotation in hints.items()}
    cases = [
        (param, value)
        for param, annotation in hints.items()
        for value in CANDIDATES
        if not _accepts(annotation, value)
    ]
    cases.append((None, None))  # an argument the handler does not have
    root = new_root()
    state = substate(root, state_cls)
    before = state_snapshot(root)
    caplog.set_level(logging.INFO)

    for param, value in cases:
        arguments = {**valid, param: value} if param else {**valid, "bogus": 1}
        events = _call(state, handler, **arguments)
        (toast,) = error_toasts(events)
        # A wrong field of a submitted form is named itself.
        form = checked_annotation(hints.get(param)) is FormData
        field = next(iter(value)) if form and isinstance(value, dict) and value else param or "arguments"
        assert "not valid" in toast and field in toast, (param, value, toast)

    required = [p for p, v in inspect.signature(handler.fn).parameters.items() if v.default is v.empty][1:]
    if required:
        (toast,) = error_toasts(_call(state, handler))
        assert "missing" in toast

    if state_cls is not BookingState:  # the booking form also shows the error beside the field
        assert state_snapshot(root) == before
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


def test_the_booking_form_shows_a_refused_field_beside_it_and_stores_nothing(clean):
    """Non-text contact fields (42, lists, objects) used to be stored as their Python repr."""
    root = new_root(path="/book")
    form = substate(root, BookingState)
    drive(form.load_form())
    for value in (42, ["Ana"], {"first": "Ana"}, True):
        events = _call(form, BookingState.event_handlers["submit"], form_data={"contact_name": value})
        assert error_toasts(events)
        assert "contact_name" in form.errors
        assert form.submitting is False
    guests = form.guests
    for step in ("abc", None, [], {}):
        _call(form, BookingState.event_handlers["step_guests"], delta=step)
        assert form.guests == guests
    rooms = list(form.rooms)
    _call(form, BookingState.event_handlers["set_rooms"], value=None)
    assert form.rooms == rooms


class _OnPage:
    """A state-like object whose tab shows `path`."""

    def __init__(self, path: str):
        self.router = type("Router", (), {"url": type("Url", (), {"path": path})()})()


def _refusal_text(handler, path: str) -> str:
    async def run_async():
        return [item async for item in handler(_OnPage(path), "x")]

    items = (
        asyncio.run(run_async()) if inspect.isasyncgenfunction(handler) else list(handler(_OnPage(path), "x"))
    )
    return repr(items)


@pytest.mark.parametrize("kind", ["async generator", "generator"])
def test_a_generator_handler_refuses_in_the_language_of_the_page(kind):
    if kind == "async generator":

        async def handler(self, form_data: dict):
            yield

    else:

        def handler(self, form_data: dict):
            yield

    wrapped = checked(handler)
    assert "That request was not valid" in _refusal_text(wrapped, "/en/book")
    assert "Zahtev nije bio ispravan" in _refusal_text(wrapped, "/book")
