"""The demo data (every page has something to show) and its super admin, for this package.

Package-scoped: the tables are emptied again before the next package's tests run.
"""

import pytest
from sqlmodel import select

from tests.conftest import empty_database
from tests.support.accounts import PASSWORD, open_session
from xplorium.db import session_scope
from xplorium.models import User
from xplorium.services.demo_data import load_demo_data

ADMIN_EMAIL = "desk.a11y@xplorium.rs"


@pytest.fixture(scope="package")
def demo(engine, redis_client):
    load_demo_data(admin_email=ADMIN_EMAIL, admin_password=PASSWORD)
    yield
    empty_database(engine, redis_client)


@pytest.fixture(scope="package")
def admin(demo) -> User:
    with session_scope() as session:
        return session.exec(select(User).where(User.email == ADMIN_EMAIL)).one()


@pytest.fixture(scope="package")
def admin_token(admin) -> str:
    return open_session(admin)
