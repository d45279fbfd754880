"""The live board's push loop in-process, on the real database: what each screen receives.

A `Screens` stands in for one worker's sockets (the transport is not the point here); the
snapshots, the session checks and the statement counts are the real ones.
"""

import asyncio
import itertools
import time

import pytest
import sqlalchemy as sa

from tests.support.accounts import make_user, open_session
from tests.support.bookings_data import day_ahead, insert_booking
from tests.support.queries import count_queries
from xplorium import live
from xplorium.db import session_scope
from xplorium.models import User
from xplorium.models.enums import Role
from xplorium.services import sessions


class Screens:
    """Browser tabs on one worker: a socket each, the board's room, what each one was sent."""

    def __init__(self):
        self.sids: dict[str, str] = {}
        self.connected: set[str] = set()
        self.room: set[str] = set()
        self.received: dict[str, list[dict]] = {}
        self.arrived = asyncio.Event()
        self._numbers = itertools.count(1)

    def open(self) -> str:
        token, sid = f"tab-{next(self._numbers)}", f"sid-{next(self._numbers)}"
        self.sids[token] = sid
        self.connected.add(sid)
        self.received[token] = []
        return token

    def close(self, token: str) -> None:
        sid = self.sids.pop(token)
        self.connected.discard(sid)
        self.room.discard(sid)

    # the Transport interface
    def sid_of(self, token: str) -> str | None:
        return self.sids.get(token)

    def is_connected(self, sid: str) -> bool:
        return sid in self.connected

    async def send(self, fields: dict, to: str) -> None:
        targets = self.room if to == live.ROOM else {to}
        for token, sid in self.sids.items():
            if sid in targets:
                self.received[token].append(fields)
        self.arrived.set()

    async def enter(self, sid: str) -> None:
        self.room.add(sid)

    async def leave(self, sid: str) -> None:
        self.room.discard(sid)

    # what a test reads
    def versions(self, token: str) -> list[int]:
        return [m["version"] for m in self.received[token] if "version" in m]

    def shown(self, token: str) -> dict:
        """The board as this tab's browser holds it: every field as last sent."""
        board: dict = {}
        for message in self.received[token]:
            board.update(message)
        return board


def _admins(screens: Screens, board: live.Broadcaster, count: int) -> list[tuple[str, str]]:
    """`count` admin tabs joined to the board: (tab token, session token)."""
    tabs = []
    for _ in range(count):
        session_token = open_session(make_user(Role.ADMIN))
        tab = screens.open()
        assert board.join(tab, session_token)
        tabs.append((tab, session_token))
    return tabs


def _booking(n: int, **fields):
    """The n-th of a burst of bookings, each in its own half hour (rows only: no room held)."""
    return insert_booking(
        day=day_ahead(1 + n // 8),
        start=f"{9 + n % 8:02d}:00",
        minutes=30,
        buffer_minutes=0,
        hold=False,
        **fields,
    )


def _references(board: dict) -> set[str]:
    return {item["reference"] for item in board.get("items", [])}


@pytest.fixture
def screens():
    return Screens()


@pytest.fixture
def board(clean, screens):
    return live.Broadcaster(screens)


def test_statements_per_push_do_not_grow_with_the_admins_watching(board, screens, engine):
    insert_booking(day=day_ahead(1))
    counts = {}
    for watching in (1, 25):
        _admins(screens, board, watching - len(board.watchers))
        asyncio.run(board.step())  # let everyone join
        board.changed(live.BookingChange(live.CREATED, "XP-1"))
        with count_queries(engine) as statements:
            assert asyncio.run(board.step())
        counts[watching] = len(statements)
        assert len(board.watchers) == watching
    assert counts[1] == counts[25] == 2  # the snapshot, and every watcher's session at once


def test_a_burst_of_changes_is_one_push_carrying_the_latest_board(board, screens):
    ((tab, _session),) = _admins(screens, board, 1)
    asyncio.run(board.step())
    before = len(screens.versions(tab))
    made = [_booking(n) for n in range(30)]
    for booking in made:
        board.changed(live.BookingChange(live.CREATED, booking.reference))
    asyncio.run(board.step())
    assert len(screens.versions(tab)) == before + 1
    shown = screens.shown(tab)
    assert _references(shown) >= {b.reference for b in made}
    assert shown["change_kind"] == live.CREATED and shown["change_message"]["en"] == "30 new bookings"
    assert shown["created_references"] == shown["change_references"] == [b.reference for b in made]


def test_a_burst_with_several_boards_ends_at_the_last_version_never_going_back(board, screens):
    tabs = _admins(screens, board, 4)
    references: list[str] = []

    async def burst():
        board.start()
        try:
            for n in range(40):
                booking = await asyncio.to_thread(_booking, n)
                references.append(booking.reference)
                board.changed(live.BookingChange(live.CREATED, booking.reference))
                if n % 7 == 0:  # a new screen joins mid-burst
                    tab = screens.open()
                    board.join(tab, tabs[0][1])
                    tabs.append((tab, tabs[0][1]))
            # Until every screen shows the board with the last booking on it.
            while not all(references[-1] in _references(screens.shown(tab)) for tab, _ in tabs):
                screens.arrived.clear()
                await asyncio.wait_for(screens.arrived.wait(), 10)
        finally:
            await board.stop()

    asyncio.run(burst())
    for tab, _session in tabs:
        versions = screens.versions(tab)
        assert versions == sorted(set(versions)), versions  # strictly increasing: never an older board
        assert versions[-1] == board.version
        assert _references(screens.shown(tab)) >= set(references)
    assert board.pushes < len(references)  # coalesced, not one push per booking


def test_a_closed_tab_is_sent_nothing_more(board, screens):
    (staying, _), (closing, _) = _admins(screens, board, 2)
    asyncio.run(board.step())
    screens.close(closing)
    sent_before = len(screens.received[closing])
    board.changed(live.BookingChange(live.CREATED, "XP-2"))
    asyncio.run(board.step())
    assert closing not in board.watchers and staying in board.watchers
    assert len(screens.received[closing]) == sent_before
    assert screens.versions(staying)[-1] == board.version


@pytest.mark.parametrize("how", ["blocked", "signed_out", "demoted"])
def test_an_admin_whose_session_ended_stops_receiving_at_the_next_push(board, screens, how):
    (staying, _), (leaving, leaving_session) = _admins(screens, board, 2)
    asyncio.run(board.step())
    user_id = sessions.resolve(leaving_session).user_id
    if how == "signed_out":
        sessions.revoke(leaving_session)
    else:
        with session_scope() as session:
            values = {"is_blocked": True} if how == "blocked" else {"role": Role.USER}
            session.execute(sa.update(User).where(User.id == user_id).values(**values))
    seen = len(screens.received[leaving])
    secret = insert_booking(day=day_ahead(1), name="Tajna Roditeljka")
    board.changed(live.BookingChange(live.CREATED, secret.reference))
    asyncio.run(board.step())
    asyncio.run(board.step())  # and a heartbeat after it
    assert len(screens.received[leaving]) == seen
    assert leaving not in board.watchers
    assert secret.reference in _references(screens.shown(staying))


def test_a_screen_that_joins_again_with_a_newer_version_gets_a_fresh_board(board, screens):
    ((tab, session_token),) = _admins(screens, board, 1)
    asyncio.run(board.step())
    first = board.version
    # e.g. the tab moved from another worker that had pushed a later version
    board.join(tab, session_token, shown=first + 10_000)
    asyncio.run(board.step())
    assert board.version > first + 10_000
    assert screens.versions(tab)[-1] == board.version


def test_nobody_watching_costs_no_query(board, engine):
    board.changed(live.BookingChange(live.CREATED, "XP-3"))
    with count_queries(engine) as statements:
        assert not asyncio.run(board.step())
    assert statements == []


@pytest.fixture
def own_redis():
    from tests.support.own_redis import OwnRedis

    server = OwnRedis().start()
    yield server
    server.close()


def test_two_workers_share_changes_and_catch_up_after_redis_restarts(clean, own_redis):
    """Worker A's change reaches worker B's screens through Redis; with Redis killed both say
    "reconnecting", and once it is back B catches up on what it missed, without a re-join."""
    screens = {"a": Screens(), "b": Screens()}
    workers = {name: live.Broadcaster(screens[name], redis_url=own_redis.url) for name in screens}
    session_token = open_session(make_user(Role.ADMIN))
    tabs = {}
    for name, screen in screens.items():
        tabs[name] = screen.open()
        workers[name].join(tabs[name], session_token)

    async def until(condition, name: str, timeout: float = 5.0):
        async def wait():
            while not condition(screens[name].shown(tabs[name])):
                screens[name].arrived.clear()
                await screens[name].arrived.wait()

        await asyncio.wait_for(wait(), timeout)

    def shows(reference: str, link: str = live.LIVE):
        return lambda board: reference in _references(board) and board.get("link") == link

    async def scenario():
        for worker in workers.values():
            worker.start()
        try:
            for name in workers:
                await until(lambda board: board.get("link") == live.LIVE, name)
            first = await asyncio.to_thread(_booking, 1)
            workers["a"].changed(live.BookingChange(live.CREATED, first.reference))
            await until(shows(first.reference), "b")

            own_redis.stop()
            for name in workers:
                await until(lambda board: board.get("link") == live.RECONNECTING, name)
            missed = await asyncio.to_thread(_booking, 2)
            workers["a"].changed(live.BookingChange(live.CREATED, missed.reference))
            await until(shows(missed.reference, live.RECONNECTING), "a")
            assert missed.reference not in _references(screens["b"].shown(tabs["b"]))

            own_redis.start()
            for name in workers:
                await until(shows(missed.reference), name)
            after = await asyncio.to_thread(_booking, 3)
            workers["b"].changed(live.BookingChange(live.CREATED, after.reference))
            await until(shows(after.reference), "a")
        finally:
            for worker in workers.values():
                await worker.stop()

    asyncio.run(scenario())
    for name in workers:
        versions = screens[name].versions(tabs[name])
        assert versions == sorted(set(versions))


def test_a_version_from_the_future_does_not_move_the_board_there(board, screens):
    """A (modified) browser claiming a huge version cannot push every board's numbering past
    what JavaScript counts exactly."""
    ((tab, session_token),) = _admins(screens, board, 1)
    asyncio.run(board.step())
    board.join(tab, session_token, shown=2**60)
    asyncio.run(board.step())
    assert board.version < time.time_ns() // 1_000_000 + 2 * live.FUTURE_MS


def test_changes_outside_a_running_app_do_nothing():
    assert live.bookings_changed(live.CREATED, "XP-TEST") is False
    assert live.notices_changed() is False
    assert live.BookingChange(live.CANCELLED, "XP-1").message == "Booking XP-1 was cancelled"


class _NoScreens:
    """A transport with nobody connected: the loop only waits and beats."""

    def sid_of(self, token):
        return None

    def is_connected(self, sid):
        return False


def test_the_push_loop_stops_when_cancelled_just_as_a_change_wakes_it():
    """A change and the loop's cancellation in one tick (a handler's last act as its loop closes).

    `asyncio.wait_for` in Python 3.11 returns the finished wait and swallows the cancellation,
    so the loop would run on and `asyncio.run` would hang waiting for it.
    """

    async def scenario():
        board = live.Broadcaster(_NoScreens(), redis_url=None).start()
        await asyncio.sleep(0.05)  # the loop is waiting to be woken
        board.changed(live.BookingChange(live.CREATED, "XP-1"))
        (task,) = board._tasks
        task.cancel()
        await asyncio.wait({task}, timeout=3 * live.BEAT_SECONDS)
        stopped = task.done()
        if not stopped:
            task.cancel()
            await asyncio.wait({task}, timeout=1)
        return stopped

    assert asyncio.run(scenario())
