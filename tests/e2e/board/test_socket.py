"""Scripts speaking Reflex's socket.io protocol (no browser) cannot join or read the live board
unless their session is staff — and a staff session that ends stops receiving it at once."""

import pytest
from reflex.state import State
from reflex_base.event import get_hydrate_event

from tests.support.accounts import make_user, open_session
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.raw_client import RawClient
from xplorium.constants import SESSION_COOKIE_NAME
from xplorium.models.enums import BookingStatus, Role
from xplorium.services import sessions
from xplorium.state.backoffice.bookings import BookingPanelState, BookingsListState
from xplorium.state.live import BoardShared, LiveState
from xplorium.state.notifications import NotificationsState

pytestmark = pytest.mark.browser

PARENT_NAME = "Tajna Roditeljka"
BOARD = BoardShared.get_full_name()


def _name(state, handler: str) -> str:
    return f"{state.get_full_name()}.{handler}"


def _cookie(role: Role) -> str:
    return f"{SESSION_COOKIE_NAME}={open_session(make_user(role))}"


def _board_values(client: RawClient) -> list[dict]:
    return [delta[BOARD] for delta in client.deltas() if BOARD in delta]


def _attempts(booking_id: int) -> list[tuple[str, dict]]:
    return [
        (get_hydrate_event(State), {}),
        (_name(LiveState, "join"), {}),
        (_name(LiveState, "keepalive"), {}),
        (_name(BoardShared, "setvar"), {"var_name": "version", "value": 999}),
        (_name(LiveState, "join"), {"shown": 10**15}),
        (_name(BookingPanelState, "open_booking"), {"booking_id": booking_id}),
        (_name(BookingPanelState, "approve"), {}),
        (_name(BookingsListState, "load"), {}),
        (_name(NotificationsState, "load"), {}),
    ]


def _approve(client, booking_id: int) -> None:
    """What the Approve button and its confirmation send: open the booking, then approve it."""
    client.call(_name(BookingPanelState, "open_booking"), {"booking_id": booking_id})
    client.call(_name(BookingPanelState, "approve"), {})


@pytest.fixture
def booking(clean):
    return insert_booking(day=day_ahead(2), start="10:00", name=PARENT_NAME)


def test_anonymous_and_parent_clients_get_nothing_of_the_board(app_server, booking):
    with (
        RawClient(app_server.url, path="/admin/board") as anonymous,
        RawClient(app_server.url, cookie=_cookie(Role.USER), path="/admin/board") as parent,
        RawClient(app_server.url, cookie=_cookie(Role.ADMIN), path="/admin/board") as admin,
    ):
        # Control: the same calls from a staff session do reach the board.
        admin.call(_name(LiveState, "join"))
        admin.wait_for(booking.reference)

        for client in (anonymous, parent):
            for name, payload in _attempts(booking.id):
                client.call(name, payload)
        for client in (anonymous, parent):
            client.settle(quiet=1.5)

        # A change happens while they listen: the admin approves the booking.
        _approve(admin, booking.id)
        admin.wait_for("APPROVED")
        for client in (anonymous, parent):
            everything = client.settle(quiet=1.5)
            assert booking.reference not in everything
            assert PARENT_NAME not in everything
            for values in _board_values(client):
                assert not values.get("items") and not values.get("version"), values
            # Every guarded call was answered with a redirect to sign in; the setvar with a value of
            # the board's own is refused before that, by the argument check (an error toast).
            redirects = [e for e in client.frontend_events() if e["name"] == "_redirect"]
            assert len(redirects) == len(_attempts(booking.id)) - 2  # all but the hydrate and the setvar


def test_a_session_that_ends_stops_receiving_the_board(app_server, booking):
    other = insert_booking(day=day_ahead(3), start="15:00", name="Druga Roditeljka")
    leaving_token = open_session(make_user(Role.ADMIN))
    with (
        RawClient(
            app_server.url, cookie=f"{SESSION_COOKIE_NAME}={leaving_token}", path="/admin/board"
        ) as leaving,
        RawClient(app_server.url, cookie=_cookie(Role.ADMIN), path="/admin/board") as staying,
    ):
        for client in (leaving, staying):
            client.call(_name(LiveState, "join"))
            client.wait_for(other.reference)
        # Let the second join's own fan-out (to the first client) arrive before the session ends.
        for client in (leaving, staying):
            client.settle(quiet=1.0)

        sessions.revoke(leaving_token)  # signed out elsewhere ("sign out everywhere")
        leaving.clear()
        staying.clear()
        _approve(staying, other.id)
        staying.wait_for("APPROVED")

        everything = leaving.settle(quiet=1.5)
        assert "Druga Roditeljka" not in everything and other.reference not in everything
        for values in _board_values(leaving):
            assert not values.get("items"), values
    assert BookingStatus.APPROVED.value in staying.text()
