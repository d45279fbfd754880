"""Who is signed in, and which roles may run which event handler, checked on the server.

Any websocket client can call any handler by name, so every back-office handler carries
`@require_roles(...)`, which re-reads the session from the HttpOnly `xp_session` cookie at
every event (services/sessions.resolve: expiry, staff idle timeout, blocked, deleted,
revoked) and runs nothing when refused. Back-office states subclass `StaffState`;
`staff_state_classes()` / `unguarded_handlers()` let tests/state/test_auth_guard.py find every
handler. How this fits the layers, with an example: docs/ARCHITECTURE.md.
"""

import asyncio
import contextvars
import functools
import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import reflex as rx
import structlog
from reflex.state import EventHandlerSetVar
from starlette.requests import cookie_parser

from xplorium.config import settings
from xplorium.constants import SESSION_ACTIVATION_TTL, SESSION_COOKIE_NAME, SIGN_IN_BINDING_COOKIE
from xplorium.i18n import _, localized
from xplorium.models.enums import ALL_ROLES as ALL_ROLES  # re-exported for the states
from xplorium.models.enums import STAFF_ROLES, Role
from xplorium.services import sessions
from xplorium.services.context import RequestContext, client_address
from xplorium.services.sessions import PendingSession, SessionUser
from xplorium.state.arguments import CheckedArguments, checked
from xplorium.state.arguments import setvar as only_settable_vars

log = structlog.get_logger(__name__)

STAFF = STAFF_ROLES  # the short name the back-office states import (the set is in models/enums.py)

SIGNIN_ROUTE = "/signin"
GUARD_MARKER = "__xp_required_roles__"
REFUSED_TOAST_ID = "auth-refused"

_current: contextvars.ContextVar["Identity | None"] = contextvars.ContextVar("xp_identity", default=None)


@dataclass(frozen=True)
class Identity:
    """The resolved session of the event being handled."""

    user: SessionUser
    context: RequestContext


# ---------------------------------------------------------------- reading the request


def parse_cookie_header(header: str, name: str) -> str | None:
    """The value of cookie `name` in a Cookie header (Starlette's parser: malformed pairs skipped)."""
    return cookie_parser(header or "").get(name) or None


def _headers(state: Any):
    return state.router.headers


def session_token_of(state: Any) -> str | None:
    """The session token the browser sent with this websocket connection."""
    headers = _headers(state)
    raw = headers.cookie or headers.raw_headers.get("cookie", "")
    return parse_cookie_header(raw, SESSION_COOKIE_NAME)


def client_meta(state: Any) -> tuple[str | None, str | None]:
    """(ip, user agent) of the connection, for rate limits and the audit trail."""
    headers = _headers(state)
    ip = client_address(state.router.session.client_ip, headers.raw_headers.get("x-forwarded-for"))
    return ip, headers.user_agent or None


def anonymous_context(state: Any) -> RequestContext:
    ip, user_agent = client_meta(state)
    return RequestContext(ip=ip, user_agent=user_agent)


def resolve_identity(state: Any, *, touch: bool = True) -> Identity | None:
    """The signed-in user of this connection, re-read from the database now."""
    user = sessions.resolve(session_token_of(state), touch=touch)
    if user is None:
        return None
    ip, user_agent = client_meta(state)
    return Identity(user=user, context=user.context(ip=ip, user_agent=user_agent))


def request_context() -> RequestContext:
    """The RequestContext of the guarded handler being run."""
    identity = _current.get()
    if identity is None:
        raise RuntimeError("request_context() is only available inside a @require_roles handler")
    return identity.context


def current_user() -> SessionUser:
    """The SessionUser of the guarded handler being run."""
    identity = _current.get()
    if identity is None:
        raise RuntimeError("current_user() is only available inside a @require_roles handler")
    return identity.user


# ---------------------------------------------------------------- the guard


def signin_redirect(state: Any, message: str):
    """The events that send a refused browser to sign in and come back afterwards."""
    path = (state.router.url.path or "/").rstrip("/") or "/"
    target = SIGNIN_ROUTE if path == SIGNIN_ROUTE else f"{SIGNIN_ROUTE}?next={quote(path, safe='/')}"
    return [rx.toast.error(message, id=REFUSED_TOAST_ID), rx.redirect(localized(target))]


def _authorize(
    state: Any, allowed: frozenset[Role], handler_name: str, touch: bool = True
) -> tuple[Identity | None, list | None]:
    identity = resolve_identity(state, touch=touch)
    if identity is None:
        log.info("handler_refused", handler=handler_name, reason="no_session")
        return None, signin_redirect(state, _("Please sign in to continue."))
    if identity.user.role not in allowed:
        log.info("handler_refused", handler=handler_name, reason="role", user_id=identity.user.user_id)
        return None, signin_redirect(
            state, _("Your account can't open that page. Sign in with another account.")
        )
    return identity, None


def _forget(token: contextvars.Token) -> None:
    # A generator may be finalised in another context than the one it started in.
    try:
        _current.reset(token)
    except ValueError:
        _current.set(None)


def require_roles(*roles: Role, activity: bool = True) -> Callable[[Callable], Callable]:
    """Run the decorated event handler only for a valid session whose role is in `roles`.

    Works on sync, async, generator and async-generator handlers, with or without
    `@rx.event` (either order); the wrapped function keeps the signature and type hints
    Reflex reads to convert the event payload.

    Nothing database-bound runs on the event loop: the session check runs in a worker
    thread, and so does the body of a sync (or sync generator) handler, which is why the
    wrapper of a sync handler is async (of a sync generator, an async generator). Reflex
    runs a sync handler inline on the loop, where one slow query would stall every socket.

    `activity=False` is for handlers fired by timers, not by the person: they are checked
    like any other, but do not keep an idle staff session alive.
    """
    if not roles:
        raise ValueError("require_roles needs at least one role")
    allowed = frozenset(Role(r) for r in roles)

    def decorate(fn: Callable) -> Callable:
        name = getattr(fn, "__qualname__", repr(fn))

        async def authorize(self):
            return await asyncio.to_thread(_authorize, self, allowed, name, activity)

        if inspect.isasyncgenfunction(fn) or inspect.isgeneratorfunction(fn):
            steps = _async_steps if inspect.isasyncgenfunction(fn) else _thread_steps

            @functools.wraps(fn)
            async def wrapper(self, *args, **kwargs):
                identity, refusal = await authorize(self)
                if refusal is not None:
                    yield refusal
                    return
                token = _current.set(identity)
                try:
                    async for item in steps(fn(self, *args, **kwargs)):
                        yield item
                finally:
                    _forget(token)

        else:
            is_async = inspect.iscoroutinefunction(fn)

            @functools.wraps(fn)
            async def wrapper(self, *args, **kwargs):
                identity, refusal = await authorize(self)
                if refusal is not None:
                    return refusal
                token = _current.set(identity)
                try:
                    if is_async:
                        return await fn(self, *args, **kwargs)
                    # to_thread copies this context, identity included.
                    return await asyncio.to_thread(fn, self, *args, **kwargs)
                finally:
                    _current.reset(token)

        setattr(wrapper, GUARD_MARKER, allowed)
        return wrapper

    return decorate


async def _async_steps(generator):
    async for item in generator:
        yield item


_DONE = object()


async def _thread_steps(generator):
    """Drive a sync generator handler one step at a time in a worker thread."""
    while (item := await asyncio.to_thread(next, generator, _DONE)) is not _DONE:
        yield item


def required_roles_of(fn: Callable) -> frozenset[Role] | None:
    """The roles a handler function was guarded with, or None if it is unguarded."""
    return getattr(fn, GUARD_MARKER, None)


# ---------------------------------------------------------------- navigation helpers

SIGN_OUT_ROUTE = "/api/auth/signout"
COMPLETE_ROUTE = "/api/auth/complete"


def sign_out_script(then: str = "/") -> rx.event.EventSpec:
    """POST to the sign-out route (revokes the session, clears the HttpOnly cookie), then reload."""
    # Clearing sessionStorage drops Reflex's tab token, so the next person on this browser
    # tab starts from a fresh state tree instead of the previous user's.
    then = localized(then)
    return rx.call_script(
        f"fetch({json.dumps(SIGN_OUT_ROUTE)}, {{method: 'POST', credentials: 'same-origin'}})"
        f".finally(() => {{ window.sessionStorage.clear(); window.location.assign({json.dumps(then)}); }})"
    )


def complete_sign_in(pending: PendingSession, next_path: str | None = None) -> rx.event.EventSpec:
    """A full page load of the route that swaps the ticket for the session cookie.

    A full load (not client-side navigation) so the route can set the HttpOnly cookie
    and the websocket reconnects carrying it. The binding secret goes only into this
    browser, as a cookie for that route alone, so the ticket works nowhere else.
    """
    query = urlencode({"ticket": pending.ticket, **({"next": next_path} if next_path else {})})
    secure = "; secure" if settings.public_base_url.startswith("https://") else ""
    cookie = (
        f"{SIGN_IN_BINDING_COOKIE}={pending.binding}; path={COMPLETE_ROUTE}; "
        f"max-age={int(SESSION_ACTIVATION_TTL.total_seconds())}; samesite=strict{secure}"
    )
    return rx.call_script(
        f"document.cookie = {json.dumps(cookie)}; window.sessionStorage.clear(); "
        f"window.location.replace({json.dumps(COMPLETE_ROUTE + '?' + query)})"
    )


# ---------------------------------------------------------------- states


class AuthState(CheckedArguments, rx.State):
    """Who is signed in, for display. Never trusted for a decision: guards re-resolve."""

    signed_in: bool = False
    user_name: str = ""
    user_role: str = ""
    is_staff: bool = False

    def _show(self, user: SessionUser | None) -> None:
        signed_in = user is not None
        values = {
            "signed_in": signed_in,
            "user_name": (user.name or user.email.split("@")[0]) if signed_in else "",
            "user_role": user.role.value if signed_in else "",
            "is_staff": signed_in and user.is_staff,
        }
        for key, value in values.items():
            if getattr(self, key) != value:
                setattr(self, key, value)

    @rx.event
    async def refresh(self):
        """Re-read the session (fired by the header on every page), off the event loop."""
        self._show(await asyncio.to_thread(sessions.resolve, session_token_of(self)))


class _GuardedSetVar(EventHandlerSetVar):
    """`setvar` of back-office states: staff only, then the (guarded) setter itself."""

    setvar = checked(require_roles(*STAFF)(only_settable_vars))


class StaffState(AuthState):
    """Base of every back-office and manager state: all handlers must use `require_roles`."""

    def _create_setvar(cls):
        # Reflex gives every state a public `setvar` handler; on staff states it is guarded too.
        cls.setvar = cls.event_handlers["setvar"] = _GuardedSetVar(state_cls=cls)

    # Reflex's own marker for a deliberate override of a framework hook.
    _create_setvar.__override_base_method__ = True
    _create_setvar = classmethod(_create_setvar)

    @rx.event
    @require_roles(*STAFF)
    def check_access(self):
        """A page `on_load` that only redirects a visitor who is not staff to sign in."""
        self._show(current_user())


# ---------------------------------------------------------------- enumeration (for tests)


def import_every_state_module() -> None:
    """Import every module of this package, so that no state class is missed by the walk
    below because nothing had imported its module yet (some are imported lazily)."""
    package = importlib.import_module(__package__)
    for module in pkgutil.walk_packages(package.__path__, f"{__package__}."):
        importlib.import_module(module.name)


def staff_state_classes() -> list[type[StaffState]]:
    """StaffState and every subclass of it, found by walking subclasses once every state
    module is imported."""
    import_every_state_module()
    found: list[type[StaffState]] = []
    pending: list[type] = [StaffState]
    while pending:
        cls = pending.pop()
        if cls not in found:
            found.append(cls)
            pending.extend(cls.__subclasses__())
    return found


def staff_event_handlers(classes: Iterable[type] | None = None) -> Iterator[tuple[type, str, Any]]:
    """(state class, handler name, EventHandler) for every handler of every staff state."""
    for cls in classes if classes is not None else staff_state_classes():
        for name, handler in sorted(cls.event_handlers.items()):
            yield cls, name, handler


def unguarded_handlers(classes: Iterable[type] | None = None) -> list[str]:
    """Full names of staff handlers that do not check roles."""
    return [
        f"{cls.get_full_name()}.{name}"
        for cls, name, handler in staff_event_handlers(classes)
        if not required_roles_of(handler.fn)
    ]
