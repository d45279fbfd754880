"""Price list packages shown on the public pricing page."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.constants import CURRENCY
from xplorium.models.base import created_at_field, json_column, money_column
from xplorium.models.enums import HoldMode, PricingCategory, PublishStatus, enum_column


class PricingPackage(SQLModel, table=True):
    __tablename__ = "pricing_packages"
    __table_args__ = (
        sa.CheckConstraint("amount >= 0", name="amount_non_negative"),
        sa.CheckConstraint(
            "deposit_percent IS NULL OR (deposit_percent > 0 AND deposit_percent <= 100)",
            name="deposit_percent_range",
        ),
        sa.CheckConstraint("deposit_fixed IS NULL OR deposit_fixed > 0", name="deposit_fixed_positive"),
        sa.CheckConstraint("deposit_percent IS NULL OR deposit_fixed IS NULL", name="deposit_one_kind"),
        sa.Index("ix_pricing_packages_category_status", "category", "status", "display_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # `name`/`description` are the Serbian text; the English ones fall back to them when empty.
    name: str = Field(max_length=120)
    name_en: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    category: PricingCategory = Field(sa_column=enum_column(PricingCategory, nullable=False))
    amount: Decimal = Field(sa_column=money_column())
    currency: str = Field(default=CURRENCY, max_length=3)
    # What the amount is for, so the server can quote a booking from it.
    unit: str = Field(default="per_child", max_length=20)
    # What a booking of this package holds: its room, whole or one place per guest.
    room_id: int | None = Field(default=None, foreign_key="rooms.id", ondelete="RESTRICT")
    hold_mode: HoldMode = Field(
        default=HoldMode.PLACES, sa_column=enum_column(HoldMode, nullable=False, server_default="PLACES")
    )
    features: list[str] = Field(default_factory=list, sa_column=json_column())
    description: str = Field(default="", max_length=2000)
    description_en: str = Field(default="", max_length=2000, sa_column_kwargs={"server_default": ""})
    popular: bool = Field(default=False)
    # A deposit on approval: a share of the quote or a fixed amount (neither: no deposit).
    deposit_percent: int | None = None
    deposit_fixed: Decimal | None = Field(default=None, sa_column=money_column(nullable=True))
    status: PublishStatus = Field(
        default=PublishStatus.DRAFT, sa_column=enum_column(PublishStatus, nullable=False)
    )
    display_order: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
