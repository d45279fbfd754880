"""Importing this package registers every page with Reflex."""

from xplorium.pages import (  # noqa: F401
    book,
    events,
    home,
    my_booking,
    party,
    pricing,
    privacy,
    profile,
    sections,
    signin,
)
from xplorium.pages.admin import audit as admin_audit  # noqa: F401
from xplorium.pages.admin import backup as admin_backup  # noqa: F401
from xplorium.pages.admin import board as admin_board  # noqa: F401
from xplorium.pages.admin import bookings as admin_bookings  # noqa: F401
from xplorium.pages.admin import calendar as admin_calendar  # noqa: F401
from xplorium.pages.admin import campaigns as admin_campaigns  # noqa: F401
from xplorium.pages.admin import checkin as admin_checkin  # noqa: F401
from xplorium.pages.admin import content as admin_content  # noqa: F401
from xplorium.pages.admin import customers as admin_customers  # noqa: F401
from xplorium.pages.admin import dashboard as admin_dashboard  # noqa: F401
from xplorium.pages.admin import events as admin_events  # noqa: F401
from xplorium.pages.admin import home as admin_home  # noqa: F401
from xplorium.pages.admin import imports as admin_imports  # noqa: F401
from xplorium.pages.admin import jobs as admin_jobs  # noqa: F401
from xplorium.pages.admin import loyalty as admin_loyalty  # noqa: F401
from xplorium.pages.admin import party as admin_party  # noqa: F401
from xplorium.pages.admin import pricing as admin_pricing  # noqa: F401
from xplorium.pages.admin import rooms as admin_rooms  # noqa: F401
from xplorium.pages.admin import security as admin_security  # noqa: F401
from xplorium.pages.admin import settings as admin_settings  # noqa: F401
from xplorium.pages.admin import users as admin_users  # noqa: F401
