"""Sizes of a benchmark run: the defaults (under 10 minutes on a 2-core machine) and --short."""

from dataclasses import asdict, dataclass, field, replace

from xplorium.constants import BOOKING_LIMIT_MAX


@dataclass(frozen=True)
class BenchConfig:
    # 1. booking submissions: `parents` tabs, `rounds` rounds of one booking each
    parents: int = 50
    rounds: int = 4
    # ... and one parent alone, `sequential` bookings in a row (and the baseline the same way)
    sequential: int = 20
    # 3. live fan-out: `admins` boards, `fanout_bookings` bookings one at a time
    admins: int = 20
    fanout_bookings: int = 20
    # 4. public pages: `page_clients` tabs, each loading every page `page_loads` times
    page_clients: int = 20
    page_loads: int = 10
    # 5. contested slot: `contested` parents on one slot
    contested: int = 50
    # 6. scale: parents' tabs and admins' boards open at once for `scale_seconds`
    scale_parents: int = 1000
    scale_admins: int = 50
    scale_seconds: float = 60.0
    scale_navigations_per_s: float = 10.0
    scale_booking_every_s: float = 2.0
    # 7. burst: `burst_rate` bookings a second for `burst_seconds` on `burst_tabs` parents' tabs,
    # while `burst_admins` boards watch
    burst_rate: float = 20.0
    burst_seconds: float = 60.0
    burst_tabs: int = 40
    burst_admins: int = 20
    # data already in the database (a year of a venue's bookings)
    history_bookings: int = 5000
    history_customers: int = 1500
    # bookings made in this process to count statements (and time them, one at a time)
    query_samples: int = 10
    # emails committed at once to time the job workers' delivery rate
    delivery_count: int = 500
    # rounds of 12 concurrent in-process bookings per write path (one statement vs step by step)
    service_rounds: int = 10
    # backend worker counts: the first server is built, the next ones serve that build
    workers: tuple[int, ...] = (1, 2)
    # > 1: the booking and fan-out scenarios again through nginx (deploy/) in front of this many
    # app instances of one backend worker each, with a separate job worker (--instances)
    instances: int = 0
    # PostgreSQL's transaction counts per booking (each reading waits ~12 s for the counts)
    server_counts: bool = True
    short: bool = False
    scenarios: tuple[str, ...] = field(
        default=("booking", "baseline", "floor", "contested", "pages", "fanout", "burst", "scale", "queries")
    )

    def app_submissions(self) -> int:
        """Booking attempts from 127.0.0.1 in one run (they count against the per-IP limit)."""
        scale_bookings = int(self.scale_seconds / self.scale_booking_every_s) + 2
        burst = int(self.burst_rate * self.burst_seconds) if "burst" in self.scenarios else 0
        return (
            burst
            + (self.parents * self.rounds + self.fanout_bookings)
            * (max(1, len(self.workers)) + (1 if self.instances > 1 else 0))
            + self.sequential
            + self.contested
            + scale_bookings
        )

    def check(self) -> None:
        if self.app_submissions() > BOOKING_LIMIT_MAX:
            raise SystemExit(
                f"{self.app_submissions()} booking attempts from 127.0.0.1 exceed the per-IP limit "
                f"({BOOKING_LIMIT_MAX} an hour, the highest the settings allow); use smaller sizes."
            )
        if self.scale_admins > 0 and max(self.admins, self.burst_admins) > self.scale_admins:
            raise SystemExit("--admins may not exceed --scale-admins (the same signed-in admins are reused)")

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT = BenchConfig()

SHORT = replace(
    DEFAULT,
    parents=4,
    rounds=2,
    sequential=3,
    admins=3,
    fanout_bookings=3,
    page_clients=3,
    page_loads=2,
    contested=6,
    scale_parents=24,
    scale_admins=3,
    scale_seconds=4.0,
    scale_navigations_per_s=5.0,
    scale_booking_every_s=2.0,
    burst_rate=4.0,
    burst_seconds=2.0,
    burst_tabs=4,
    burst_admins=3,
    history_bookings=300,
    history_customers=60,
    query_samples=3,
    delivery_count=20,
    service_rounds=1,
    workers=(2,),
    server_counts=False,
    short=True,
)
