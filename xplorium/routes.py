"""Every page of the app, once per language, in one table.

Serbian (the default locale) is served at the plain paths, English under `/en`
(`xplorium.i18n.localized`). Reflex compiles a page's text into the frontend, so each
(page, locale) pair is its own compiled page, built inside `use_locale`. Registering them
here with `app.add_page` (not `@rx.page`) also keeps start-up free of "Page X is being
redefined" warnings, which the decorator's replayed registrations printed.
"""

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from xplorium.constants import VENUE_NAME
from xplorium.i18n import LOCALES, N_, _, current_locale, localized, use_locale
from xplorium.pages import book, events, home, my_booking, party, pricing, privacy, profile, sections, signin
from xplorium.pages.admin import audit as admin_audit
from xplorium.pages.admin import backup as admin_backup
from xplorium.pages.admin import board as admin_board
from xplorium.pages.admin import bookings as admin_bookings
from xplorium.pages.admin import calendar as admin_calendar
from xplorium.pages.admin import campaigns as admin_campaigns
from xplorium.pages.admin import checkin as admin_checkin
from xplorium.pages.admin import content as admin_content
from xplorium.pages.admin import customers as admin_customers
from xplorium.pages.admin import dashboard as admin_dashboard
from xplorium.pages.admin import events as admin_events
from xplorium.pages.admin import home as admin_home
from xplorium.pages.admin import imports as admin_imports
from xplorium.pages.admin import inventory as admin_inventory
from xplorium.pages.admin import jobs as admin_jobs
from xplorium.pages.admin import loyalty as admin_loyalty
from xplorium.pages.admin import maintenance as admin_maintenance
from xplorium.pages.admin import party as admin_party
from xplorium.pages.admin import pricing as admin_pricing
from xplorium.pages.admin import reports as admin_reports
from xplorium.pages.admin import rooms as admin_rooms
from xplorium.pages.admin import security as admin_security
from xplorium.pages.admin import settings as admin_settings
from xplorium.pages.admin import users as admin_users
from xplorium.state.auth import StaffState
from xplorium.state.backoffice.settings import DepositSettingsState, HolidayHoursState, WaiverAdminState
from xplorium.state.site import SiteState


@dataclass(frozen=True)
class Route:
    path: str
    page: Callable[[], rx.Component]
    # A message (translated per locale; "{venue}" is the venue's name), or a function giving
    # the title (a state var) in the current locale.
    title: str | Callable[[], rx.Var]
    on_load: Any = None


ROUTES = (
    Route("/", home.index, N_("{venue} — cafe, sensory room and playroom"), [SiteState.load_site, home.HomeState.load_home]),
    Route("/book", book.book, N_("Book a visit — {venue}"), [SiteState.load_site, book.S.load_form]),
    Route("/book/claim", book.claim, N_("Places free for you — {venue}"), [SiteState.load_site, book.WaitlistClaimState.load_claim]),
    Route("/book/confirmed", book.confirmed, N_("Booking received — {venue}"), SiteState.load_site),
    Route("/cafe", sections.cafe, N_("Cafe — {venue}"), [sections.ON_LOAD_SITE, sections.SectionState.load_cafe]),
    Route("/contact", sections.contact, N_("Opening hours and contact — {venue}"), [sections.ON_LOAD_SITE, sections.SectionState.load_contact]),
    Route("/events", events.events, N_("Events — {venue}"), [SiteState.load_site, events.EventsState.load_events]),
    Route("/events/[slug]", events.event_page, N_("Event — {venue}"), [SiteState.load_site, events.EventDetailState.load_event]),
    Route("/events/cancel", events.cancel_registration, N_("Cancel a registration — {venue}"), [SiteState.load_site, events.RegistrationCancelState.load_cancel]),
    Route("/igraonica", sections.igraonica, N_("Playroom — {venue}"), [sections.ON_LOAD_SITE, sections.SectionState.load_igraonica]),
    Route("/parties", pricing.parties, N_("Birthday parties — {venue}"), [SiteState.load_site, pricing.PricingState.load_parties]),
    Route("/pricing", pricing.pricing, N_("Prices — {venue}"), [SiteState.load_site, pricing.PricingState.load_pricing]),
    Route("/privacy", privacy.privacy, N_("Privacy — {venue}")),
    Route("/party/[token]", party.party_invite, N_("Party invitation — {venue}"), [SiteState.load_site, party.S.load_invite]),
    Route("/profile", profile.profile, N_("My profile — {venue}"), profile.ProfileState.load),
    Route("/profile/bookings/[reference]", my_booking.my_booking, N_("My booking — {venue}"), my_booking.S.load),
    Route("/reset", signin.reset_request, N_("Reset your password — {venue}"), signin.ResetRequestState.load),
    Route("/reset/new", signin.reset_new, N_("Choose a new password — {venue}"), signin.ResetPasswordState.load),
    Route("/sensory", sections.sensory, N_("Sensory room — {venue}"), [sections.ON_LOAD_SITE, sections.SectionState.load_sensory]),
    Route("/signin", signin.signin, N_("Sign in — {venue}"), signin.SignInState.load),
    Route("/signup", signin.signup, N_("Create an account — {venue}"), signin.SignUpState.load),
    Route("/admin", admin_home.admin_home, N_("Back office — {venue}"), admin_home.AdminHomeState.load),
    Route("/admin/audit", admin_audit.admin_audit, N_("Audit log · Back office"), admin_audit.S.load),
    Route("/admin/backup", admin_backup.admin_backup, N_("Backup · Back office"), admin_backup.S.load),
    Route("/admin/board", admin_board.admin_board, lambda: admin_board.B.tab_title[current_locale()].to(str), [admin_board.P.close, admin_board.V.load]),
    Route("/admin/bookings", admin_bookings.admin_bookings, N_("Bookings · Back office"), [admin_bookings.P.close, admin_bookings.S.load]),
    Route("/admin/calendar", admin_calendar.admin_calendar, N_("Calendar · Back office"), [admin_calendar.P.close, admin_calendar.C.load]),
    Route("/admin/campaigns", admin_campaigns.admin_campaigns, N_("Campaigns · Back office"), admin_campaigns.S.load),
    Route("/admin/checkin", admin_checkin.admin_checkin, N_("Check-in · Back office"), admin_checkin.S.load),
    Route("/admin/content", admin_content.admin_content, N_("Content · Back office"), admin_content.S.load),
    Route("/admin/customers", admin_customers.admin_customers, N_("Customers · Back office"), admin_customers.S.load),
    Route("/admin/customers/[customer_key]", admin_customers.admin_customer, N_("Customer · Back office"), admin_customers.C.load),
    Route("/admin/dashboard", admin_dashboard.admin_dashboard, N_("Dashboard · Back office"), admin_dashboard.D.load),
    Route("/admin/events", admin_events.admin_events, N_("Events · Back office"), admin_events.S.load),
    Route("/admin/import", admin_imports.admin_import, N_("Import · Back office"), admin_imports.S.load),
    Route("/admin/inventory", admin_inventory.admin_inventory, N_("Inventory · Back office"), admin_inventory.S.load),
    Route("/admin/jobs", admin_jobs.admin_jobs, N_("Failed jobs · Back office"), admin_jobs.S.load),
    Route("/admin/loyalty", admin_loyalty.admin_loyalty, N_("Loyalty · Back office"), admin_loyalty.L.load),
    Route("/admin/maintenance", admin_maintenance.admin_maintenance, N_("Maintenance · Back office"), admin_maintenance.S.load),
    Route("/admin/party/[booking]", admin_party.admin_party, N_("Party guests · Back office"), admin_party.S.load),
    Route("/admin/pricing", admin_pricing.admin_pricing, N_("Pricing · Back office"), admin_pricing.S.load),
    Route("/admin/reports", admin_reports.admin_reports, N_("Reports · Back office"), StaffState.check_access),
    Route("/admin/rooms", admin_rooms.admin_rooms, N_("Rooms · Back office"), admin_rooms.S.load),
    Route("/admin/security", admin_security.security, N_("Security · Back office"), admin_security.S.load),
    Route("/admin/settings", admin_settings.admin_settings, N_("Settings · Back office"), [admin_settings.S.load, DepositSettingsState.load, WaiverAdminState.load, HolidayHoursState.load]),
    Route("/admin/users", admin_users.admin_users, N_("Users · Back office"), admin_users.S.load),
)  # fmt: skip


# The document's language for screen readers and browsers (the app's default is Serbian).
HTML_LANG = {"sr_Latn": "sr-Latn", "en": "en"}


def in_locale(page: Callable[[], rx.Component], locale: str) -> Callable[[], rx.Component]:
    """`page`, built in `locale` whenever Reflex evaluates it (which happens at compile time),
    and declaring its language on the document."""
    set_lang = rx.call_script(f"document.documentElement.lang = {json.dumps(HTML_LANG[locale])}")

    @functools.wraps(page)
    def build() -> rx.Component:
        with use_locale(locale):
            return rx.fragment(page(), rx.fragment(on_mount=set_lang))

    return build


def title_in(route: Route, locale: str) -> str | rx.Var:
    with use_locale(locale):
        if callable(route.title):
            return route.title()
        return _(route.title).format(venue=VENUE_NAME)


def add_pages(app: rx.App) -> None:
    """Register every route in every locale."""
    for locale in LOCALES:
        for route in ROUTES:
            app.add_page(
                in_locale(route.page, locale),
                route=localized(route.path, locale),
                title=title_in(route, locale),
                on_load=route.on_load,
            )
