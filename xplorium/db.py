"""The database engine and the one way to open a session."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from xplorium.config import settings

CONNECT_TIMEOUT_SECONDS = 5


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see _begin_sqlite).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _begin_sqlite(connection) -> None:
    # The sqlite3 module only opens a transaction at the first write, so a SAVEPOINT issued
    # earlier (an audit entry) would start and then commit a transaction of its own. An
    # IMMEDIATE transaction also takes the write lock up front: writers queue behind
    # busy_timeout instead of failing with "database is locked" when they upgrade a read.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    # hide_parameters: database errors end up in logs, and their bound values are
    # customers' names, emails and phone numbers.
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
        sa.event.listen(engine, "connect", _configure_sqlite_connection)
        sa.event.listen(engine, "begin", _begin_sqlite)
        return engine
    # A bounded connect timeout, so a database outage is reported (health) rather than waited on.
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=20,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
        hide_parameters=True,
    )


_engine: Engine | None = None


def get_engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = make_engine(settings.database_url)
    return _engine


def set_engine(engine: Engine) -> Engine | None:
    """Point the app at another database (tests, scripts); returns the previous engine."""
    global _engine
    previous, _engine = _engine, engine
    return previous


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session, session.begin():
        yield session
