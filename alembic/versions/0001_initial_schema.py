"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 15:17:32.919395
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("image_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "PUBLISHED",
                "COMPLETED",
                "CANCELLED",
                "ARCHIVED",
                name="eventstatus",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_events_capacity_positive")),
        sa.CheckConstraint("end_time > start_time", name=op.f("ck_events_ends_after_start")),
        sa.CheckConstraint("price >= 0", name=op.f("ck_events_price_non_negative")),
        sa.CheckConstraint("slug = lower(slug)", name=op.f("ck_events_slug_lowercase")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("slug", name=op.f("uq_events_slug")),
    )
    op.create_index("ix_events_status_date", "events", ["status", "date"], unique=False)
    op.create_table(
        "pricing_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "PLAYGROUND",
                "SENSORY_ROOM",
                "CAFE",
                "PARTY",
                name="pricingcategory",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("popular", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "PUBLISHED",
                "ARCHIVED",
                name="publishstatus",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("display_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_pricing_packages_amount_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pricing_packages")),
    )
    op.create_index(
        "ix_pricing_packages_category_status",
        "pricing_packages",
        ["category", "status", "display_order"],
        unique=False,
    )
    op.create_table(
        "site_content",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "section",
            sa.Enum(
                "home",
                "cafe",
                "sensory",
                "igraonica",
                "hours",
                "contact",
                name="contentsection",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_content")),
        sa.UniqueConstraint("section", name=op.f("uq_site_content_section")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "USER",
                "ADMIN",
                "SUPER_ADMIN",
                name="role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("is_blocked", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_login_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column(
            "preferred_contact",
            sa.Enum(
                "EMAIL",
                "PHONE",
                "SMS",
                name="contactmethod",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("marketing_opt_in", sa.Boolean(), nullable=False),
        sa.Column("sms_opt_in", sa.Boolean(), nullable=False),
        sa.Column("consent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column(
            "consent_version",
            sqlmodel.sql.sqltypes.AutoString(length=20),
            nullable=True,
        ),
        sa.Column("total_bookings", sa.Integer(), nullable=False),
        sa.Column("total_spent", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("first_booking_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_booking_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("loyalty_points", sa.Integer(), nullable=False),
        sa.Column(
            "loyalty_tier",
            sa.String(length=10),
            sa.Computed(
                "CASE WHEN loyalty_points >= 10000 THEN 'VIP' WHEN loyalty_points >= 6000 THEN 'PLATINUM' WHEN loyalty_points >= 3000 THEN 'GOLD' WHEN loyalty_points >= 1000 THEN 'SILVER' ELSE 'BRONZE' END",
                persisted=True,
            ),
            nullable=True,
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lowercase")),
        sa.CheckConstraint("loyalty_points >= 0", name=op.f("ck_users_points_non_negative")),
        sa.CheckConstraint("total_bookings >= 0", name=op.f("ck_users_total_bookings_non_negative")),
        sa.CheckConstraint("total_spent >= 0", name=op.f("ck_users_total_spent_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_index("ix_users_last_booking", "users", ["last_booking_at"], unique=False)
    op.create_index("ix_users_role_deleted", "users", ["role", "deleted_at"], unique=False)
    op.create_table(
        "venue_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opening_hours", sa.JSON(), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), nullable=False),
        sa.Column("booking_rate_limit", sa.Integer(), nullable=False),
        sa.Column("points_per_100_rsd", sa.Integer(), nullable=False),
        sa.Column("contact_phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column(
            "contact_email",
            sqlmodel.sql.sqltypes.AutoString(length=254),
            nullable=False,
        ),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("booking_rate_limit > 0", name=op.f("ck_venue_settings_rate_limit_positive")),
        sa.CheckConstraint(
            "buffer_minutes BETWEEN 0 AND 180",
            name=op.f("ck_venue_settings_buffer_range"),
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_venue_settings_single_row")),
        sa.CheckConstraint(
            "points_per_100_rsd >= 0",
            name=op.f("ck_venue_settings_points_rate_non_negative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue_settings")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("ip", sqlmodel.sql.sqltypes.AutoString(length=45), nullable=True),
        sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_log_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(
        "ix_audit_log_action_created",
        "audit_log",
        ["action", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_audit_log_actor_created",
        "audit_log",
        ["actor_id", "created_at"],
        unique=False,
    )
    op.create_index("ix_audit_log_created", "audit_log", ["created_at"], unique=False)
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"], unique=False)
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "CAFE",
                "SENSORY_ROOM",
                "PLAYGROUND",
                "PARTY",
                "EVENT",
                name="bookingtype",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "APPROVED",
                "REJECTED",
                "CANCELLED",
                "COMPLETED",
                name="bookingstatus",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=False),
        sa.Column("guest_count", sa.Integer(), nullable=False),
        sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column(
            "special_requests",
            sqlmodel.sql.sqltypes.AutoString(length=5000),
            nullable=False,
        ),
        sa.Column("party_details", sa.JSON(), nullable=True),
        sa.Column("price_quote", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("payment_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("paid_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("admin_notes", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
        sa.Column(
            "reject_reason",
            sqlmodel.sql.sqltypes.AutoString(length=1000),
            nullable=True,
        ),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("approved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("blocked_until >= ends_at", name=op.f("ck_bookings_buffer_non_negative")),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_bookings_duration_positive")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_bookings_ends_after_start")),
        sa.CheckConstraint("guest_count > 0", name=op.f("ck_bookings_guests_positive")),
        sa.CheckConstraint(
            "payment_amount IS NULL OR payment_amount >= 0",
            name=op.f("ck_bookings_payment_non_negative"),
        ),
        sa.CheckConstraint("price_quote >= 0", name=op.f("ck_bookings_price_non_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_bookings_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint("reference", name=op.f("uq_bookings_reference")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # btree_gist lets the exclusion constraint compare the booking type with "=".
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist "
            "(type WITH =, tsrange(starts_at, blocked_until, '[)') WITH &&) "
            "WHERE (status IN ('PENDING', 'APPROVED', 'COMPLETED'))"
        )
    op.create_index("ix_bookings_created", "bookings", ["created_at"], unique=False)
    op.create_index("ix_bookings_email", "bookings", ["email"], unique=False)
    op.create_index("ix_bookings_status_starts", "bookings", ["status", "starts_at"], unique=False)
    op.create_index("ix_bookings_type_starts", "bookings", ["type", "starts_at"], unique=False)
    op.create_index(op.f("ix_bookings_user_id"), "bookings", ["user_id"], unique=False)
    op.create_table(
        "content_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "REVIEW",
                "PUBLISHED",
                "ARCHIVED",
                name="contentstatus",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("version > 0", name=op.f("ck_content_versions_version_positive")),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["site_content.id"],
            name=op.f("fk_content_versions_content_id_site_content"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_content_versions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_versions")),
        sa.UniqueConstraint("content_id", "version", name="uq_content_versions_content_version"),
    )
    op.create_index(
        "uq_content_versions_one_published",
        "content_versions",
        ["content_id"],
        unique=True,
        postgresql_where=sa.text("status = 'PUBLISHED'"),
        sqlite_where=sa.text("status = 'PUBLISHED'"),
    )
    op.create_table(
        "event_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("guest_count", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "CONFIRMED",
                "WAITLISTED",
                "CANCELLED",
                name="registrationstatus",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "cancel_token_hash",
            sqlmodel.sql.sqltypes.AutoString(length=64),
            nullable=False,
        ),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("promoted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("guest_count > 0", name=op.f("ck_event_registrations_guests_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_registrations_event_id_events"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_registrations")),
        sa.UniqueConstraint("cancel_token_hash", name=op.f("uq_event_registrations_cancel_token_hash")),
    )
    op.create_index(
        "ix_event_registrations_event_status",
        "event_registrations",
        ["event_id", "status", "created_at"],
        unique=False,
    )
    op.create_index(
        "uq_event_registrations_live_email",
        "event_registrations",
        ["event_id", "email"],
        unique=True,
        postgresql_where=sa.text("status <> 'CANCELLED'"),
        sqlite_where=sa.text("status <> 'CANCELLED'"),
    )
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "NEW_BOOKING",
                "BOOKING_CANCELLED",
                "EVENT_FULL",
                "NEW_REGISTRATION",
                name="notificationkind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("in_app", sa.Boolean(), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "NEW_BOOKING",
                "BOOKING_CANCELLED",
                "EVENT_FULL",
                "NEW_REGISTRATION",
                name="notificationkind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("read_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_user_read",
        "notifications",
        ["user_id", "read_at", "created_at"],
        unique=False,
    )
    op.create_table(
        "password_reset_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_reset_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_tokens_token_hash")),
    )
    op.create_index(
        op.f("ix_password_reset_tokens_user_id"),
        "password_reset_tokens",
        ["user_id"],
        unique=False,
    )
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("ip", sqlmodel.sql.sqltypes.AutoString(length=45), nullable=True),
        sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_sessions_token_hash")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"], unique=False)
    op.create_table(
        "loyalty_transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("points_after", sa.Integer(), nullable=False),
        sa.Column("tier_before", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("tier_after", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "points_after >= 0",
            name=op.f("ck_loyalty_transactions_points_after_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_loyalty_transactions_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_loyalty_transactions_booking_id_bookings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_loyalty_transactions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_transactions")),
    )
    op.create_index(
        "ix_loyalty_transactions_created",
        "loyalty_transactions",
        ["created_at"],
        unique=False,
    )
    op.create_index(
        "ix_loyalty_transactions_user_created",
        "loyalty_transactions",
        ["user_id", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_loyalty_transactions_user_created", table_name="loyalty_transactions")
    op.drop_index("ix_loyalty_transactions_created", table_name="loyalty_transactions")
    op.drop_table("loyalty_transactions")
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")
    op.drop_table("user_sessions")
    op.drop_index(op.f("ix_password_reset_tokens_user_id"), table_name="password_reset_tokens")
    op.drop_table("password_reset_tokens")
    op.drop_index("ix_notifications_user_read", table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("notification_preferences")
    op.drop_index(
        "uq_event_registrations_live_email",
        table_name="event_registrations",
        postgresql_where=sa.text("status <> 'CANCELLED'"),
        sqlite_where=sa.text("status <> 'CANCELLED'"),
    )
    op.drop_index("ix_event_registrations_event_status", table_name="event_registrations")
    op.drop_table("event_registrations")
    op.drop_index(
        "uq_content_versions_one_published",
        table_name="content_versions",
        postgresql_where=sa.text("status = 'PUBLISHED'"),
        sqlite_where=sa.text("status = 'PUBLISHED'"),
    )
    op.drop_table("content_versions")
    op.drop_index(op.f("ix_bookings_user_id"), table_name="bookings")
    op.drop_index("ix_bookings_type_starts", table_name="bookings")
    op.drop_index("ix_bookings_status_starts", table_name="bookings")
    op.drop_index("ix_bookings_email", table_name="bookings")
    op.drop_index("ix_bookings_created", table_name="bookings")
    op.drop_table("bookings")
    op.drop_index("ix_audit_log_entity", table_name="audit_log")
    op.drop_index("ix_audit_log_created", table_name="audit_log")
    op.drop_index("ix_audit_log_actor_created", table_name="audit_log")
    op.drop_index("ix_audit_log_action_created", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("venue_settings")
    op.drop_index("ix_users_role_deleted", table_name="users")
    op.drop_index("ix_users_last_booking", table_name="users")
    op.drop_table("users")
    op.drop_table("site_content")
    op.drop_index("ix_pricing_packages_category_status", table_name="pricing_packages")
    op.drop_table("pricing_packages")
    op.drop_index("ix_events_status_date", table_name="events")
    op.drop_table("events")
