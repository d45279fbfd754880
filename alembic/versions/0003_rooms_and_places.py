"""rooms and places: bookings hold rooms, whole or by places, in a ledger the database checks

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 16:55:35.898608

Replaces the per-type exclusion constraint with rooms. A trigger sums the active rows of
room_holds into room_slots (places and whole-room holds per room and 30-minute slot), whose
CHECK constraints refuse any write that puts a room over its capacity or lets a whole-room
hold share a slot. The same trigger exists for PostgreSQL (PL/pgSQL) and SQLite.

Data: the venue's four rooms are created; each existing package and active booking is moved
onto them (a party holds the party room and the rooms it chose, whole; a visit holds one place
per guest, or the whole room when its group is larger than the room). A booking that would
now collide with an earlier one keeps its status without a hold and says so in its admin
notes, for the staff to resolve: no booking is lost.
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("buffer_minutes BETWEEN 0 AND 180", name=op.f("ck_rooms_buffer_range")),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_rooms_capacity_positive")),
        sa.CheckConstraint("slug = lower(slug)", name=op.f("ck_rooms_slug_lowercase")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rooms")),
        sa.UniqueConstraint("id", "capacity", name="uq_rooms_id_capacity"),
        sa.UniqueConstraint("slug", name=op.f("uq_rooms_slug")),
    )
    op.create_table(
        "room_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_room_closures_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_room_closures_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_room_closures_room_id_rooms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_closures")),
    )
    with op.batch_alter_table("room_closures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_closures_room_id"), ["room_id"], unique=False)

    op.create_table(
        "room_slots",
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("exclusive", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "exclusive <= 1 AND (exclusive = 0 OR places = 0)", name=op.f("ck_room_slots_exclusive_alone")
        ),
        sa.CheckConstraint("places <= capacity", name=op.f("ck_room_slots_within_capacity")),
        sa.CheckConstraint("places >= 0 AND exclusive >= 0", name=op.f("ck_room_slots_non_negative")),
        sa.ForeignKeyConstraint(
            ["room_id", "capacity"],
            ["rooms.id", "rooms.capacity"],
            name="fk_room_slots_room_capacity",
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("room_id", "slot", name=op.f("pk_room_slots")),
    )
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("guest_count", sa.Integer(), nullable=False),
        sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "WAITING",
                "OFFERED",
                "CLAIMED",
                "EXPIRED",
                "CANCELLED",
                name="waitliststatus",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("claim_token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("offer_expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("guest_count > 0", name=op.f("ck_waitlist_entries_guests_positive")),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_waitlist_entries_booking_id_bookings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["pricing_packages.id"],
            name=op.f("fk_waitlist_entries_package_id_pricing_packages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_waitlist_entries_room_id_rooms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
        sa.UniqueConstraint("claim_token_hash", name=op.f("uq_waitlist_entries_claim_token_hash")),
    )
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_waitlist_entries_room_starts", ["room_id", "starts_at", "status", "created_at"], unique=False
        )

    op.create_table(
        "room_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "BOOKING",
                "EVENT",
                "CLOSURE",
                "OFFER",
                name="holdkind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("closure_id", sa.Integer(), nullable=True),
        sa.Column("waitlist_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("first_slot", sa.Integer(), nullable=False),
        sa.Column("end_slot", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("whole", sa.Boolean(), nullable=False),
        sa.Column("released_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'BOOKING') = (booking_id IS NOT NULL) AND (kind = 'EVENT') = (event_id IS NOT NULL) AND (kind = 'CLOSURE') = (closure_id IS NOT NULL) AND (kind = 'OFFER') = (waitlist_id IS NOT NULL)",
            name=op.f("ck_room_holds_one_holder"),
        ),
        sa.CheckConstraint(
            "end_slot > first_slot AND end_slot - first_slot <= 1488", name=op.f("ck_room_holds_slot_span")
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_room_holds_ends_after_start")),
        sa.CheckConstraint("places > 0", name=op.f("ck_room_holds_places_positive")),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_room_holds_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["room_closures.id"],
            name=op.f("fk_room_holds_closure_id_room_closures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_room_holds_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_room_holds_room_id_rooms"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["waitlist_id"],
            ["waitlist_entries.id"],
            name=op.f("fk_room_holds_waitlist_id_waitlist_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_holds")),
    )
    with op.batch_alter_table("room_holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_holds_booking_id"), ["booking_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_room_holds_closure_id"), ["closure_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_room_holds_event_id"), ["event_id"], unique=False)
        batch_op.create_index("ix_room_holds_room_starts", ["room_id", "starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_room_holds_waitlist_id"), ["waitlist_id"], unique=False)

    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("package_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_bookings_package_id_pricing_packages"),
            "pricing_packages",
            ["package_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("room_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "hold_mode",
                sa.Enum("WHOLE", "PLACES", name="holdmode", native_enum=False, create_constraint=True),
                server_default="PLACES",
                nullable=False,
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_events_room_id_rooms"), "rooms", ["room_id"], ["id"], ondelete="RESTRICT"
        )

    with op.batch_alter_table("pricing_packages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("room_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "hold_mode",
                sa.Enum("WHOLE", "PLACES", name="holdmode", native_enum=False, create_constraint=True),
                server_default="PLACES",
                nullable=False,
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_pricing_packages_room_id_rooms"), "rooms", ["room_id"], ["id"], ondelete="RESTRICT"
        )

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE bookings DROP CONSTRAINT IF EXISTS bookings_no_overlap")
        op.execute(_PG_LEDGER_FUNCTION)
        op.execute(
            "CREATE TRIGGER room_holds_ledger AFTER INSERT OR UPDATE OR DELETE ON room_holds "
            "FOR EACH ROW EXECUTE FUNCTION room_holds_ledger()"
        )
    else:
        for statement in _SQLITE_LEDGER_TRIGGERS:
            op.execute(statement)
    _move_data(bind)


# --- the ledger trigger ---------------------------------------------------------------------------
# A hold counts in the ledger while released_at IS NULL: `places` of them, or one whole-room
# hold (`exclusive`). Emptied slot rows are deleted so the ledger only holds what is taken.

_PG_LEDGER_FUNCTION = """
CREATE FUNCTION room_holds_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.released_at IS NULL THEN
    UPDATE room_slots
       SET places = places - CASE WHEN OLD.whole THEN 0 ELSE OLD.places END,
           exclusive = exclusive - CASE WHEN OLD.whole THEN 1 ELSE 0 END
     WHERE room_id = OLD.room_id AND slot >= OLD.first_slot AND slot < OLD.end_slot;
    DELETE FROM room_slots
     WHERE room_id = OLD.room_id AND slot >= OLD.first_slot AND slot < OLD.end_slot
       AND places = 0 AND exclusive = 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.released_at IS NULL THEN
    INSERT INTO room_slots (room_id, slot, places, exclusive, capacity)
    SELECT NEW.room_id, s, CASE WHEN NEW.whole THEN 0 ELSE NEW.places END,
           CASE WHEN NEW.whole THEN 1 ELSE 0 END, r.capacity
      FROM generate_series(NEW.first_slot, NEW.end_slot - 1) AS s, rooms r
     WHERE r.id = NEW.room_id
     ORDER BY s
    ON CONFLICT (room_id, slot) DO UPDATE
       SET places = room_slots.places + EXCLUDED.places,
           exclusive = room_slots.exclusive + EXCLUDED.exclusive;
  END IF;
  RETURN NULL;
END;
$$
"""

# SQLite allows no WITH clause in a trigger, so the slots of a hold are enumerated with
# json_each over a JSON array of (end_slot - first_slot) zeros, whose keys are 0, 1, 2, ...
_SQLITE_ADD = """
    INSERT INTO room_slots (room_id, slot, places, exclusive, capacity)
    SELECT NEW.room_id, NEW.first_slot + key, CASE WHEN NEW.whole THEN 0 ELSE NEW.places END,
           CASE WHEN NEW.whole THEN 1 ELSE 0 END, (SELECT capacity FROM rooms WHERE id = NEW.room_id)
      FROM json_each('[' || rtrim(replace(hex(zeroblob(NEW.end_slot - NEW.first_slot)), '00', '0,'), ',') || ']')
     WHERE NEW.released_at IS NULL
    ON CONFLICT (room_id, slot) DO UPDATE
       SET places = places + excluded.places, exclusive = exclusive + excluded.exclusive;
"""
_SQLITE_REMOVE = """
    UPDATE room_slots
       SET places = places - CASE WHEN OLD.whole THEN 0 ELSE OLD.places END,
           exclusive = exclusive - CASE WHEN OLD.whole THEN 1 ELSE 0 END
     WHERE OLD.released_at IS NULL
       AND room_id = OLD.room_id AND slot >= OLD.first_slot AND slot < OLD.end_slot;
    DELETE FROM room_slots
     WHERE room_id = OLD.room_id AND slot >= OLD.first_slot AND slot < OLD.end_slot
       AND places = 0 AND exclusive = 0;
"""
_SQLITE_LEDGER_TRIGGERS = (
    f"CREATE TRIGGER room_holds_ledger_insert AFTER INSERT ON room_holds BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER room_holds_ledger_update AFTER UPDATE ON room_holds BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
    f"CREATE TRIGGER room_holds_ledger_delete AFTER DELETE ON room_holds BEGIN {_SQLITE_REMOVE} END",
)


# --- data ----------------------------------------------------------------------------------------
# Frozen copies of what the app defines today (a migration must not change when the app does).

_SLOT_EPOCH = datetime(2000, 1, 1)
_SLOT = timedelta(minutes=30)
_ROOMS = (
    # slug, name, capacity, buffer minutes, order
    ("party_room", "Party room", 30, 45, 0),
    ("playroom", "Playroom", 30, 45, 1),
    ("sensory_room", "Sensory room", 6, 15, 2),
    ("cafe", "Cafe", 40, 0, 3),
)
_CATEGORY_ROOM = {
    "PARTY": "party_room",
    "PLAYGROUND": "playroom",
    "SENSORY_ROOM": "sensory_room",
    "CAFE": "cafe",
}
# Packages priced by the hour hire the whole room; parties always do.
_WHOLE_UNITS = {"per_hour", "flat"}


def _slot(moment: datetime, *, up: bool = False) -> int:
    slots, rest = divmod(moment - _SLOT_EPOCH, _SLOT)
    return slots + (1 if up and rest else 0)


def _parse(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _move_data(bind) -> None:
    now = datetime.now(UTC)
    rooms = sa.table(
        "rooms",
        *(
            sa.column(c)
            for c in ("id", "slug", "name", "capacity", "buffer_minutes", "active", "display_order")
        ),
        sa.column("created_at"),
        sa.column("updated_at"),
    )
    bind.execute(
        rooms.insert(),
        [
            {
                "slug": slug,
                "name": name,
                "capacity": capacity,
                "buffer_minutes": buffer,
                "active": True,
                "display_order": order,
                "created_at": now,
                "updated_at": now,
            }
            for slug, name, capacity, buffer, order in _ROOMS
        ],
    )
    by_slug = {
        r.slug: r for r in bind.execute(sa.text("SELECT id, slug, capacity, buffer_minutes FROM rooms"))
    }
    for category, slug in _CATEGORY_ROOM.items():
        bind.execute(
            sa.text(
                "UPDATE pricing_packages SET room_id = :room, hold_mode = CASE WHEN :party OR unit IN "
                "('per_hour', 'flat') THEN 'WHOLE' ELSE 'PLACES' END WHERE category = :category"
            ),
            {"room": by_slug[slug].id, "party": category == "PARTY", "category": category},
        )
    bookings = bind.execute(
        sa.text(
            "SELECT id, type, starts_at, ends_at, guest_count, party_details, admin_notes FROM bookings "
            "WHERE status IN ('PENDING', 'APPROVED', 'COMPLETED') AND type <> 'EVENT' ORDER BY created_at, id"
        )
    ).all()
    for booking in bookings:
        holds = _holds_of(booking, by_slug)
        try:
            with bind.begin_nested():
                for hold in holds:
                    bind.execute(
                        sa.text(
                            "INSERT INTO room_holds (room_id, kind, booking_id, starts_at, ends_at, first_slot, "
                            "end_slot, places, whole, created_at) VALUES (:room_id, 'BOOKING', :booking_id, "
                            ":starts_at, :ends_at, :first_slot, :end_slot, :places, :whole, :created_at)"
                        ),
                        {**hold, "booking_id": booking.id, "created_at": now},
                    )
        except sa.exc.IntegrityError:
            note = "Rooms migration: this booking collides with an earlier one in its room; please resolve."
            bind.execute(
                sa.text("UPDATE bookings SET admin_notes = :notes WHERE id = :id"),
                {"notes": (booking.admin_notes + "\n" + note).strip(), "id": booking.id},
            )


def _holds_of(booking, by_slug) -> list[dict]:
    starts_at, ends_at = _parse(booking.starts_at), _parse(booking.ends_at)
    if booking.type == "PARTY":
        details = booking.party_details
        if isinstance(details, str):
            details = json.loads(details)
        chosen = [r for r in (details or {}).get("rooms") or [] if r in by_slug]
        slugs = ["party_room", *(r for r in chosen if r != "party_room")]
        rooms = [(by_slug[s], True) for s in slugs]
    else:
        room = by_slug[_CATEGORY_ROOM[booking.type]]
        rooms = [(room, booking.guest_count > room.capacity)]
    holds = []
    for room, whole in sorted(rooms, key=lambda pair: pair[0].id):
        end = ends_at + timedelta(minutes=room.buffer_minutes if whole else 0)
        holds.append(
            {
                "room_id": room.id,
                "starts_at": starts_at,
                "ends_at": end,
                "first_slot": _slot(starts_at),
                "end_slot": _slot(end, up=True),
                "places": booking.guest_count,
                "whole": whole,
            }
        )
    return holds


def downgrade() -> None:
    # Bookings that share a room's places may collide under the old per-type rule: then
    # re-adding bookings_no_overlap fails and the downgrade stops, changing nothing.
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS room_holds_ledger ON room_holds")
        op.execute("DROP FUNCTION IF EXISTS room_holds_ledger()")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS room_holds_ledger_{name}")
    with op.batch_alter_table("pricing_packages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_pricing_packages_room_id_rooms"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("ck_pricing_packages_holdmode"), type_="check")
        batch_op.drop_column("hold_mode")
        batch_op.drop_column("room_id")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_events_room_id_rooms"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("ck_events_holdmode"), type_="check")
        batch_op.drop_column("hold_mode")
        batch_op.drop_column("room_id")

    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_bookings_package_id_pricing_packages"), type_="foreignkey")
        batch_op.drop_column("package_id")

    with op.batch_alter_table("room_holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_holds_waitlist_id"))
        batch_op.drop_index("ix_room_holds_room_starts")
        batch_op.drop_index(batch_op.f("ix_room_holds_event_id"))
        batch_op.drop_index(batch_op.f("ix_room_holds_closure_id"))
        batch_op.drop_index(batch_op.f("ix_room_holds_booking_id"))

    op.drop_table("room_holds")
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_waitlist_entries_room_starts")

    op.drop_table("waitlist_entries")
    op.drop_table("room_slots")
    with op.batch_alter_table("room_closures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_closures_room_id"))

    op.drop_table("room_closures")
    op.drop_table("rooms")
    if bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist "
            "(type WITH =, tsrange(starts_at, blocked_until, '[)') WITH &&) "
            "WHERE (status IN ('PENDING', 'APPROVED', 'COMPLETED'))"
        )
