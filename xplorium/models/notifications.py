"""In-app notifications for staff and who wants which."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field
from xplorium.models.enums import NotificationKind, enum_column


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_read", "user_id", "read_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    kind: NotificationKind = Field(sa_column=enum_column(NotificationKind, nullable=False))
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=1000)
    link: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()
    read_at: datetime | None = None


class NotificationPreference(SQLModel, table=True):
    __tablename__ = "notification_preferences"

    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", primary_key=True)
    kind: NotificationKind = Field(sa_column=enum_column(NotificationKind, nullable=False, primary_key=True))
    in_app: bool = Field(default=True)
    email: bool = Field(default=False)
