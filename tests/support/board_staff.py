"""Staff and parents for the board's service tests (import the fixtures by name)."""

import pytest

from tests.support.accounts import make_user
from xplorium.models import User
from xplorium.models.enums import Role
from xplorium.services.context import RequestContext

ADMIN_IP = "203.0.113.20"
ADMIN_UA = "Mozilla/5.0 BoardTest/1.0"


def ctx_for(user: User) -> RequestContext:
    return RequestContext(actor_id=user.id, actor_role=Role(user.role), ip=ADMIN_IP, user_agent=ADMIN_UA)


@pytest.fixture(name="admin")
def admin_fixture(clean) -> User:
    return make_user(Role.ADMIN, email="desk@xplorium.rs", name="Desk Admin")


@pytest.fixture(name="admin_ctx")
def admin_ctx_fixture(admin) -> RequestContext:
    return ctx_for(admin)


@pytest.fixture(name="parent")
def parent_fixture(clean) -> User:
    return make_user(Role.USER, email="mama@example.com", name="Mama Parent")


@pytest.fixture(name="parent_ctx")
def parent_ctx_fixture(parent) -> RequestContext:
    return ctx_for(parent)
