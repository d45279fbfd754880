"""Background jobs on procrastinate: deferred inside the business transaction, run by a worker.

- `defer(session, task_name, **kwargs)`: queue a job as part of the session's transaction.
- `periodic(cron=..., name=...)`: register a scheduled task (see xplorium/jobs/app.py).
- `worker.run()` / `python -m xplorium.worker`: process the queue.
"""

from xplorium.jobs.app import TASK_MODULES, app, defer, periodic

__all__ = ["TASK_MODULES", "app", "defer", "periodic"]
