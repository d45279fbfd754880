"""The app process is killed (SIGKILL) right after a burst of committed bookings, while its
worker is still sending their confirmations to a slow mail server; after a restart every
booking's confirmation arrives, once.

The app runs on a database of its own (its worker must be the only one) and serves the
session's production build (tests/support/serve_build.py).
"""

import asyncio
import os
import secrets
import signal
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bench.parents import Parent, Slot, close_all, open_parents
from tests.conftest import PG_ADMIN_URL
from tests.support.appserver import AppServer
from tests.support.catalog_data import insert_catalog
from tests.support.database import create_database, drop_database, migrate
from xplorium import db
from xplorium.config import settings
from xplorium.models import VenueSettings
from xplorium.models.enums import BookingType
from xplorium.services.clock import local_now

pytestmark = pytest.mark.browser

BURST = 30
TYPES = (BookingType.PLAYGROUND, BookingType.SENSORY_ROOM, BookingType.CAFE)
CONCURRENCY = 2


@pytest.fixture
def own_database():
    name = f"xp_kill_{secrets.token_hex(4)}"
    create_database(PG_ADMIN_URL, name)
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    engine = db.make_engine(url)
    migrate(engine)
    previous = db.set_engine(engine)
    try:
        insert_catalog(with_admins=False)
        with db.session_scope() as session:
            session.get(VenueSettings, 1).booking_rate_limit = 10 * BURST  # one client address books them all
    finally:
        db.set_engine(previous)
    yield url, engine
    engine.dispose()
    drop_database(PG_ADMIN_URL, name)


def killable_server(app_server, smtp_sink, url: str) -> AppServer:
    return app_server.sibling(
        4,
        {
            **smtp_sink.env,
            "DATABASE_URL": url,
            "REDIS_PREFIX": f"{settings.redis_prefix}kill:",
            "JOBS_WORKER_IN_APP": "true",
            "JOBS_PERIODIC": "true",
            "JOBS_CONCURRENCY": str(CONCURRENCY),
            "JOBS_HEARTBEAT_SECONDS": "1",
            "JOBS_STALLED_SECONDS": "2",
            "GRANIAN_WORKERS": "1",
        },
    )


async def book_burst(base_url: str) -> list[tuple[str, str]]:
    """BURST parents book at once; returns (email, reference) of each committed booking."""
    first = local_now().date() + timedelta(days=10)
    parents = [Parent(i, TYPES[i % len(TYPES)]) for i in range(BURST)]
    errors = await open_parents(base_url, parents)
    assert errors == []
    try:
        for parent in parents:
            await parent.prepare(
                Slot(parent.booking_type, first + timedelta(days=parent.index // len(TYPES)), "11:00")
            )
        outcomes = await asyncio.gather(*(parent.submit() for parent in parents))
    finally:
        await close_all([p.client for p in parents])
    assert [o.message for o in outcomes if not o.ok] == []
    return [
        (f"bench.parent{p.index}@example.com", o.reference) for p, o in zip(parents, outcomes, strict=True)
    ]


def test_every_confirmation_arrives_once_after_the_app_is_killed(app_server, smtp_sink, own_database):
    url, engine = own_database
    smtp_sink.clear()
    smtp_sink.slow_seconds = 0.5  # as slow as the server in the issue: most mail still queued
    server = killable_server(app_server, smtp_sink, url).start()
    try:
        booked = asyncio.run(book_burst(server.url))
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT COUNT(*) FROM bookings")).scalar_one() == BURST
        before = {email for email, _ in booked if smtp_sink.to(email)}
        assert len(before) < BURST, "the kill came after every email was sent: it proves nothing"

        server = killable_server(app_server, smtp_sink, url).start()
        for email, reference in booked:
            smtp_sink.wait_for(email, reference, timeout=120)
        confirmations = {email: smtp_sink.to(email) for email, _ in booked}
    finally:
        server.stop()
        smtp_sink.clear()

    # Each parent's mailbox shows one message: one Message-ID, whatever the transport did.
    assert {email: len({m.message_id for m in got}) for email, got in confirmations.items()} == {
        email: 1 for email, _ in booked
    }
    # A message the server took in the instant before the kill may go again (same Message-ID);
    # at most one per job the worker was running.
    assert sum(len(got) - 1 for got in confirmations.values()) <= CONCURRENCY
