"""All tables, imported together so SQLModel.metadata is complete."""

from xplorium.models.audit import AuditLog
from xplorium.models.bookings import Booking
from xplorium.models.campaigns import Campaign, CampaignRecipient
from xplorium.models.content import ContentVersion, SiteContent
from xplorium.models.events import Event, EventRegistration
from xplorium.models.holidays import HolidayHours
from xplorium.models.inventory import InventoryItem, StockMovement
from xplorium.models.jobs import JobError, MailDelivery, ReminderOptOut, ScheduledMark
from xplorium.models.loyalty import LoyaltyTransaction
from xplorium.models.maintenance import MaintenanceJob
from xplorium.models.notifications import Notification, NotificationPreference
from xplorium.models.party import BookingDeposit, PartyGuest, PartyLink, WaiverSignature, WaiverVersion
from xplorium.models.pricing import PricingPackage
from xplorium.models.rooms import Room, RoomClosure, RoomHold, RoomSlot, WaitlistEntry
from xplorium.models.settings import VenueSettings
from xplorium.models.two_factor import RecoveryCode, TwoFactor
from xplorium.models.users import PasswordResetToken, User, UserSession

__all__ = [
    "AuditLog",
    "Booking",
    "BookingDeposit",
    "Campaign",
    "CampaignRecipient",
    "ContentVersion",
    "Event",
    "EventRegistration",
    "HolidayHours",
    "InventoryItem",
    "JobError",
    "LoyaltyTransaction",
    "MailDelivery",
    "MaintenanceJob",
    "Notification",
    "NotificationPreference",
    "PartyGuest",
    "PartyLink",
    "PasswordResetToken",
    "PricingPackage",
    "RecoveryCode",
    "ReminderOptOut",
    "Room",
    "RoomClosure",
    "RoomHold",
    "RoomSlot",
    "ScheduledMark",
    "SiteContent",
    "StockMovement",
    "TwoFactor",
    "User",
    "UserSession",
    "VenueSettings",
    "WaitlistEntry",
    "WaiverSignature",
    "WaiverVersion",
]
