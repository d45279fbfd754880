"""The tasks every worker knows. Each is a thin call into a service; the rules live there."""

import structlog
from procrastinate import RetryStrategy

from xplorium.config import settings
from xplorium.jobs.app import app, periodic
from xplorium.services import (
    campaigns,
    checkin,
    clock,
    daily_summary,
    deposit_overdue,
    job_queue,
    mail,
    reminders,
)
from xplorium.services.bookings import waitlist

log = structlog.get_logger(__name__)

# The reminder and summary sweeps run every 5 minutes; each is idempotent (marks in the database).
SWEEP_CRON = "*/5 * * * *"


def _stalled_cron() -> str:
    # Look for the jobs of dead workers about twice per stalled period (cron's 6th field: seconds).
    every = int(settings.jobs_stalled_seconds // 2)
    return f"*/{every} * * * * *" if 1 <= every < 60 else "* * * * *"


@app.task(
    name=mail.SEND_TASK,
    queue="mail",
    retry=RetryStrategy(
        max_attempts=settings.jobs_max_attempts,
        exponential_wait=settings.jobs_retry_exponent,
        retry_exceptions={mail.MailNotSent},
    ),
)
def send_mail(key: str, to: str, subject: str, body: str, qr_codes: list | None = None) -> None:
    mail.deliver(key, to, subject, body, qr_codes)


@periodic(cron=_stalled_cron(), name="jobs.retry_stalled")
async def retry_stalled(timestamp: int) -> None:
    """Run again the jobs a dead worker (no heartbeat) had started."""
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=settings.jobs_stalled_seconds):
        log.warning("job_stalled_retried", job_id=job.id, task=job.task_name)
        await app.job_manager.retry_job(job)


@periodic(cron="* * * * *", name="waitlist.expire_offers")
def expire_waitlist_offers(timestamp: int) -> None:
    """Waiting-list offers not claimed in time go to the next family (every minute)."""
    waitlist.expire_offers()


@periodic(cron=SWEEP_CRON, name="reminders.send_due")
def send_due_reminders(timestamp: int) -> None:
    reminders.queue_due(clock.now())


@periodic(cron=SWEEP_CRON, name="summary.send_due")
def send_daily_summary(timestamp: int) -> None:
    daily_summary.queue_due(clock.now())


@periodic(cron=SWEEP_CRON, name="deposits.overdue")
def report_overdue_deposits(timestamp: int) -> None:
    """Unpaid deposits past their due date: staff told once, booking cancelled if set."""
    deposit_overdue.sweep(clock.now())


@periodic(cron=SWEEP_CRON, name="checkin.no_shows")
def mark_no_shows(timestamp: int) -> None:
    """Confirmed bookings that ended without a check-in are marked no-show."""
    checkin.mark_no_shows(clock.now())


def record_failure(call_next, context, _worker):
    """Keep the error of a failed attempt for the back office (procrastinate stores none), until
    a later attempt succeeds."""
    job = context.job
    try:
        result = call_next()
    except Exception as error:
        log.warning(
            "job_attempt_failed",
            job_id=job.id,
            task=job.task_name,
            attempt=job.attempts + 1,
            error=type(error).__name__,
        )
        job_queue.record_error(job.id, job.task_name, error)
        raise
    if job.attempts:
        job_queue.forget_error(job.id)  # it went through after all
    return result


@app.task(name=campaigns.START_TASK, queue="campaigns")
def start_campaign(campaign_id: int) -> None:
    campaigns.start(campaign_id)


@app.task(name=campaigns.BATCH_TASK, queue="campaigns")
def send_campaign_batch(campaign_id: int) -> None:
    campaigns.send_batch(campaign_id)
