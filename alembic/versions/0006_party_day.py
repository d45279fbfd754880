"""party day: deposits, party links and guest answers, waivers, check-in and no-shows

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:30:00

The settings row gets the deposit settings (with defaults for the existing row), pricing
packages their deposit, bookings their arrival and no-show times. The notification kind
DEPOSIT_OVERDUE is added to the two CHECK constraints that list the kinds.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS_BEFORE = ("NEW_BOOKING", "BOOKING_CANCELLED", "EVENT_FULL", "NEW_REGISTRATION", "DAILY_SUMMARY")
_KINDS_AFTER = (*_KINDS_BEFORE, "DEPOSIT_OVERDUE")
_STRING = sqlmodel.sql.sqltypes.AutoString
_STAMP = sqlmodel.sql.sqltypes.UTCDateTime


def _kind_constraint(kinds: Sequence[str]) -> None:
    for table in ("notifications", "notification_preferences"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_notificationkind"), type_="check")
            batch.create_check_constraint(op.f(f"ck_{table}_notificationkind"), sa.column("kind").in_(kinds))


def upgrade() -> None:
    op.create_table(
        "waiver_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("body_sr", _STRING(length=10000), nullable=False),
        sa.Column("body_en", _STRING(length=10000), nullable=False),
        sa.Column("published_at", _STAMP(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_waiver_versions_number_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waiver_versions")),
        sa.UniqueConstraint("number", name=op.f("uq_waiver_versions_number")),
    )
    op.create_table(
        "waiver_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("child_key", _STRING(length=455), nullable=False),
        sa.Column("child_name", _STRING(length=200), nullable=False),
        sa.Column("guardian_name", _STRING(length=200), nullable=False),
        sa.Column("guardian_contact", _STRING(length=254), nullable=False),
        sa.Column("consent_name", _STRING(length=200), nullable=False),
        sa.Column("signed_at", _STAMP(), nullable=False),
        sa.Column("ip", _STRING(length=64), nullable=False),
        sa.Column("user_agent", _STRING(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["waiver_versions.id"],
            name=op.f("fk_waiver_signatures_version_id_waiver_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waiver_signatures")),
    )
    op.create_index(
        "ix_waiver_signatures_child", "waiver_signatures", ["child_key", "signed_at"], unique=False
    )
    op.create_table(
        "booking_deposits",
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("received_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("received_at", _STAMP(), nullable=True),
        sa.Column("overdue_at", _STAMP(), nullable=True),
        sa.Column("created_at", _STAMP(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_booking_deposits_amount_positive")),
        sa.CheckConstraint(
            "received_amount IS NULL OR received_amount > 0",
            name=op.f("ck_booking_deposits_received_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_booking_deposits_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("booking_id", name=op.f("pk_booking_deposits")),
    )
    op.create_table(
        "party_guests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("attending", sa.Boolean(), nullable=False),
        sa.Column("child_name", _STRING(length=200), nullable=False),
        sa.Column("child_age", sa.Integer(), nullable=True),
        sa.Column("allergies", _STRING(length=1000), nullable=False),
        sa.Column("guardian_name", _STRING(length=200), nullable=False),
        sa.Column("guardian_contact", _STRING(length=254), nullable=False),
        sa.Column("signature_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _STAMP(), nullable=False),
        sa.CheckConstraint(
            "child_age IS NULL OR (child_age >= 0 AND child_age <= 18)",
            name=op.f("ck_party_guests_age_range"),
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_party_guests_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signature_id"],
            ["waiver_signatures.id"],
            name=op.f("fk_party_guests_signature_id_waiver_signatures"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_guests")),
    )
    op.create_index(op.f("ix_party_guests_booking_id"), "party_guests", ["booking_id"], unique=False)
    op.create_table(
        "party_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("nonce", _STRING(length=64), nullable=False),
        sa.Column("token_hash", _STRING(length=64), nullable=False),
        sa.Column("created_at", _STAMP(), nullable=False),
        sa.Column("revoked_at", _STAMP(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_party_links_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_party_links_token_hash")),
    )
    op.create_index(op.f("ix_party_links_booking_id"), "party_links", ["booking_id"], unique=False)
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("checked_in_at", _STAMP(), nullable=True))
        batch.add_column(sa.Column("no_show_at", _STAMP(), nullable=True))
    with op.batch_alter_table("pricing_packages") as batch:
        batch.add_column(sa.Column("deposit_percent", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("deposit_fixed", sa.Numeric(precision=12, scale=2), nullable=True))
        batch.create_check_constraint(
            op.f("ck_pricing_packages_deposit_percent_range"),
            "deposit_percent IS NULL OR (deposit_percent > 0 AND deposit_percent <= 100)",
        )
        batch.create_check_constraint(
            op.f("ck_pricing_packages_deposit_fixed_positive"), "deposit_fixed IS NULL OR deposit_fixed > 0"
        )
        batch.create_check_constraint(
            op.f("ck_pricing_packages_deposit_one_kind"), "deposit_percent IS NULL OR deposit_fixed IS NULL"
        )
    # The existing settings row takes the models' defaults.
    with op.batch_alter_table("venue_settings") as batch:
        batch.add_column(sa.Column("deposit_due_days", sa.Integer(), nullable=False, server_default="7"))
        batch.add_column(
            sa.Column(
                "deposit_payee",
                _STRING(length=70),
                nullable=False,
                server_default="Xplorium doo, Novi Beograd",
            )
        )
        batch.add_column(sa.Column("deposit_account", _STRING(length=18), nullable=False, server_default=""))
        batch.add_column(
            sa.Column(
                "deposit_purpose", _STRING(length=35), nullable=False, server_default="Depozit za rodjendan"
            )
        )
        batch.add_column(
            sa.Column("deposit_payment_code", _STRING(length=3), nullable=False, server_default="289")
        )
        batch.add_column(
            sa.Column("deposit_auto_cancel", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_check_constraint(
            op.f("ck_venue_settings_deposit_due_days_non_negative"), "deposit_due_days >= 0"
        )
    with op.batch_alter_table("venue_settings") as batch:
        for column in (
            "deposit_due_days",
            "deposit_payee",
            "deposit_account",
            "deposit_purpose",
            "deposit_payment_code",
            "deposit_auto_cancel",
        ):
            batch.alter_column(column, server_default=None)
    _kind_constraint(_KINDS_AFTER)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM notifications WHERE kind = 'DEPOSIT_OVERDUE'"))
    op.execute(sa.text("DELETE FROM notification_preferences WHERE kind = 'DEPOSIT_OVERDUE'"))
    _kind_constraint(_KINDS_BEFORE)
    with op.batch_alter_table("venue_settings") as batch:
        batch.drop_constraint(op.f("ck_venue_settings_deposit_due_days_non_negative"), type_="check")
        for column in (
            "deposit_auto_cancel",
            "deposit_payment_code",
            "deposit_purpose",
            "deposit_account",
            "deposit_payee",
            "deposit_due_days",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("pricing_packages") as batch:
        for name in ("deposit_one_kind", "deposit_fixed_positive", "deposit_percent_range"):
            batch.drop_constraint(op.f(f"ck_pricing_packages_{name}"), type_="check")
        batch.drop_column("deposit_fixed")
        batch.drop_column("deposit_percent")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("no_show_at")
        batch.drop_column("checked_in_at")
    op.drop_index(op.f("ix_party_links_booking_id"), table_name="party_links")
    op.drop_table("party_links")
    op.drop_index(op.f("ix_party_guests_booking_id"), table_name="party_guests")
    op.drop_table("party_guests")
    op.drop_table("booking_deposits")
    op.drop_index("ix_waiver_signatures_child", table_name="waiver_signatures")
    op.drop_table("waiver_signatures")
    op.drop_table("waiver_versions")
