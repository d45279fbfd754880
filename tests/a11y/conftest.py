"""The demo data (every page has something to show) and its super admin, for this package.

Package-scoped: the tables are emptied again before the next package's tests run.
"""

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, select

from tests.conftest import _delete_prefix
from tests.support.accounts import PASSWORD, open_session
from tests.support.board import forget_board, raw_redis
from xplorium.db import session_scope
from xplorium.models import User
from xplorium.services.demo_data import load_demo_data

ADMIN_EMAIL = "desk.a11y@xplorium.rs"


@pytest.fixture(scope="package")
def demo(engine, redis_client):
    load_demo_data(admin_email=ADMIN_EMAIL, admin_password=PASSWORD)
    forget_board(raw_redis())
    yield
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    _delete_prefix(redis_client)


@pytest.fixture(scope="package")
def admin(demo) -> User:
    with session_scope() as session:
        return session.exec(select(User).where(User.email == ADMIN_EMAIL)).one()


@pytest.fixture(scope="package")
def admin_token(admin) -> str:
    return open_session(admin)
