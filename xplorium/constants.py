"""Every duration, limit and threshold of the app, in one place (the loyalty tiers and the
role sets are enums: xplorium/models/enums.py)."""

from datetime import timedelta
from decimal import Decimal

VENUE_NAME = "Xplorium"
CURRENCY = "RSD"
TIMEZONE = "Europe/Belgrade"

# Accounts and sessions
BCRYPT_COST = 12
PASSWORD_MIN_LENGTH = 8
GENERATED_PASSWORD_LENGTH = 16
TOKEN_BYTES = 32
SESSION_ABSOLUTE_TTL = timedelta(days=7)
ADMIN_IDLE_TIMEOUT = timedelta(minutes=30)
PASSWORD_RESET_TTL = timedelta(hours=1)
PRIVACY_POLICY_VERSION = "2026-01"
SESSION_COOKIE_NAME = "xp_session"
# Carries an emailed reset token from the link's HTTP route to the reset page, so the
# token never appears in a page URL (which Reflex mirrors into browser state).
RESET_COOKIE_NAME = "xp_reset"
# The single-use ticket that carries a fresh sign-in from the websocket handler to the
# HTTP route that sets the HttpOnly cookie: the browser follows it at once.
SESSION_ACTIVATION_TTL = timedelta(minutes=2)
# Carries the ticket's binding secret to that route, in the signing-in browser only.
SIGN_IN_BINDING_COOKIE = "xp_signin"
# last_seen_at is written at most this often, so an active admin costs one UPDATE a minute.
SESSION_TOUCH_INTERVAL = timedelta(minutes=1)

# Rate limits: (attempts, window)
SIGN_IN_LIMIT = (5, timedelta(minutes=15))
SIGN_UP_LIMIT = (5, timedelta(minutes=15))
PASSWORD_RESET_LIMIT = (3, timedelta(hours=1))
BOOKING_LIMIT_DEFAULT = 10
BOOKING_LIMIT_WINDOW = timedelta(minutes=60)
GENERAL_LIMIT = (30, timedelta(minutes=1))
# Second-factor codes, per staff member and per IP.
TWO_FACTOR_LIMIT = (5, timedelta(minutes=15))

# Staff two-factor sign-in (TOTP, RFC 6238)
# How long the password step of a sign-in waits for its second factor.
TWO_FACTOR_CHALLENGE_TTL = timedelta(minutes=5)
TOTP_STEP_SECONDS = 30
# Codes of the previous and next time step are accepted too (clock drift).
TOTP_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10

# Bookings
SLOT_MINUTES = 30
DEFAULT_DURATION_MINUTES = 120
GUESTS_MIN = 1
GUESTS_MAX = 100
PARTY_GUESTS_MIN = 5
PARTY_GUESTS_MAX = 50
CHILD_AGE_MIN = 1
CHILD_AGE_MAX = 18
BUFFER_MINUTES_DEFAULT = 45
BUFFER_MINUTES_MIN = 0
BUFFER_MINUTES_MAX = 180
REJECT_REASON_MIN_LENGTH = 10
ALTERNATIVE_SLOTS_OFFERED = 3
BOOKING_HORIZON_DAYS = 365
# Lengths a parent can choose for a visit or party.
DURATION_CHOICES_MINUTES = (60, 90, 120, 150, 180, 240)
# How far ahead the "that time is taken" answer looks for the next free start times.
ALTERNATIVES_SEARCH_DAYS = 14
# Rooms and places: the ledger counts places per slot of SLOT_MINUTES. A hold spans at most
# this many slots (a closure of ROOM_CLOSURE_MAX_DAYS whole days).
ROOM_CLOSURE_MAX_DAYS = 31
MAX_HOLD_SLOTS = ROOM_CLOSURE_MAX_DAYS * 24 * 60 // SLOT_MINUTES
ROOM_CAPACITY_MAX = 500
# How long a freed place offered to the head of a waiting list is kept for them.
WAITLIST_OFFER_TTL = timedelta(hours=2)
PARTY_FOOD_MAX = 1000

# Pricing: how a package's amount becomes a quote (see services/bookings.quote).
PRICE_UNITS = {
    "per_child": "per child",
    "per_person": "per person",
    "per_hour": "per hour",
    "per_person_hour": "per person per hour",
    "flat": "per booking",
}

# Events
REGISTRATION_GUESTS_MIN = 1
REGISTRATION_GUESTS_MAX = 10
REGISTRATION_LIMIT = (10, timedelta(hours=1))

# Loyalty (the tiers and their thresholds are models.enums.LoyaltyTier).
MAX_POINTS_ADJUSTMENT = 10000
POINTS_PER_100_RSD_DEFAULT = 1
ACTIVE_CUSTOMER_WINDOW = timedelta(days=90)
SEGMENT_VIP_MIN_BOOKINGS = 5
SEGMENT_REGULAR_MIN_BOOKINGS = 2

# Dashboards
FORECAST_HISTORY_MONTHS = 12
FORECAST_MONTHS = 3

# Lists and text
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
CONTENT_TEXT_MAX = 20000
AMOUNT_MAX = Decimal("10000000")

# Caching
CACHE_TTL_SECONDS = 300
UPCOMING_EVENTS_MAX = 50

# Back office
SLUG_MAX_LENGTH = 120  # an event's slug: what slugify makes and valid_slug accepts (the column's size)
EVENT_CAPACITY_MAX = 1000
TAGS_MAX = 12
TAG_MAX_LENGTH = 40
FEATURES_MAX = 20
FEATURE_MAX_LENGTH = 160
CONTENT_LIST_MAX = 30
CONTENT_ITEM_TEXT_MAX = 500
BOOKING_LIMIT_MAX = 1000
POINTS_PER_100_RSD_MAX = 100
IMAGE_URL_MAX = 500
AUDIT_PAGE_SIZE = 25

# Live board and booking administration
# The board shows bookings from today up to this many days ahead.
BOARD_DAYS = 14
# At most this many cards per status column (the badge still counts them all).
BOARD_COLUMN_MAX = 60
# A pending booking this recent is highlighted as new.
BOARD_FRESH_MINUTES = 15
# Default seconds between the keep-alive events of an open back-office tab; it must stay
# well below Reflex's Redis state expiry (REFLEX_REDIS_TOKEN_EXPIRATION, 3600 s by default).
BOARD_KEEPALIVE_SECONDS_DEFAULT = 300
BOOKINGS_PAGE_SIZE = 20
BOOKING_HISTORY_MAX = 100
EXPORT_MAX_ROWS = 5000
CALENDAR_DAY_CHIPS = 3
NOTIFICATIONS_RECENT = 10

# Party day: deposits, party links, waivers, check-in
DEPOSIT_DUE_DAYS_DEFAULT = 7
DEPOSIT_DUE_DAYS_MAX = 60
# NBS IPS QR "PR" payment order: the tags' limits (NBS, IPS QR code rules).
IPS_ACCOUNT_DIGITS = 18
IPS_NAME_MAX = 70
IPS_PURPOSE_MAX = 35
IPS_REFERENCE_MAX = 35
# A party link's token: bytes of randomness (URL-safe text of about 1.3 times as many characters).
PARTY_TOKEN_BYTES = 24
PARTY_RSVP_PER_LINK_MAX = 60
# A signed waiver covers that child's visits for this long; a new version asks again.
WAIVER_VALID_FOR = timedelta(days=365)
WAIVER_TEXT_MAX = 10000
# Campaigns: at most this many messages per batch, one batch per interval (the bounded rate).
CAMPAIGN_BATCH_SIZE = 30
CAMPAIGN_BATCH_INTERVAL = timedelta(minutes=1)
CAMPAIGN_BODY_MAX = 10000
# An unsubscribe link keeps working this long after its message was sent.
UNSUBSCRIBE_TOKEN_TTL = timedelta(days=365)

# Import: file size, rows, and how often an admin may import (dry runs count too).
IMPORT_MAX_BYTES = 2_000_000
IMPORT_MAX_ROWS = 2000
IMPORT_LIMIT = (20, timedelta(hours=1))

# Backup: the format a backup file declares; a restore refuses any other.
BACKUP_FORMAT_VERSION = 1
