"""A rolling restart (docs/DEPLOY.md, "Upgrade") while parents keep booking through nginx.

One instance is stopped (SIGTERM, as `systemctl restart` sends) and started again while a
stream of bookings goes on: every booking a parent saw confirmed is in the database and its
confirmation email is sent by the worker; the board whose socket was on the stopped instance
reconnects through the other without a reload, and both boards end showing every booking.
"""

import asyncio
import threading
import time
from collections import Counter

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from sqlmodel import select

from bench.parents import Outcome, Parent, SlotPlanner
from bench.seed import allow_bench_rate
from tests.support.accounts import make_user
from tests.support.board import card, not_reloaded, raw_redis, socket_owner, tab_token, text, wait_live
from tests.support.booking_form import wait
from tests.support.catalog_data import catalog_fixture  # noqa: F401 - fixture
from tests.support.site_boards import boards_on_both_instances
from xplorium.constants import BOARD_DAYS
from xplorium.db import session_scope
from xplorium.models import Booking
from xplorium.models.enums import BookingStatus, BookingType, Role

pytestmark = pytest.mark.browser

PARENTS = 3
# Confirmed bookings before the restart begins, attempts while it goes on (the days have
# only so many free slots), confirmed bookings after the instance is back.
BEFORE, DURING, AFTER = 3, 6, 3
STREAM_TIMEOUT = 150
SUBMIT_TIMEOUT = 20


class Stream:
    """Parents booking one after another through nginx until told to stop; a parent whose
    socket was cut opens a new tab (as a browser reconnects) and goes on."""

    def __init__(self, url: str):
        self.url = url
        self.planner = SlotPlanner(first_day_offset=1, last_day_offset=BOARD_DAYS - 1)
        self.confirmed: list[tuple[str, str]] = []  # (reference, the parent's email)
        self.failed: Counter[str] = Counter()  # what went wrong instead, and how often
        self.stopped = False
        self.restarting = False
        self.during = 0  # attempts begun while the instance restarts
        self._progress = asyncio.Condition()
        self.error: BaseException | None = None
        self._numbers = iter(range(1, 10_000))

    async def _parent(self) -> None:
        try:
            await self._book_until_stopped()
        except BaseException as error:
            async with self._progress:
                self.error = error  # e.g. the days ran out of slots: stop waiting for more
                self._progress.notify_all()
            raise

    async def _may_book(self) -> bool:
        """Whether to book again (False: stopped); during the restart, DURING attempts in all."""
        async with self._progress:
            await self._progress.wait_for(lambda: self.stopped or not self.restarting or self.during < DURING)
            if self.restarting and not self.stopped:
                self.during += 1
            return not self.stopped

    async def _book_until_stopped(self) -> None:
        parent = None
        while await self._may_book():
            index = next(self._numbers)
            slot = self.planner.take(BookingType.PLAYGROUND)  # raises when the days run out
            try:
                if parent is None or not parent.client.connected:
                    parent = Parent(index, BookingType.PLAYGROUND)
                    await parent.open(self.url).connect()
                parent.index = index
                await parent.prepare(slot)
                outcome: Outcome = await parent.submit(timeout=SUBMIT_TIMEOUT)
            except Exception as error:  # noqa: BLE001 - a cut socket: this parent starts over
                self.failed[type(error).__name__] += 1
                if parent is not None and parent.client is not None:
                    await parent.client.disconnect()
                parent = None
                continue
            if outcome.ok:
                async with self._progress:
                    self.confirmed.append((outcome.reference, f"bench.parent{index}@example.com"))
                    self._progress.notify_all()
            else:
                self.failed[outcome.message] += 1
        if parent is not None:
            await parent.client.disconnect()

    async def until(self, count: int) -> None:
        async with self._progress:
            await self._progress.wait_for(lambda: len(self.confirmed) >= count or self.error is not None)
        if self.error is not None:
            raise self.error

    async def _set(self, **flags: bool) -> None:
        async with self._progress:
            for name, value in flags.items():
                setattr(self, name, value)
            self._progress.notify_all()

    async def run(self, restart) -> None:
        parents = [asyncio.create_task(self._parent()) for _ in range(PARENTS)]
        try:
            await self.until(BEFORE)
            await self._set(restarting=True)
            await asyncio.to_thread(restart)
            await self._set(restarting=False)
            await self.until(len(self.confirmed) + AFTER)
        finally:
            await self._set(stopped=True)
            await asyncio.gather(*parents, return_exceptions=True)


@pytest.mark.timeout(480)  # the build (when first), two boards, the stream and a restart
def test_a_rolling_restart_loses_no_booking(catalog, site, smtp_sink):
    allow_bench_rate()  # every parent here books from 127.0.0.1
    admins = [make_user(Role.ADMIN, name="Desk One"), make_user(Role.ADMIN, name="Desk Two")]
    boards = boards_on_both_instances(site, admins)
    try:
        owners = [socket_owner(raw_redis(), tab_token(board)) for board in boards]
        restarted = threading.Event()

        def restart() -> None:
            began = time.monotonic()
            site.instances[0].stop()
            stopped = time.monotonic()
            site.instances[0].start()  # returns once /api/ready answers 200
            print(
                f"restart: stopped in {stopped - began:.1f}s, ready {time.monotonic() - stopped:.1f}s later"
            )
            restarted.set()

        stream = Stream(site.url)
        try:
            asyncio.run(asyncio.wait_for(stream.run(restart), STREAM_TIMEOUT))
        except TimeoutError:
            pytest.fail(
                f"{len(stream.confirmed)} confirmed in {STREAM_TIMEOUT}s; not confirmed: {dict(stream.failed)}"
            )
        assert restarted.is_set()
        print(f"{len(stream.confirmed)} confirmed; not confirmed: {dict(stream.failed)}")  # in the log

        references = [reference for reference, _email in stream.confirmed]
        with session_scope() as session:
            stored = session.exec(select(Booking).where(Booking.reference.in_(references))).all()
            pending = len(session.exec(select(Booking).where(Booking.status == BookingStatus.PENDING)).all())
        assert sorted(b.reference for b in stored) == sorted(references)
        for reference, email in stream.confirmed:
            # Sent by the worker process from the job the booking's transaction queued.
            mail = smtp_sink.wait_for(email, timeout=30, run_queue=False)
            assert reference in mail.body

        # One board's socket was on the stopped instance: it moved, and was never reloaded.
        moved = [
            socket_owner(raw_redis(), tab_token(board)) != owner
            for board, owner in zip(boards, owners, strict=True)
        ]
        assert moved.count(True) >= 1, owners
        for board in boards:
            wait_live(board)
            assert not_reloaded(board)
            wait(board, EC.text_to_be_present_in_element((By.ID, "count-pending"), str(pending)))
            for reference in references:
                wait(board, EC.presence_of_element_located((By.CSS_SELECTOR, card("pending", reference))))
            assert text(board, "count-pending") == str(pending)
    finally:
        for board in boards:
            board.quit()
