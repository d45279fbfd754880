"""The migrations produce exactly the models' schema, on PostgreSQL and on SQLite, both ways."""

import json
import secrets
from datetime import date, datetime, time, timedelta

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
from xplorium.services.bookings import places as places_module


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


def _seed_before_rooms(engine: sa.Engine) -> None:
    """Data as the per-type version (revision 0002) left it: packages and bookings, no rooms."""
    now = datetime(2026, 11, 1, 12, 0)
    with engine.begin() as conn:
        for name, category, unit in (
            ("Classic party", "PARTY", "per_child"),
            ("Play session", "PLAYGROUND", "per_child"),
            ("Private playroom hire", "PLAYGROUND", "per_hour"),
        ):
            conn.execute(
                sa.text(
                    "INSERT INTO pricing_packages (name, category, amount, currency, unit, features, description,"
                    " popular, status, display_order, created_at, updated_at) VALUES (:name, :category, 100, 'RSD',"
                    " :unit, '[]', '', false, 'PUBLISHED', 0, :now, :now)"
                ),
                {"name": name, "category": category, "unit": unit, "now": now},
            )
        rows = (
            # reference, type, status, start, guests, party rooms
            ("XP-PARTY001", "PARTY", "APPROVED", "15:00", 12, '{"rooms": ["party_room", "playroom"]}'),
            ("XP-PLAY0001", "PLAYGROUND", "PENDING", "10:00", 10, None),
            ("XP-PLAY0002", "PLAYGROUND", "PENDING", "15:30", 8, None),  # under the party's playroom
            ("XP-CANC0001", "PLAYGROUND", "CANCELLED", "10:00", 40, None),
        )
        for reference, kind, status, start, guests, party in rows:
            starts_at = datetime.combine(date(2026, 12, 5), time.fromisoformat(start))
            conn.execute(
                sa.text(
                    "INSERT INTO bookings (reference, type, status, date, start_time, duration_minutes, starts_at,"
                    " ends_at, blocked_until, guest_count, contact_name, email, phone, special_requests,"
                    " party_details, price_quote, currency, paid, admin_notes, created_at, updated_at) VALUES"
                    " (:reference, :kind, :status, :day, :start, 120, :starts_at, :ends_at, :ends_at, :guests, 'P',"
                    " 'p@example.com', '+381641234567', '', :party, 0, 'RSD', false, '', :now, :now)"
                ),
                {
                    "reference": reference,
                    "kind": kind,
                    "status": status,
                    # Text, as each database stores them (SQLite has no date types).
                    "day": starts_at.date().isoformat(),
                    "start": starts_at.time().isoformat(),
                    "starts_at": starts_at.isoformat(" "),
                    "ends_at": (starts_at + timedelta(hours=2)).isoformat(" "),
                    "guests": guests,
                    "party": party,
                    "now": now.isoformat(" "),
                },
            )


def test_existing_bookings_move_onto_rooms_and_places(scratch):
    migrate(scratch, "0002")
    _seed_before_rooms(scratch)
    migrate(scratch)
    with scratch.connect() as conn:
        holds = conn.execute(
            sa.text(
                "SELECT b.reference, r.slug, h.places, h.whole FROM room_holds h JOIN bookings b ON b.id = h.booking_id"
                " JOIN rooms r ON r.id = h.room_id ORDER BY b.reference, r.slug"
            )
        ).all()
        notes = dict(conn.execute(sa.text("SELECT reference, admin_notes FROM bookings")).all())
        packages = dict(conn.execute(sa.text("SELECT name, hold_mode FROM pricing_packages")).all())
        statuses = dict(conn.execute(sa.text("SELECT reference, status FROM bookings")).all())
    assert [tuple(h) for h in holds] == [
        ("XP-PARTY001", "party_room", 12, True),
        ("XP-PARTY001", "playroom", 12, True),
        ("XP-PLAY0001", "playroom", 10, False),
    ]
    # The playroom visit under the party's playroom keeps its status and tells the staff why it holds nothing.
    assert statuses["XP-PLAY0002"] == "PENDING"
    assert "collides" in notes["XP-PLAY0002"]
    assert packages == {"Classic party": "WHOLE", "Play session": "PLACES", "Private playroom hire": "WHOLE"}


def raw_hold(conn, room_id: int, places: int, start: datetime, hours: int = 2) -> None:
    """A closure's hold written in plain SQL, as a writer outside the services would."""
    closure = conn.execute(
        sa.text(
            "INSERT INTO room_closures (room_id, starts_on, ends_on, reason, created_at)"
            " VALUES (:room, :day, :day, 'raw', :day) RETURNING id"
        ),
        {"room": room_id, "day": start.date()},
    ).scalar_one()
    end = start + timedelta(hours=hours)
    conn.execute(
        sa.text(
            "INSERT INTO room_holds (room_id, kind, closure_id, starts_at, ends_at, first_slot, end_slot, places,"
            " whole, created_at) VALUES (:room, 'CLOSURE', :closure, :start, :end, :first, :last, :places, false,"
            " :start)"
        ),
        {
            "room": room_id,
            "closure": closure,
            "start": start,
            "end": end,
            "first": places_module.slot_of(start),
            "last": places_module.slot_after(end),
            "places": places,
        },
    )


def test_the_ledger_trigger_and_checks_exist_after_a_round_trip(scratch):
    migrate(scratch)
    downgrade(scratch, "base")
    migrate(scratch)
    start = datetime(2026, 12, 5, 10, 0)
    with scratch.begin() as conn:
        room = conn.execute(sa.text("SELECT id, capacity FROM rooms WHERE slug = 'sensory_room'")).one()
        raw_hold(conn, room.id, room.capacity, start)
        assert conn.execute(sa.text("SELECT sum(places) FROM room_slots")).scalar_one() == room.capacity * 4
    with pytest.raises(sa.exc.IntegrityError, match="within_capacity"), scratch.begin() as conn:
        raw_hold(conn, room.id, 1, start + timedelta(hours=1))


def test_todays_texts_are_copied_into_english_so_no_language_is_empty(scratch):
    migrate(scratch, "0007")
    body = '{"headline": "Coffee while they play", "paragraphs": ["We roast locally."]}'
    with scratch.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO site_content (id, section, updated_at) VALUES (1, 'cafe', :now)"),
            {"now": datetime(2026, 1, 1)},
        )
        conn.execute(
            sa.text(
                "INSERT INTO content_versions (content_id, version, title, body, status, created_at)"
                " VALUES (1, 1, 'Cafe', :body, 'PUBLISHED', :now)"
            ),
            {"body": body, "now": datetime(2026, 1, 1)},
        )
        conn.execute(
            sa.text(
                "INSERT INTO pricing_packages (name, category, amount, currency, unit, hold_mode, features,"
                " description, popular, status, display_order, created_at, updated_at) VALUES ('Play session',"
                " 'PLAYGROUND', 700, 'RSD', 'per_child', 'PLACES', '[]', 'Drop in and play.', false, 'PUBLISHED',"
                " 0, :now, :now)"
            ),
            {"now": datetime(2026, 1, 1)},
        )
    migrate(scratch)
    with scratch.connect() as conn:
        version = conn.execute(sa.text("SELECT title, title_en, body, body_en FROM content_versions")).one()
        package = conn.execute(
            sa.text("SELECT name, name_en, description, description_en FROM pricing_packages")
        ).one()
    assert version.title == version.title_en == "Cafe"
    body_en = version.body_en if isinstance(version.body_en, dict) else json.loads(version.body_en)
    assert body_en["headline"] == "Coffee while they play"
    assert (package.name_en, package.description_en) == ("Play session", "Drop in and play.")
