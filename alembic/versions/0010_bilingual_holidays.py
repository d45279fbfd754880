"""content in Serbian and English; the venue's hours on public holidays

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:30:00

Page content versions, pricing packages and events gain an English text beside the one they
have, which becomes the Serbian text (required). Today's texts were written in English, so the
migration copies each into the English columns as well: nothing is empty in either language,
and the staff translate the Serbian side in the back office (the demo data ships real Serbian).

holiday_hours holds, per date, a public holiday the venue closes on or opens with its own hours.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, [(english column, the column it copies, length or None for JSON)])
_ENGLISH = (
    ("content_versions", (("title_en", "title", 200), ("body_en", "body", None))),
    ("pricing_packages", (("name_en", "name", 120), ("description_en", "description", 2000))),
    ("events", (("title_en", "title", 200), ("description_en", "description", 5000))),
)


def upgrade() -> None:
    for table, columns in _ENGLISH:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, _source, length in columns:
                if length is None:
                    batch_op.add_column(sa.Column(column, sa.JSON(), nullable=True))
                else:
                    batch_op.add_column(
                        sa.Column(
                            column,
                            sqlmodel.sql.sqltypes.AutoString(length=length),
                            nullable=False,
                            server_default="",
                        )
                    )
        names = [name for column, source, _length in columns for name in (column, source)]
        rows = sa.table(table, *(sa.column(name) for name in names))
        op.execute(rows.update().values({column: rows.c[source] for column, source, _length in columns}))
        json_columns = [column for column, _source, length in columns if length is None]
        if json_columns:
            with op.batch_alter_table(table, schema=None) as batch_op:
                for column in json_columns:
                    batch_op.alter_column(column, existing_type=sa.JSON(), nullable=False)

    op.create_table(
        "holiday_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=True),
        sa.Column("closes", sa.Time(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(closed AND opens IS NULL AND closes IS NULL)"
            " OR (NOT closed AND opens IS NOT NULL AND closes IS NOT NULL AND closes > opens)",
            name=op.f("ck_holiday_hours_closed_or_hours"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_holiday_hours_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_hours")),
        sa.UniqueConstraint("day", name=op.f("uq_holiday_hours_day")),
    )


def downgrade() -> None:
    op.drop_table("holiday_hours")
    for table, columns in reversed(_ENGLISH):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, _source, _length in reversed(columns):
                batch_op.drop_column(column)
