"""The privacy notice that sign-up asks parents to accept (its version is recorded with the consent)."""

import reflex as rx

from xplorium.components.layout import page
from xplorium.components.text import muted
from xplorium.constants import PRIVACY_POLICY_VERSION, VENUE_NAME
from xplorium.i18n import N_, _

SECTIONS = (
    (
        N_("What we keep"),
        N_(
            "Your name, email address and phone number; your bookings and event registrations; your loyalty "
            "points; and whether you want news from us. We never store your password itself, only a one-way hash."
        ),
    ),
    (
        N_("Why"),
        N_(
            "To run your bookings, contact you about them, keep your loyalty points, and (only if you agree) "
            "tell you about events and offers."
        ),
    ),
    (
        N_("Who sees it"),
        N_("Only {venue} staff, to serve you. We do not sell or share your data."),
    ),
    (
        N_("Your choices"),
        N_(
            "You can change your details and your marketing choice on your profile at any time, and ask us to "
            "delete your account by email or at the front desk."
        ),
    ),
)


def privacy() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading(_("Privacy policy"), size="8", as_="h1"),
            muted(
                _("Version {privacy_policy_version}").format(privacy_policy_version=PRIVACY_POLICY_VERSION)
            ),
            *(
                rx.vstack(
                    rx.heading(_(title), size="5", as_="h2"),
                    rx.text(_(text).format(venue=VENUE_NAME), size="3"),
                    spacing="2",
                )
                for title, text in SECTIONS
            ),
            spacing="5",
            max_width="760px",
            margin="0 auto",
            padding="2.5rem 1.25rem",
            width="100%",
        )
    )
