"""Making users and signed-in sessions for tests, through the real services."""

import itertools

from sqlmodel import select

from xplorium.constants import SIGN_IN_BINDING_COOKIE
from xplorium.db import session_scope
from xplorium.models import User, UserSession
from xplorium.models.enums import Role
from xplorium.services import sessions
from xplorium.services.context import RequestContext
from xplorium.services.security import hash_password

PASSWORD = "Play-time-42!"
_numbers = itertools.count(1)
# bcrypt cost 12 takes a quarter of a second; most tests share one hash of PASSWORD.
_hash_cache: dict[str, str] = {}


def password_hash(password: str = PASSWORD) -> str:
    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    return _hash_cache[password]


def make_user(
    role: Role = Role.USER,
    *,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    **fields,
) -> User:
    number = next(_numbers)
    with session_scope() as session:
        user = User(
            email=email or f"person{number}@example.com",
            name=name if name is not None else f"Person {number}",
            role=role,
            password_hash=password_hash(password) if password else None,
            **fields,
        )
        session.add(user)
        session.flush()
        session.refresh(user)
        return user


def open_session(user: User, ip: str = "10.0.0.1") -> str:
    """A fully activated session of `user`; returns its token (the cookie value)."""
    with session_scope() as session:
        pending = sessions.create_pending(session, session.get(User, user.id), RequestContext(ip=ip))
    issued = sessions.activate(pending.ticket, pending.binding)
    assert issued is not None
    return issued.token


def redeem(client, pending: sessions.PendingSession, **params):
    """GET /api/auth/complete as the browser that signed in (it holds the binding cookie)."""
    client.cookies.set(SIGN_IN_BINDING_COOKIE, pending.binding, path="/api/auth/complete")
    return client.get("/api/auth/complete", params={"ticket": pending.ticket, **params})


def session_rows(user_id: int) -> list[UserSession]:
    with session_scope() as session:
        return list(session.exec(select(UserSession).where(UserSession.user_id == user_id)).all())
