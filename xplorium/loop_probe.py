"""How late the event loop runs a 10 ms timer: anything blocking the loop shows up here.

Enabled by LOOP_PROBE_SECONDS (settings.loop_probe_seconds > 0), e.g. by the bench: every
backend worker then logs `loop_lag` once per period with the lateness percentiles of that
period's samples, in milliseconds.
"""

import asyncio
import time

import structlog

from xplorium.config import settings

log = structlog.get_logger(__name__)

TIMER_SECONDS = 0.010


def _percentile(values: list[float], fraction: float) -> float:
    return values[max(0, int(fraction * len(values) + 0.5) - 1)]


async def probe() -> None:
    """The lifespan task: sample forever, one log line per period."""
    period = settings.loop_probe_seconds
    while True:
        late: list[float] = []
        end = time.monotonic() + period
        while time.monotonic() < end:
            started = time.monotonic()
            await asyncio.sleep(TIMER_SECONDS)
            late.append(max(0.0, time.monotonic() - started - TIMER_SECONDS) * 1000)
        late.sort()
        log.info(
            "loop_lag",
            samples=len(late),
            p50_ms=round(_percentile(late, 0.5), 2),
            p99_ms=round(_percentile(late, 0.99), 2),
            max_ms=round(late[-1], 2),
        )
