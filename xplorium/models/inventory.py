"""Inventory: items and the ledger of their stock movements.

An item's `quantity` is written only by the database's trigger (migration 0006), as the sum
of its movements; its CHECK refuses a movement that would take it below zero, on
PostgreSQL and on SQLite, whoever writes the rows.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field
from xplorium.models.enums import InventoryCategory, StockMovementKind, enum_column


class InventoryItem(SQLModel, table=True):
    __tablename__ = "inventory_items"
    __table_args__ = (
        sa.CheckConstraint("quantity >= 0", name="quantity_non_negative"),
        sa.CheckConstraint("reorder_point >= 0", name="reorder_point_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, sa_column_kwargs={"unique": True})
    category: InventoryCategory = Field(sa_column=enum_column(InventoryCategory, nullable=False))
    # The sum of the item's movements (the trigger's), in `unit`s.
    quantity: int = Field(default=0)
    unit: str = Field(max_length=20)
    reorder_point: int = Field(default=0)
    supplier_name: str = Field(default="", max_length=200)
    supplier_contact: str = Field(default="", max_length=200)
    last_restocked_at: datetime | None = None
    notes: str = Field(default="", max_length=2000)
    # Set when the staff were told the item reached its reorder point; cleared once it is
    # above it again, so each crossing is told once.
    reorder_notified: bool = Field(default=False)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class StockMovement(SQLModel, table=True):
    __tablename__ = "stock_movements"
    __table_args__ = (
        sa.CheckConstraint(
            "change <> 0 AND (kind <> 'RESTOCK' OR change > 0) AND (kind <> 'USE' OR change < 0)",
            name="change_matches_kind",
        ),
        sa.Index("ix_stock_movements_item_created", "item_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="inventory_items.id", ondelete="CASCADE")
    kind: StockMovementKind = Field(sa_column=enum_column(StockMovementKind, nullable=False))
    # Signed: what the movement adds to (or takes from) the item's quantity.
    change: int
    note: str = Field(default="", max_length=300)
    created_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
