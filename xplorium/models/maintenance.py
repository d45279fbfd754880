"""The maintenance log: jobs on the venue's equipment, and the room closure a job may hold."""

from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field, money_column
from xplorium.models.enums import (
    MaintenanceArea,
    MaintenanceKind,
    MaintenancePriority,
    MaintenanceStatus,
    enum_column,
)


class MaintenanceJob(SQLModel, table=True):
    __tablename__ = "maintenance_jobs"
    __table_args__ = (
        sa.CheckConstraint("(area = 'ROOM') = (room_id IS NOT NULL)", name="room_for_room_area"),
        sa.CheckConstraint("NOT closes_room OR room_id IS NOT NULL", name="closes_a_room"),
        sa.CheckConstraint(
            "(starts_time IS NULL) = (ends_time IS NULL) AND (starts_time IS NULL OR ends_time > starts_time)",
            name="time_window",
        ),
        sa.CheckConstraint("cost_rsd IS NULL OR cost_rsd >= 0", name="cost_non_negative"),
        sa.Index("ix_maintenance_jobs_status_scheduled", "status", "scheduled_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    equipment: str = Field(max_length=200)
    area: MaintenanceArea = Field(sa_column=enum_column(MaintenanceArea, nullable=False))
    room_id: int | None = Field(default=None, foreign_key="rooms.id", ondelete="RESTRICT")
    # The job takes its room out of use for its window: bookings cannot be made then.
    closes_room: bool = Field(default=False)
    description: str = Field(max_length=2000)
    kind: MaintenanceKind = Field(sa_column=enum_column(MaintenanceKind, nullable=False))
    status: MaintenanceStatus = Field(
        default=MaintenanceStatus.SCHEDULED, sa_column=enum_column(MaintenanceStatus, nullable=False)
    )
    priority: MaintenancePriority = Field(
        default=MaintenancePriority.NORMAL, sa_column=enum_column(MaintenancePriority, nullable=False)
    )
    scheduled_on: date
    # Venue-local wall-clock times of the day; none: the whole day.
    starts_time: time | None = None
    ends_time: time | None = None
    completed_on: date | None = None
    cost_rsd: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    performed_by: str = Field(default="", max_length=200)
    notes: str = Field(default="", max_length=2000)
    # The closure that holds the room while the job is scheduled or in progress.
    closure_id: int | None = Field(default=None, foreign_key="room_closures.id", ondelete="SET NULL")
    created_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
