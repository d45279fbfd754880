"""background jobs: procrastinate's queue, mail deliveries, scheduled marks, reminder opt-outs

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 17:10:00

On PostgreSQL this installs procrastinate's schema (the version pinned in requirements.txt;
a later upgrade of procrastinate adds a migration running its own migration scripts). On
SQLite the queue is in memory and needs no tables. The notification kind DAILY_SUMMARY is
added to the two CHECK constraints that list the kinds.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from procrastinate.schema import SchemaManager

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS_BEFORE = ("NEW_BOOKING", "BOOKING_CANCELLED", "EVENT_FULL", "NEW_REGISTRATION")
_KINDS_AFTER = (*_KINDS_BEFORE, "DAILY_SUMMARY")

# Every object procrastinate's schema creates is named procrastinate_*.
_DROP_PROCRASTINATE = """
DO $$
DECLARE item record;
BEGIN
    FOR item IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE 'procrastinate\\_%'
    LOOP EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.relname); END LOOP;
    FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%'
    LOOP EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', item.signature); END LOOP;
    FOR item IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'c') AND t.typname LIKE 'procrastinate\\_%'
    LOOP EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', item.typname); END LOOP;
END $$;
"""


def _run_raw(statement: str) -> None:
    # Through the driver's cursor without parameters: the schema's "%" and ":" are literal.
    with op.get_bind().connection.dbapi_connection.cursor() as cursor:
        cursor.execute(statement)


def _kind_constraint(kinds: Sequence[str]) -> None:
    for table in ("notifications", "notification_preferences"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_notificationkind"), type_="check")
            batch.create_check_constraint(op.f(f"ck_{table}_notificationkind"), sa.column("kind").in_(kinds))


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run_raw(SchemaManager.get_schema())
    op.create_table(
        "mail_deliveries",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_mail_deliveries")),
    )
    op.create_table(
        "scheduled_marks",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_scheduled_marks")),
    )
    op.create_table(
        "reminder_opt_outs",
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_reminder_opt_outs_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("booking_id", name=op.f("pk_reminder_opt_outs")),
    )
    op.create_table(
        "job_errors",
        sa.Column("job_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("task_name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_job_errors")),
    )
    _kind_constraint(_KINDS_AFTER)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM notifications WHERE kind = 'DAILY_SUMMARY'"))
    op.execute(sa.text("DELETE FROM notification_preferences WHERE kind = 'DAILY_SUMMARY'"))
    _kind_constraint(_KINDS_BEFORE)
    op.drop_table("job_errors")
    op.drop_table("reminder_opt_outs")
    op.drop_table("scheduled_marks")
    op.drop_table("mail_deliveries")
    if op.get_bind().dialect.name == "postgresql":
        _run_raw(_DROP_PROCRASTINATE)
