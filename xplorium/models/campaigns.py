"""Email campaigns to a segment of the customers, and one row per recipient of each."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field, json_column
from xplorium.models.enums import CampaignStatus, RecipientStatus, enum_column


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"
    __table_args__ = (sa.Index("ix_campaigns_status_created", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=10000)
    # The segment's filters as the admin chose them (services/campaigns.py reads them).
    segment: dict = Field(default_factory=dict, sa_column=json_column())
    status: CampaignStatus = Field(
        default=CampaignStatus.DRAFT, sa_column=enum_column(CampaignStatus, nullable=False)
    )
    scheduled_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    created_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class CampaignRecipient(SQLModel, table=True):
    """One customer's message of one campaign: written once (unique), sent at most once."""

    __tablename__ = "campaign_recipients"
    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "user_id", name="uq_campaign_recipients_campaign_user"),
        sa.Index("ix_campaign_recipients_campaign_status", "campaign_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaigns.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    status: RecipientStatus = Field(
        default=RecipientStatus.PENDING, sa_column=enum_column(RecipientStatus, nullable=False)
    )
    # The message's idempotency key (also its Message-ID, see services/mail.py).
    mail_key: str = Field(max_length=120, sa_column_kwargs={"unique": True}, nullable=False)
    sent_at: datetime | None = None
    unsubscribed_at: datetime | None = None
    created_at: datetime = created_at_field()
