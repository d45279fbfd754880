"""The embedded defaults: a fresh SQLite file migrated by Alembic, no Redis, in-process state.

This is what `./run` gives a newcomer, so the services core must work on it as well.
"""

import asyncio
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import func, select

import xplorium.services.cache as cache_module
import xplorium.services.ratelimit as ratelimit_module
from tests.support.checks import ledger_problems, row_counts
from tests.support.database import migrate
from xplorium import db
from xplorium.api import api
from xplorium.config import settings
from xplorium.db import session_scope
from xplorium.models import AuditLog, ContentVersion, User, VenueSettings
from xplorium.models.enums import AuditAction, ContentSection, ContentStatus, Role
from xplorium.services import audit, catalog
from xplorium.services.cache import get_cache
from xplorium.services.context import RequestContext
from xplorium.services.demo_data import load_demo_data
from xplorium.services.errors import RateLimited
from xplorium.services.ratelimit import get_limiter
from xplorium.services.redis_client import get_redis
from xplorium.services.venue import opening_span, public_settings


@pytest.fixture
def embedded(tmp_path, monkeypatch):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'xplorium.db'}")
    migrate(engine)
    previous = db.set_engine(engine)
    monkeypatch.setattr(settings, "redis_url", None)
    get_redis.cache_clear()
    monkeypatch.setattr(cache_module, "_cache", None)
    monkeypatch.setattr(ratelimit_module, "_limiter", None)
    yield engine
    db.set_engine(previous)
    engine.dispose()
    get_redis.cache_clear()


def test_runs_without_redis(embedded):
    assert get_redis() is None
    assert get_cache()._redis is None
    assert get_limiter()._redis is None


def test_settings_load_with_defaults_and_are_cached_in_memory(embedded):
    info = public_settings(session_scope)
    assert info["contact_email"] == "info@xplorium.rs"
    assert opening_span(info["opening_hours"], 0) is not None

    with session_scope() as session:
        session.get(VenueSettings, 1).contact_email = "hello@xplorium.rs"
    assert public_settings(session_scope)["contact_email"] == "info@xplorium.rs"
    catalog.invalidate_settings()
    assert public_settings(session_scope)["contact_email"] == "hello@xplorium.rs"


def test_audit_entries_are_written_and_a_failing_one_is_contained(embedded):
    with session_scope() as session:
        admin = User(email="admin@xplorium.rs", role=Role.ADMIN)
        session.add(admin)
        session.flush()
        audit.record(
            session,
            RequestContext(actor_id=admin.id, ip="127.0.0.1", user_agent="Safari"),
            AuditAction.CREATE,
            "user",
            admin.id,
            {"email": "admin@xplorium.rs", "role": "ADMIN"},
        )
        # A foreign key the database refuses: the savepoint contains it.
        audit.record(session, RequestContext(actor_id=424242), AuditAction.UPDATE, "user", admin.id)
        session.add(User(email="ana@example.com"))

    with session_scope() as session:
        entries = session.exec(select(AuditLog)).all()
        emails = session.exec(select(User.email).order_by(User.id)).all()
    assert emails == ["admin@xplorium.rs", "ana@example.com"]
    assert [(e.action, e.ip, e.user_agent, e.changes) for e in entries] == [
        ("CREATE", "127.0.0.1", "Safari", {"email": "[redacted]", "role": "ADMIN"})
    ]


def test_an_audit_entry_goes_when_its_operation_rolls_back(embedded):
    # The savepoint lives inside the operation's transaction, even before its first write.
    with pytest.raises(RuntimeError), session_scope() as session:
        audit.record(session, RequestContext(), AuditAction.LOGIN, "session")
        raise RuntimeError("operation failed")
    with session_scope() as session:
        assert session.exec(select(AuditLog)).all() == []


def test_constraints_and_the_derived_tier_hold_on_sqlite(embedded):
    with session_scope() as session:
        session.add(User(email="ana@example.com", loyalty_points=3000))
    with embedded.connect() as conn:
        assert conn.execute(sa.text("SELECT loyalty_tier FROM users")).scalar_one() == "GOLD"
    with pytest.raises(sa.exc.IntegrityError), session_scope() as session:
        session.add(User(email="ana@example.com"))
    with pytest.raises(sa.exc.IntegrityError), embedded.begin() as conn:
        conn.execute(sa.text("UPDATE users SET loyalty_points = -5"))


def test_the_rate_limiter_works_in_memory(embedded):
    limiter = get_limiter()
    for _ in range(3):
        limiter.hit("reset", "ana@example.com", 3, timedelta(hours=1))
    with pytest.raises(RateLimited) as refused:
        limiter.hit("reset", "ana@example.com", 3, timedelta(hours=1))
    assert "try again in" in refused.value.message


def test_health_checks_only_the_database(embedded):
    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=api)
        async with httpx.AsyncClient(transport=transport, base_url="http://xplorium.test") as client:
            return await client.get("/api/health")

    response = asyncio.run(get())
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database"}


def test_demo_data_loads_once_and_keeps_slots_apart(embedded):
    first = load_demo_data()
    assert first.created["bookings"] >= 70
    counts = row_counts(embedded)
    assert load_demo_data().created == {}
    assert row_counts(embedded) == counts
    with session_scope() as session:
        assert ledger_problems(session) == []
        published = session.exec(
            select(func.count())
            .select_from(ContentVersion)
            .where(ContentVersion.status == ContentStatus.PUBLISHED)
        ).one()
    assert published == len(ContentSection)
