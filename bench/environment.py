"""The benchmark's own PostgreSQL database and Redis namespace, chosen before xplorium is imported.

`xplorium.config.settings` (and with it the engine, the Redis clients and the app server
started from this process) reads the environment once, at import; so `prepare()` must run
before any xplorium module is imported. Under pytest, tests/conftest.py has already done
the same for the test run, and the short benchmark uses the run's database as it is.
"""

import os
import secrets
from dataclasses import dataclass

PG_ADMIN_URL = os.environ.get("XP_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_BASE_URL = os.environ.get("XP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


@dataclass(frozen=True)
class BenchEnvironment:
    run_id: str
    database: str
    database_url: str
    redis_url: str
    redis_prefix: str


def prepare() -> BenchEnvironment:
    """Point this process (and every process it starts) at a fresh, uniquely named database."""
    run_id = f"{os.getpid()}_{secrets.token_hex(3)}"
    database = f"xp_bench_{run_id}"
    env = BenchEnvironment(
        run_id=run_id,
        database=database,
        database_url=PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database,
        redis_url=REDIS_BASE_URL,
        redis_prefix=f"xpbench:{run_id}:",
    )
    os.environ["DATABASE_URL"] = env.database_url
    os.environ["REDIS_URL"] = env.redis_url
    os.environ["REDIS_PREFIX"] = env.redis_prefix
    # A benchmark-only key: the app refuses the public development key in production mode.
    os.environ["SECRET_KEY"] = "bench-" + secrets.token_hex(24)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return env
