"""The app's own worker (`jobs_worker.in_app`): started with the app, started again when it stops."""

import asyncio


def test_the_apps_own_worker_starts_again_when_it_stops_or_fails(monkeypatch):
    """procrastinate stops a worker whose connection broke; the app's worker comes back."""
    from xplorium.config import settings
    from xplorium.jobs import worker as jobs_worker

    runs: list[str] = []
    third = asyncio.Event()

    async def flaky_run(**_options) -> None:
        runs.append("run")
        if len(runs) == 1:
            raise OSError("the database connection broke")
        if len(runs) == 3:
            third.set()
            await asyncio.Event().wait()  # works until the app stops

    monkeypatch.setattr(settings, "jobs_worker_in_app", True)
    monkeypatch.setattr(jobs_worker, "run", flaky_run)
    monkeypatch.setattr(jobs_worker, "RESTART_PAUSE_MIN", 0.01)

    async def app_lifetime() -> None:
        async with jobs_worker.in_app():
            await asyncio.wait_for(third.wait(), timeout=10)

    asyncio.run(app_lifetime())
    assert runs == ["run", "run", "run"]  # failed, stopped, then running when the app stopped
