"""languages: the language of each user, booking, event registration and waiting-list entry

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:00:00

Emails and reminders go out in the language of the person they are sent to: a signed-in
user's chosen language, or the language of the page a booking or registration was made on.
Existing bookings and registrations get Serbian (the default locale); existing users none
(never chosen).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("users", "bookings", "event_registrations", "waitlist_entries")
LOCALES = ("sr_Latn", "en")


def upgrade() -> None:
    allowed = ", ".join(f"'{locale}'" for locale in LOCALES)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        # SQLite cannot add a table constraint without rebuilding the table (and the users
        # table's generated column does not survive a rebuild): the check goes on the column.
        check = (sa.CheckConstraint(f"language IN ({allowed})", name="language_known"),) if sqlite else ()
        # A user's is what they chose (None: never chose); a booking's or registration's is
        # the language of the page it was made on.
        chosen = table == "users"
        op.add_column(
            table,
            sa.Column(
                "language",
                sa.String(length=8),
                *check,
                nullable=chosen,
                server_default=None if chosen else "sr_Latn",
            ),
        )
        if not sqlite:
            op.create_check_constraint("language_known", table, f"language IN ({allowed})")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if not sqlite:
            op.drop_constraint("language_known", table, type_="check")
        op.drop_column(table, "language")
