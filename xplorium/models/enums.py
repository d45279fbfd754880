"""Enumerations of the domain, stored as checked strings (portable across SQLite and PostgreSQL)."""

from enum import StrEnum

import sqlalchemy as sa


class Role(StrEnum):
    USER = "USER"
    ADMIN = "ADMIN"
    SUPER_ADMIN = "SUPER_ADMIN"


# The role sets, defined here only: the staff run the back office; every role may sign in.
STAFF_ROLES: tuple[Role, ...] = (Role.ADMIN, Role.SUPER_ADMIN)
ALL_ROLES: tuple[Role, ...] = tuple(Role)


class LoyaltyTier(StrEnum):
    """The loyalty tiers in ascending order, each with the fewest points that reach it.

    The one definition of the tiers: the users table's computed `loyalty_tier` column
    (models/users.py), `services.loyalty.tier_for` / `tier_progress` and the dashboard's
    points buckets are all derived from it.
    """

    threshold: int

    def __new__(cls, value: str, threshold: int):
        member = str.__new__(cls, value)
        member._value_ = value
        member.threshold = threshold
        return member

    BRONZE = "BRONZE", 0
    SILVER = "SILVER", 1000
    GOLD = "GOLD", 3000
    PLATINUM = "PLATINUM", 6000
    VIP = "VIP", 10000


class LoyaltyKind(StrEnum):
    """Why a loyalty ledger row exists: points earned by a booking, or a manual adjustment."""

    EARN = "EARN"
    ADJUST = "ADJUST"


class ContactMethod(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    SMS = "SMS"


class BookingType(StrEnum):
    CAFE = "CAFE"
    SENSORY_ROOM = "SENSORY_ROOM"
    PLAYGROUND = "PLAYGROUND"
    PARTY = "PARTY"
    EVENT = "EVENT"


class BookingStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"
    COMPLETED = "COMPLETED"


ACTIVE_BOOKING_STATUSES = (BookingStatus.PENDING, BookingStatus.APPROVED, BookingStatus.COMPLETED)


class HoldMode(StrEnum):
    """What a booking of an offer holds in its room."""

    WHOLE = "WHOLE"  # the whole room, plus its cleanup buffer (private hire, party room)
    PLACES = "PLACES"  # one place per guest (playroom visit, sensory session, cafe seats)


class HoldKind(StrEnum):
    """Who holds a room: a booking, a published event, a closure by the staff, or a waiting-list offer."""

    BOOKING = "BOOKING"
    EVENT = "EVENT"
    CLOSURE = "CLOSURE"
    OFFER = "OFFER"  # a freed place kept for the parent at the head of the waiting list


class WaitlistStatus(StrEnum):
    WAITING = "WAITING"
    OFFERED = "OFFERED"
    CLAIMED = "CLAIMED"
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"


class EventStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    ARCHIVED = "ARCHIVED"


class RegistrationStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    WAITLISTED = "WAITLISTED"
    CANCELLED = "CANCELLED"


class PricingCategory(StrEnum):
    PLAYGROUND = "PLAYGROUND"
    SENSORY_ROOM = "SENSORY_ROOM"
    CAFE = "CAFE"
    PARTY = "PARTY"


class PublishStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    ARCHIVED = "ARCHIVED"


class ContentSection(StrEnum):
    HOME = "home"
    CAFE = "cafe"
    SENSORY = "sensory"
    IGRAONICA = "igraonica"
    HOURS = "hours"
    CONTACT = "contact"


class ContentStatus(StrEnum):
    DRAFT = "DRAFT"
    REVIEW = "REVIEW"
    PUBLISHED = "PUBLISHED"
    ARCHIVED = "ARCHIVED"


class AuditAction(StrEnum):
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    CANCEL = "CANCEL"
    COMPLETE = "COMPLETE"
    PUBLISH = "PUBLISH"
    ARCHIVE = "ARCHIVE"
    ROLLBACK = "ROLLBACK"
    EXPORT = "EXPORT"
    IMPORT = "IMPORT"
    RESTORE = "RESTORE"
    LOGIN = "LOGIN"
    LOGOUT = "LOGOUT"
    LOGIN_FAILED = "LOGIN_FAILED"
    PASSWORD_RESET = "PASSWORD_RESET"
    BLOCK = "BLOCK"
    UNBLOCK = "UNBLOCK"
    ROLE_CHANGE = "ROLE_CHANGE"
    PAYMENT = "PAYMENT"
    ADJUST_POINTS = "ADJUST_POINTS"
    RETRY = "RETRY"


class CampaignStatus(StrEnum):
    DRAFT = "DRAFT"
    SCHEDULED = "SCHEDULED"
    SENDING = "SENDING"
    SENT = "SENT"
    CANCELLED = "CANCELLED"


class RecipientStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"
    SKIPPED = "SKIPPED"  # withdrew consent (or was deleted) before their turn came


class NotificationKind(StrEnum):
    NEW_BOOKING = "NEW_BOOKING"
    BOOKING_CANCELLED = "BOOKING_CANCELLED"
    EVENT_FULL = "EVENT_FULL"
    NEW_REGISTRATION = "NEW_REGISTRATION"
    DAILY_SUMMARY = "DAILY_SUMMARY"
    DEPOSIT_OVERDUE = "DEPOSIT_OVERDUE"


def enum_column(enum: type[StrEnum], **kwargs) -> sa.Column:
    """A VARCHAR column with a CHECK constraint listing the enum's values."""
    return sa.Column(
        sa.Enum(
            enum,
            native_enum=False,
            create_constraint=True,
            length=max(len(m.value) for m in enum),
            values_callable=lambda e: [m.value for m in e],
            name=enum.__name__.lower(),
        ),
        **kwargs,
    )
