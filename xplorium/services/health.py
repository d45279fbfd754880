"""Health of the parts the app cannot work without.

Three answers for three readers (routes in xplorium/api.py, see docs/DEPLOY.md):
- liveness: the process answers at all (a supervisor restarts it otherwise);
- readiness: this instance can serve requests now, i.e. it reaches PostgreSQL and Redis (a
  balancer takes it out of rotation otherwise). The job queue is not part of it: a stalled
  worker is not fixed by sending requests to another instance;
- health: readiness plus the job queue's figures, for monitoring.
"""

import time

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from xplorium.services import job_queue
from xplorium.services.redis_client import get_redis


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        check()
        status = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        status = f"error: {type(error).__name__}"
    return {"status": status, "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


def _services(engine: Engine) -> dict:
    """The database's and (when configured) Redis's checks."""

    def database() -> None:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    checks = {"database": _timed(database)}
    redis_client = get_redis()
    if redis_client is not None:
        checks["redis"] = _timed(redis_client.ping)
    return checks


def _verdict(checks: dict) -> tuple[bool, dict]:
    healthy = all(c["status"] == "ok" for c in checks.values())
    failing = [name for name, c in checks.items() if c["status"] != "ok"]
    return healthy, {"status": "ok" if healthy else "unhealthy", "failing": failing, "checks": checks}


def check_ready(engine: Engine) -> tuple[bool, dict]:
    """Whether this instance reaches PostgreSQL and Redis, with each check's latency."""
    return _verdict(_services(engine))


def check_health(engine: Engine) -> tuple[bool, dict]:
    """Readiness plus the job queue (unhealthy when a ready job waits too long)."""
    return _verdict({**_services(engine), "jobs": _jobs()})


def _jobs() -> dict:
    """The queue's figures; "stalled" when a ready job has waited too long for a worker."""
    try:
        figures = job_queue.figures()
    except Exception as error:  # noqa: BLE001 - an unreadable queue is unhealthy
        return {"status": f"error: {type(error).__name__}"}
    return {"status": "stalled" if figures["stalled"] else "ok", **figures}
