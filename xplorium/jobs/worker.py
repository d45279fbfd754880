"""Running the queue: in the app's own process (`./run`), as its own process, or until empty."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import structlog

from xplorium.config import settings
from xplorium.jobs.app import app, uses_memory_queue

log = structlog.get_logger(__name__)

RESTART_PAUSE_MIN, RESTART_PAUSE_MAX = 1.0, 60.0


def _options(**overrides) -> dict:
    from xplorium.jobs.tasks import record_failure

    return {
        "task_middleware": [record_failure],
        # A delivered message's job (its body holds links and personal details) is not kept.
        "delete_jobs": "successful",
        "concurrency": settings.jobs_concurrency,
        "update_heartbeat_interval": settings.jobs_heartbeat_seconds,
        "stalled_worker_timeout": settings.jobs_stalled_seconds,
        # A new job wakes a worker at once (LISTEN/NOTIFY); polling finds the retries that fall due.
        "fetch_job_polling_interval": 5.0,
        **overrides,
    }


async def run(*, install_signal_handlers: bool = True) -> None:
    """Work the queue until stopped (SIGINT/SIGTERM when the handlers are installed)."""
    async with app.open_async():
        await app.run_worker_async(**_options(install_signal_handlers=install_signal_handlers))


async def _supervised() -> None:
    # procrastinate stops a worker whose database connection broke (a PostgreSQL restart):
    # the app's own worker starts again, with a growing pause, for as long as the app runs.
    pause = RESTART_PAUSE_MIN
    while True:
        try:
            await run(install_signal_handlers=False)
            log.warning("jobs_worker_stopped_restarting")
        except Exception as error:  # noqa: BLE001 - logged, then retried
            log.error("jobs_worker_failed_restarting", error=type(error).__name__)
        await asyncio.sleep(pause)
        pause = min(pause * 2, RESTART_PAUSE_MAX)


@asynccontextmanager
async def in_app() -> AsyncIterator[None]:
    """A Reflex lifespan task: the app process works the queue too, unless JOBS_WORKER_IN_APP=false."""
    if not settings.jobs_worker_in_app:
        yield
        return
    task = asyncio.create_task(_supervised(), name="xplorium-jobs-worker")
    log.info("jobs_worker_started", in_memory=uses_memory_queue())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def drain() -> None:
    """Run every job that is due now, then return (tests, benchmarks, scripts)."""

    async def once() -> None:
        async with app.open_async():
            await app.run_worker_async(
                **_options(wait=False, install_signal_handlers=False, listen_notify=False)
            )

    asyncio.run(once())
