"""Staff two-factor sign-in: one TOTP secret per staff member and their one-time recovery codes."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from xplorium.models.base import created_at_field


class TwoFactor(SQLModel, table=True):
    __tablename__ = "two_factor"

    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", primary_key=True)
    # Base32 TOTP secret. Written at enrolment, in use only once `enabled_at` is set.
    secret: str = Field(max_length=64)
    created_at: datetime = created_at_field()
    enabled_at: datetime | None = None
    # The last 30-second time step a code was accepted for: a code is never accepted twice.
    last_step: int | None = None


class RecoveryCode(SQLModel, table=True):
    __tablename__ = "recovery_codes"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    code_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    created_at: datetime = created_at_field()
    used_at: datetime | None = None
