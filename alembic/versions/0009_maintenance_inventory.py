"""maintenance log and inventory: jobs that close rooms for a time window, stock as a ledger

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:20:00

Maintenance jobs may hold their room through a room closure, which now can cover a time
window of one day (`starts_time`/`ends_time`) as well as whole days. Inventory items carry a
quantity that a trigger keeps as the sum of the item's stock movements (PL/pgSQL on
PostgreSQL, three triggers on SQLite); the item's CHECK refuses a movement that would take
it below zero. The notification kind LOW_STOCK is added to the two CHECKs that list kinds.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS_BEFORE = (
    "NEW_BOOKING",
    "BOOKING_CANCELLED",
    "EVENT_FULL",
    "NEW_REGISTRATION",
    "DAILY_SUMMARY",
    "DEPOSIT_OVERDUE",
)
_KINDS_AFTER = (*_KINDS_BEFORE, "LOW_STOCK")


def _kind_constraint(kinds: Sequence[str]) -> None:
    for table in ("notifications", "notification_preferences"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_notificationkind"), type_="check")
            batch.create_check_constraint(op.f(f"ck_{table}_notificationkind"), sa.column("kind").in_(kinds))


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def upgrade() -> None:
    op.create_table(
        "inventory_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column(
            "category",
            _enum(
                "inventorycategory",
                "CAFE",
                "PLAYROOM",
                "SENSORY_ROOM",
                "PARTY_SUPPLIES",
                "CLEANING",
                "GENERAL",
            ),
            nullable=False,
        ),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reorder_point", sa.Integer(), nullable=False),
        sa.Column("supplier_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("supplier_contact", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("last_restocked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("reorder_notified", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_inventory_items_quantity_non_negative")),
        sa.CheckConstraint("reorder_point >= 0", name=op.f("ck_inventory_items_reorder_point_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_items")),
        sa.UniqueConstraint("name", name=op.f("uq_inventory_items_name")),
    )
    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("stockmovementkind", "RESTOCK", "USE", "CORRECTION"), nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "change <> 0 AND (kind <> 'RESTOCK' OR change > 0) AND (kind <> 'USE' OR change < 0)",
            name=op.f("ck_stock_movements_change_matches_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_stock_movements_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inventory_items.id"],
            name=op.f("fk_stock_movements_item_id_inventory_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index("ix_stock_movements_item_created", ["item_id", "created_at"], unique=False)

    op.create_table(
        "maintenance_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("equipment", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("area", _enum("maintenancearea", "ROOM", "GENERAL", "EXTERIOR"), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("closes_room", sa.Boolean(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column(
            "kind",
            _enum("maintenancekind", "PREVENTIVE", "REPAIR", "INSPECTION", "CLEANING", "UPGRADE"),
            nullable=False,
        ),
        sa.Column(
            "status",
            _enum("maintenancestatus", "SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED"),
            nullable=False,
        ),
        sa.Column(
            "priority", _enum("maintenancepriority", "LOW", "NORMAL", "HIGH", "URGENT"), nullable=False
        ),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("starts_time", sa.Time(), nullable=True),
        sa.Column("ends_time", sa.Time(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("cost_rsd", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("performed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("closure_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(area = 'ROOM') = (room_id IS NOT NULL)", name=op.f("ck_maintenance_jobs_room_for_room_area")
        ),
        sa.CheckConstraint(
            "(starts_time IS NULL) = (ends_time IS NULL) AND (starts_time IS NULL OR ends_time > starts_time)",
            name=op.f("ck_maintenance_jobs_time_window"),
        ),
        sa.CheckConstraint(
            "NOT closes_room OR room_id IS NOT NULL", name=op.f("ck_maintenance_jobs_closes_a_room")
        ),
        sa.CheckConstraint(
            "cost_rsd IS NULL OR cost_rsd >= 0", name=op.f("ck_maintenance_jobs_cost_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["room_closures.id"],
            name=op.f("fk_maintenance_jobs_closure_id_room_closures"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_maintenance_jobs_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_maintenance_jobs_room_id_rooms"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_jobs")),
    )
    with op.batch_alter_table("maintenance_jobs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_maintenance_jobs_status_scheduled", ["status", "scheduled_on"], unique=False
        )

    # Plain ADD COLUMN on both databases: SQLite must not rebuild room_closures, whose rows
    # the holds reference with ON DELETE CASCADE.
    op.add_column("room_closures", sa.Column("starts_time", sa.Time(), nullable=True))
    op.add_column("room_closures", sa.Column("ends_time", sa.Time(), nullable=True))

    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_STOCK_FUNCTION)
        op.execute(
            "CREATE TRIGGER stock_movements_ledger AFTER INSERT OR UPDATE OR DELETE ON stock_movements "
            "FOR EACH ROW EXECUTE FUNCTION stock_movements_ledger()"
        )
    else:
        for statement in _SQLITE_STOCK_TRIGGERS:
            op.execute(statement)
    _kind_constraint(_KINDS_AFTER)


# --- the stock trigger ---------------------------------------------------------------------------
# An item's quantity is the sum of its movements: each insert adds its change, each delete
# takes it back, an update does both. The item's CHECK (quantity >= 0) refuses the write
# that would go below zero, whoever makes it.

_PG_STOCK_FUNCTION = """
CREATE FUNCTION stock_movements_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE inventory_items SET quantity = quantity - OLD.change WHERE id = OLD.item_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE inventory_items SET quantity = quantity + NEW.change WHERE id = NEW.item_id;
  END IF;
  RETURN NULL;
END;
$$
"""
_SQLITE_ADD = "UPDATE inventory_items SET quantity = quantity + NEW.change WHERE id = NEW.item_id;"
_SQLITE_REMOVE = "UPDATE inventory_items SET quantity = quantity - OLD.change WHERE id = OLD.item_id;"
_SQLITE_STOCK_TRIGGERS = (
    f"CREATE TRIGGER stock_movements_ledger_insert AFTER INSERT ON stock_movements BEGIN {_SQLITE_ADD} END",
    "CREATE TRIGGER stock_movements_ledger_update AFTER UPDATE ON stock_movements "
    f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
    f"CREATE TRIGGER stock_movements_ledger_delete AFTER DELETE ON stock_movements BEGIN {_SQLITE_REMOVE} END",
)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM notifications WHERE kind = 'LOW_STOCK'"))
    op.execute(sa.text("DELETE FROM notification_preferences WHERE kind = 'LOW_STOCK'"))
    _kind_constraint(_KINDS_BEFORE)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS stock_movements_ledger ON stock_movements")
        op.execute("DROP FUNCTION IF EXISTS stock_movements_ledger()")
    else:
        for suffix in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS stock_movements_ledger_{suffix}")
    op.drop_table("maintenance_jobs")
    op.drop_table("stock_movements")
    op.drop_table("inventory_items")
    # A closure of a time window cannot be told from a whole-day one without these columns:
    # the maintenance closures go with them (their holds cascade), and the room reopens.
    op.execute(sa.text("DELETE FROM room_closures WHERE starts_time IS NOT NULL"))
    # ALTER TABLE ... DROP COLUMN on both databases (SQLite 3.35+), no rebuild of the table.
    op.execute("ALTER TABLE room_closures DROP COLUMN ends_time")
    op.execute("ALTER TABLE room_closures DROP COLUMN starts_time")
