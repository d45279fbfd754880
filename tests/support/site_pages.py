"""Every page route the app registers, with a concrete path for the dynamic ones."""

from sqlmodel import select

from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.models.enums import BookingStatus, BookingType
from xplorium.routes import ROUTES
from xplorium.services import party_links
from xplorium.services.clock import local_now


def _demo_party(session) -> Booking:
    """An upcoming approved party of the demo data."""
    return session.exec(
        select(Booking)
        .where(
            Booking.type == BookingType.PARTY,
            Booking.status == BookingStatus.APPROVED,
            Booking.date >= local_now().date(),
        )
        .order_by(Booking.starts_at)
    ).first()


def party_link_path() -> str:
    """/party/<token> of a demo party (its link made as approval makes it)."""
    with session_scope() as session:
        booking = _demo_party(session)
        link = party_links.open_on_approval(session, booking)
        return "/party/" + party_links.token_of(link)


def admin_party_path() -> str:
    with session_scope() as session:
        return f"/admin/party/{_demo_party(session).id}"


# A value for each dynamic public route, from the demo data (xplorium/services/demo_data.py);
# a callable is asked when the paths are listed. The back office's (a customer's page) is
# reached from its list, as staff reach it.
DYNAMIC = {"/events/[slug]": "/events/pidzama-zurka", "/party/[token]": party_link_path}
# Pages a signed-in parent sees; every /admin page needs staff. A parent's booking page is
# shown as a parent who does not own the reference sees it ("not found").
PARENT_ONLY = {"/profile", "/profile/bookings/XP-NOT-YOURS"}
_PARENT_ROUTES = {"/profile/bookings/[reference]": "/profile/bookings/XP-NOT-YOURS"}


def routes() -> list[str]:
    """Every page's path (at its Serbian, unprefixed address), from the app's route table."""
    return [route.path for route in ROUTES]


def _concrete(route: str) -> str:
    value = DYNAMIC.get(route) or _PARENT_ROUTES.get(route, route)
    return value() if callable(value) else value


def public_paths() -> list[str]:
    return [_concrete(route) for route in routes() if not route.startswith("/admin")]


def admin_paths() -> list[str]:
    """Every back-office route; the dynamic ones still with their [placeholder]."""
    return [route for route in routes() if route.startswith("/admin")]
