"""Editable page content: one record per section, every save a new version."""

from datetime import datetime
from typing import TypedDict

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field, json_column
from xplorium.models.enums import ContentSection, ContentStatus, enum_column


class MenuItem(TypedDict):
    name: str
    description: str
    price: str


class ContentBody(TypedDict, total=False):
    """What a version's `body` holds; every public section page renders these keys."""

    headline: str
    intro: str
    paragraphs: list[str]
    highlights: list[str]
    items: list[MenuItem]  # the cafe menu; empty for other sections


class SiteContent(SQLModel, table=True):
    __tablename__ = "site_content"

    id: int | None = Field(default=None, primary_key=True)
    section: ContentSection = Field(sa_column=enum_column(ContentSection, nullable=False, unique=True))
    updated_at: datetime = created_at_field()


class ContentVersion(SQLModel, table=True):
    __tablename__ = "content_versions"
    __table_args__ = (
        sa.UniqueConstraint("content_id", "version", name="uq_content_versions_content_version"),
        sa.CheckConstraint("version > 0", name="version_positive"),
        # The published version is the one with status PUBLISHED; at most one per section.
        sa.Index(
            "uq_content_versions_one_published",
            "content_id",
            unique=True,
            postgresql_where=sa.text("status = 'PUBLISHED'"),
            sqlite_where=sa.text("status = 'PUBLISHED'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    content_id: int = Field(foreign_key="site_content.id", ondelete="CASCADE")
    version: int
    # `title`/`body` are the Serbian text (required); the English ones may be empty, and the
    # site then shows the Serbian text (services/bilingual.py). One version holds both.
    title: str = Field(max_length=200)
    body: dict = Field(default_factory=dict, sa_column=json_column())  # a ContentBody
    title_en: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    body_en: dict = Field(default_factory=dict, sa_column=json_column())  # a ContentBody
    status: ContentStatus = Field(
        default=ContentStatus.DRAFT, sa_column=enum_column(ContentStatus, nullable=False)
    )
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    published_at: datetime | None = None
