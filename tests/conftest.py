"""Test environment: a PostgreSQL database and a Redis namespace of this run's own.

The environment is set before any xplorium module is imported, so the settings object,
the engine and the Redis clients all point at them.
"""

import os
import secrets
from pathlib import Path

RUN_ID = f"{os.getpid()}_{secrets.token_hex(3)}"
PG_ADMIN_URL = os.environ.get("XP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_BASE_URL = os.environ.get("XP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TEST_DB = f"xp_test_{RUN_ID}"

os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + TEST_DB
os.environ["REDIS_URL"] = REDIS_BASE_URL
os.environ["REDIS_PREFIX"] = f"xptest:{RUN_ID}:"
os.environ["SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The host name of Starlette's TestClient, besides each app server's own PUBLIC_BASE_URL.
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["ALLOWED_ORIGINS"] = "http://testserver"
# Jobs run in this process, when a test reads the SMTP sink (tests/support/smtp.py) or drains
# the queue: app servers started by the tests work no jobs unless a test asks them to.
# Scheduled tasks run only when a test calls them (with its own clock); a failed email is
# retried after 1 s, at most 3 times, instead of the production backoff.
os.environ["JOBS_WORKER_IN_APP"] = "false"
os.environ["JOBS_PERIODIC"] = "false"
os.environ["JOBS_RETRY_EXPONENT"] = "1"
os.environ["JOBS_MAX_ATTEMPTS"] = "3"

import pytest  # noqa: E402
import redis  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from tests.support.database import create_database, drop_database, migrate  # noqa: E402
from xplorium import db  # noqa: E402
from xplorium.config import settings  # noqa: E402
from xplorium.i18n import use_locale  # noqa: E402
from xplorium.logging import configure_logging  # noqa: E402
from xplorium.services import rooms  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def english():
    """Tests read the English source texts unless they choose a locale (`use_locale`);
    the browser tests' Chromium asks for English too (tests/support/browser.py)."""
    with use_locale("en"):
        yield


# The app's own log format (plain text tracebacks) rather than structlog's slow pretty printer.
configure_logging()


@pytest.fixture(scope="session")
def engine():
    """This run's PostgreSQL database, migrated to head; dropped at the end."""
    try:
        create_database(PG_ADMIN_URL, TEST_DB)
    except sa.exc.OperationalError as error:  # A missing service fails the run; it never skips.
        pytest.fail(f"PostgreSQL is required for the tests and is not reachable: {error}")
    engine = db.make_engine(settings.database_url)
    migrate(engine)
    db.set_engine(engine)
    yield engine
    engine.dispose()
    drop_database(PG_ADMIN_URL, TEST_DB)


@pytest.fixture(scope="session")
def redis_client():
    client = redis.Redis.from_url(settings.redis_url, decode_responses=True)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is required for the tests and is not reachable: {error}")
    yield client
    _delete_prefix(client)
    client.close()


def _delete_prefix(client: redis.Redis) -> None:
    keys = list(client.scan_iter(match=settings.redis_prefix + "*", count=1000))
    if keys:
        client.delete(*keys)


# procrastinate's job tables, emptied with the app's own (not its workers: the app server's stay).
QUEUE_TABLES = ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs")
# The id sequences owned by columns of `tables` ('a': serial, 'i': identity), next value 1.
_RESTART_SEQUENCES = sa.text(
    """
    SELECT setval(sequence.oid, 1, false)
    FROM pg_class sequence
    JOIN pg_depend owner ON owner.objid = sequence.oid AND owner.deptype IN ('a', 'i')
    JOIN pg_class owning ON owning.oid = owner.refobjid
    WHERE sequence.relkind = 'S' AND owning.relname = ANY(:tables)
    """
)


@pytest.fixture
def clean(engine, redis_client):
    """Every test starts with empty tables but the venue's rooms (as a migrated database has
    them), and an empty Redis namespace."""
    yield engine
    empty_database(engine, redis_client)


def empty_database(engine, redis_client) -> None:
    """Every table (the job queue's too) emptied but for the venue's rooms, as a migrated
    database has them; this run's Redis namespace cleared."""
    # DELETE, then the emptied tables' id sequences back to 1: on tables this small it takes
    # milliseconds, where TRUNCATE (new files for every table) took a quarter of a second, once
    # per test. As replication does (and TRUNCATE), it fires no trigger: the ledgers' triggers
    # would re-count what is being deleted anyway.
    names = [*QUEUE_TABLES, *(t.name for t in reversed(SQLModel.metadata.sorted_tables))]
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.exec_driver_sql("; ".join(f'DELETE FROM "{name}"' for name in names))
        conn.execute(_RESTART_SEQUENCES, {"tables": names})
    _delete_prefix(redis_client)
    with db.session_scope() as session:
        rooms.create_default_rooms(session)
    rooms.invalidate_rooms()


@pytest.fixture(scope="session")
def smtp_sink():
    """A local SMTP server for the whole session; this process and the app server send to it."""
    from tests.support.smtp import SmtpSink

    sink = SmtpSink().start()
    previous = (settings.smtp_host, settings.smtp_port)
    settings.smtp_host, settings.smtp_port = sink.host, sink.port
    yield sink
    settings.smtp_host, settings.smtp_port = previous
    sink.stop()


# The fixtures that need the production build (and Chromium): their tests must be marked
# `browser`, so `pytest -m "not browser"` runs everything else, quickly.
BUILD_FIXTURES = {"app_server", "browser", "shared_browser", "short_expiry_server", "own_redis_server"}


def pytest_collection_modifyitems(config, items):
    unmarked = [
        item.nodeid
        for item in items
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "Mark these tests `browser` (they need the production build): " + ", ".join(unmarked)
        )


@pytest.fixture(scope="session")
def app_server(engine, redis_client, smtp_sink):
    """One production build and one app server for the whole session, on this run's database.

    Its email goes to the session's SMTP sink; PUBLIC_BASE_URL (links in emails) is its own URL.
    """
    from tests.support.appserver import AppServer, announce_build, serve_shared_build

    # INFO, so that the tests which read the server log (no secrets in it) see everything.
    env = {**smtp_sink.env, "LOG_LEVEL": "INFO"}
    # ./test runs the browser tests as two processes: one compiles, the other serves its build.
    if shared := os.environ.get("XP_TEST_SERVE_BUILD"):
        server = serve_shared_build(Path(shared), env).start()
    else:
        server = AppServer(env).start()
        if announce := os.environ.get("XP_TEST_ANNOUNCE_BUILD"):
            announce_build(server, Path(announce))
    yield server
    server.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on the test item, for fixtures that look at the outcome."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def shared_browser():
    from tests.support.browser import SharedBrowser

    holder = SharedBrowser()
    yield holder
    holder.discard()


@pytest.fixture
def browser(request, shared_browser):
    """Headless Chromium, as if new (tests/support/browser.SharedBrowser); a failed test leaves
    its last screen in test-artifacts/failures, and the next test gets a new browser."""
    from tests.support.browser import SHOTS

    driver = shared_browser.fresh()
    yield driver
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = "".join(c if c.isalnum() else "_" for c in request.node.nodeid)[-150:]
        failures = SHOTS.parent / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(failures / f"{name}.png"))
        (failures / f"{name}.html").write_text(driver.page_source)
        shared_browser.discard()
