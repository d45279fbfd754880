"""The migrations produce exactly the models' schema, on PostgreSQL and on SQLite, both ways."""

import secrets

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import xplorium.models  # noqa: F401  (every table on the metadata)
from tests.conftest import PG_ADMIN_URL
from tests.support.database import create_database, downgrade, drop_database, migrate
from xplorium.db import make_engine
from xplorium.jobs.app import QUEUE_TABLES


def schema_differences(engine: sa.Engine) -> list:
    """Alembic's autogenerate comparison, plus the CHECK constraints it does not compare."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "render_as_batch": conn.dialect.name == "sqlite",
                "include_object": lambda _obj, name, type_, *_: (
                    not (type_ == "table" and name in QUEUE_TABLES)
                ),
            },
        )
        differences = list(compare_metadata(context, SQLModel.metadata))
        inspector = sa.inspect(conn)
        for table in SQLModel.metadata.sorted_tables:
            in_database = {c["name"] for c in inspector.get_check_constraints(table.name)}
            in_models = {str(c.name) for c in table.constraints if isinstance(c, sa.CheckConstraint)}
            if in_database != in_models:
                differences.append(("check_constraints", table.name, in_database ^ in_models))
    return differences


def tables(engine: sa.Engine) -> set[str]:
    with engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names()) - {"alembic_version"}


def expected_tables(engine: sa.Engine) -> set[str]:
    """The models' tables, and on PostgreSQL procrastinate's (the job queue)."""
    return set(SQLModel.metadata.tables) | (QUEUE_TABLES if engine.dialect.name == "postgresql" else set())


@pytest.fixture
def scratch_postgres(engine):
    name = f"xp_scratch_{secrets.token_hex(4)}"
    create_database(PG_ADMIN_URL, name)
    scratch = make_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    yield scratch
    scratch.dispose()
    drop_database(PG_ADMIN_URL, name)


@pytest.fixture
def scratch_sqlite(tmp_path):
    scratch = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    yield scratch
    scratch.dispose()


@pytest.fixture(params=["postgres", "sqlite"])
def scratch(request):
    return request.getfixturevalue(f"scratch_{request.param}")


def test_upgrade_head_matches_the_models(scratch):
    migrate(scratch)
    assert tables(scratch) == expected_tables(scratch)
    assert schema_differences(scratch) == []


def test_downgrade_to_base_and_upgrade_again(scratch):
    migrate(scratch)
    downgrade(scratch, "base")
    assert tables(scratch) == set()
    migrate(scratch)
    assert tables(scratch) == expected_tables(scratch)
    assert schema_differences(scratch) == []


def test_the_overlap_constraint_exists_after_a_round_trip(scratch_postgres):
    migrate(scratch_postgres)
    downgrade(scratch_postgres, "base")
    migrate(scratch_postgres)
    with scratch_postgres.connect() as conn:
        definition = conn.execute(
            sa.text(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'bookings_no_overlap'"
            )
        ).scalar_one()
    assert "EXCLUDE USING gist" in definition
    assert "tsrange(starts_at, blocked_until" in definition
