"""Signing a browser in as a given user, without going through the sign-in form."""

from urllib.parse import urlencode

from xplorium.constants import SIGN_IN_BINDING_COOKIE
from xplorium.db import session_scope
from xplorium.models import User
from xplorium.services import sessions
from xplorium.services.context import RequestContext


def sign_in_browser(driver, base_url: str, user: User, next_path: str) -> None:
    """Open a session for `user` and let the browser swap its ticket for the HttpOnly cookie."""
    with session_scope() as session:
        pending = sessions.create_pending(session, session.get(User, user.id), RequestContext(ip="127.0.0.1"))
    # The binding cookie the sign-in form's answer would have set in this browser.
    driver.get(f"{base_url}/api/health")
    driver.add_cookie(
        {"name": SIGN_IN_BINDING_COOKIE, "value": pending.binding, "path": "/api/auth/complete"}
    )
    driver.get(f"{base_url}/api/auth/complete?{urlencode({'ticket': pending.ticket, 'next': next_path})}")
