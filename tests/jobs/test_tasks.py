"""The periodic jobs the worker runs."""

from xplorium.db import session_scope
from xplorium.jobs import worker


def test_the_worker_runs_the_waiting_list_expiry(clean, monkeypatch):
    """The rooms' waiting-list offers expire through a periodic job (every minute in production)."""
    from xplorium import jobs
    from xplorium.services.bookings import waitlist

    runs = []
    monkeypatch.setattr(waitlist, "expire_offers", lambda: runs.append("expired") or 0)
    with session_scope() as session:
        jobs.defer(session, "waitlist.expire_offers", timestamp=0)
    worker.drain()
    assert runs == ["expired"]
