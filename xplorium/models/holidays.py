"""The venue's own hours on a public holiday: closed, or special opening hours, per date."""

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field


class HolidayHours(SQLModel, table=True):
    """A holiday the venue treats differently from its weekday; no row means the usual hours."""

    __tablename__ = "holiday_hours"
    __table_args__ = (
        # Closed has no hours; open has both, closing after opening.
        sa.CheckConstraint(
            "(closed AND opens IS NULL AND closes IS NULL)"
            " OR (NOT closed AND opens IS NOT NULL AND closes IS NOT NULL AND closes > opens)",
            name="closed_or_hours",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(sa_column_kwargs={"unique": True}, nullable=False)
    closed: bool = Field(default=True)
    opens: time | None = None
    closes: time | None = None
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    updated_at: datetime = created_at_field()
