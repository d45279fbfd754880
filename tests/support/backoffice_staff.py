"""Staff members and request contexts for the back-office service tests (import the fixtures by name)."""

from datetime import date, timedelta

import pytest

from xplorium.db import session_scope
from xplorium.models import User
from xplorium.models.enums import Role
from xplorium.services.context import RequestContext

ADMIN_IP = "203.0.113.7"
ADMIN_UA = "Mozilla/5.0 (X11; Linux x86_64) BackOfficeTest/1.0"


def make_user(email: str, role: Role = Role.USER, **fields) -> User:
    with session_scope() as session:
        user = User(email=email, role=role, name=fields.pop("name", email.split("@")[0].title()), **fields)
        session.add(user)
        session.flush()
        return user


def ctx_for(user: User, ip: str = ADMIN_IP, user_agent: str = ADMIN_UA) -> RequestContext:
    return RequestContext(actor_id=user.id, actor_role=str(user.role), ip=ip, user_agent=user_agent)


@pytest.fixture(name="admin")
def admin_fixture(clean) -> User:
    return make_user("ana.admin@xplorium.rs", Role.ADMIN, name="Ana Admin")


@pytest.fixture(name="admin_ctx")
def admin_ctx_fixture(admin) -> RequestContext:
    return ctx_for(admin)


@pytest.fixture(name="parent")
def parent_fixture(clean) -> User:
    return make_user("parent@example.com", Role.USER, name="Petar Parent", phone="+381641234567")


@pytest.fixture(name="parent_ctx")
def parent_ctx_fixture(parent) -> RequestContext:
    return ctx_for(parent)


def future(days: int = 14) -> str:
    return (date.today() + timedelta(days=days)).isoformat()
