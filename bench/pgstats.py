"""The app's own transactions, counted by PostgreSQL for the benchmark's database.

`pg_stat_database` counts every transaction of every process on the database, the app
server's included, so a scenario can say how many transactions one booking cost on the
server (the statements of a transaction are counted in-process, see bench/queries.py).

Backends publish their counts lazily: when they go idle, at most once a second, and after
up to 10 s (PGSTAT_IDLE_INTERVAL) when another backend held the shared entry at that moment.
A reading therefore waits 11 s after the work, then until two readings agree; the short
mode skips these counts.
"""

import time

import sqlalchemy as sa

_QUERY = sa.text(
    "SELECT xact_commit + xact_rollback AS transactions FROM pg_stat_database WHERE datname = current_database()"
)
PUBLISH_DELAY_S = 11.0
SETTLE_LIMIT_S = 10.0


def read(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_stat_clear_snapshot()"))
        return int(conn.execute(_QUERY).scalar_one())


def settled(engine: sa.Engine | None) -> int | None:
    """The transaction count once every backend has published what it did (bounded wait)."""
    if engine is None:
        return None
    time.sleep(PUBLISH_DELAY_S)
    previous = read(engine)
    deadline = time.monotonic() + SETTLE_LIMIT_S
    while time.monotonic() < deadline:
        time.sleep(1.0)
        current = read(engine)
        # A reading costs this process a few transactions itself (pre-ping, the query).
        if current - previous <= 4:
            return current
        previous = current
    return previous


def per_booking(before: int | None, after: int | None, count: int) -> float | None:
    if before is None or after is None or count <= 0:
        return None
    return round((after - before) / count, 1)
