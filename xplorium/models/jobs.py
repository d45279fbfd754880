"""What the background jobs remember in the app's own tables (procrastinate keeps the queue)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field

KEY_MAX = 120
ERROR_MAX = 500


class MailDelivery(SQLModel, table=True):
    """A message the mail server accepted, by its idempotency key: a retried job skips it."""

    __tablename__ = "mail_deliveries"

    key: str = Field(primary_key=True, max_length=KEY_MAX)
    sent_at: datetime = created_at_field()


class ScheduledMark(SQLModel, table=True):
    """Once-only scheduled work already queued (a booking's reminder, one day's summary)."""

    __tablename__ = "scheduled_marks"

    key: str = Field(primary_key=True, max_length=KEY_MAX)
    created_at: datetime = created_at_field()


class ReminderOptOut(SQLModel, table=True):
    """A booking whose parent asked for no reminder the day before."""

    __tablename__ = "reminder_opt_outs"

    booking_id: int = Field(foreign_key="bookings.id", ondelete="CASCADE", primary_key=True)
    created_at: datetime = created_at_field()


class JobError(SQLModel, table=True):
    """The last error of a job's attempts (procrastinate keeps a job's status, not its error)."""

    __tablename__ = "job_errors"

    job_id: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True, autoincrement=False))
    task_name: str = Field(max_length=128)
    error: str = Field(max_length=ERROR_MAX)
    at: datetime = created_at_field()
