"""loyalty ledger kind: EARN rows are unique per booking

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 15:47:50.523043

Every existing ledger row was written by hand (nothing earned points before this), so the
new column defaults to ADJUST. A partial unique index then lets a booking earn only once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EARN = sa.text("kind = 'EARN'")


def upgrade() -> None:
    with op.batch_alter_table("loyalty_transactions") as batch:
        batch.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "EARN",
                    "ADJUST",
                    name="loyaltykind",
                    native_enum=False,
                    create_constraint=True,
                    length=6,
                ),
                server_default="ADJUST",
                nullable=False,
            )
        )
    op.create_index(
        "uq_loyalty_transactions_earn_booking",
        "loyalty_transactions",
        ["booking_id"],
        unique=True,
        postgresql_where=_EARN,
        sqlite_where=_EARN,
    )


def downgrade() -> None:
    op.drop_index("uq_loyalty_transactions_earn_booking", table_name="loyalty_transactions")
    with op.batch_alter_table("loyalty_transactions") as batch:
        batch.drop_constraint(op.f("ck_loyalty_transactions_loyaltykind"), type_="check")
        batch.drop_column("kind")
