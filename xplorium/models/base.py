"""Shared column helpers and the metadata naming convention Alembic relies on."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def created_at_field() -> datetime:
    return Field(default_factory=utcnow, nullable=False)


def money_column(nullable: bool = False) -> sa.Column:
    return sa.Column(sa.Numeric(12, 2), nullable=nullable)


def json_column(nullable: bool = False) -> sa.Column:
    return sa.Column(sa.JSON, nullable=nullable)


def language_check() -> sa.CheckConstraint:
    """A row's `language` is one of the app's locales."""
    from xplorium.i18n import LOCALES

    allowed = ", ".join(f"'{locale}'" for locale in LOCALES)
    return sa.CheckConstraint(f"language IN ({allowed})", name="language_known")
