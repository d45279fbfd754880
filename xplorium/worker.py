"""`python -m xplorium.worker`: a job worker as its own process (start as many as needed).

Run it with JOBS_WORKER_IN_APP=false on the app servers when the workers are separate.
On SQLite the queue lives in the app's memory, so only the app's own worker can see it.
"""

import asyncio

from xplorium.config import settings
from xplorium.jobs import worker
from xplorium.logging import configure_logging


def main() -> None:
    configure_logging()
    if settings.is_sqlite:
        raise SystemExit("On SQLite the jobs run inside the app (./run); a separate worker needs PostgreSQL.")
    asyncio.run(worker.run())


if __name__ == "__main__":
    main()
