"""Running the queue: in the app's own process (`./run`), as its own process, or until empty."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import structlog

from xplorium.config import settings
from xplorium.jobs.app import app, uses_memory_queue

log = structlog.get_logger(__name__)


def _options(**overrides) -> dict:
    from xplorium.jobs.tasks import record_failure

    return {
        "task_middleware": [record_failure],
        # A delivered message's job (its body holds links and personal details) is not kept.
        "delete_jobs": "successful",
        "concurrency": settings.jobs_concurrency,
        "update_heartbeat_interval": settings.jobs_heartbeat_seconds,
        "stalled_worker_timeout": settings.jobs_stalled_seconds,
        # LISTEN/NOTIFY wakes a PostgreSQL worker at once; polling is the fallback (and all
        # the in-memory queue has across threads).
        "fetch_job_polling_interval": 1.0 if uses_memory_queue() else 5.0,
        **overrides,
    }


async def run(*, install_signal_handlers: bool = True) -> None:
    """Work the queue until stopped (SIGINT/SIGTERM when the handlers are installed)."""
    async with app.open_async():
        await app.run_worker_async(**_options(install_signal_handlers=install_signal_handlers))


@asynccontextmanager
async def in_app() -> AsyncIterator[None]:
    """A Reflex lifespan task: the app process works the queue too, unless JOBS_WORKER_IN_APP=false."""
    if not settings.jobs_worker_in_app:
        yield
        return
    task = asyncio.create_task(run(install_signal_handlers=False), name="xplorium-jobs-worker")
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
