"""`python -m xplorium.worker`: a worker as its own process works the queue and stops cleanly
on SIGTERM; on SQLite it refuses to start (the queue lives in the app's memory there)."""

import os
import signal
import subprocess
import sys
import time

from tests.support.job_queue import sink_fixture  # noqa: F401 - fixture
from xplorium.config import PROJECT_ROOT
from xplorium.db import session_scope
from xplorium.services import mail


def test_a_separate_worker_process_delivers_and_stops_on_sigterm(sink):
    worker = subprocess.Popen(
        [sys.executable, "-m", "xplorium.worker"],
        cwd=PROJECT_ROOT,
        env={**os.environ, **sink.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with session_scope() as session:
            mail.queue(session, "mama@example.com", "Booking received", "See you soon.")
        deadline = time.monotonic() + 60
        while not sink.messages("mama@example.com", run_queue=False) and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.1)
        assert [m.subject for m in sink.messages("mama@example.com", run_queue=False)] == ["Booking received"]
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def test_on_sqlite_the_worker_process_explains_why_it_does_not_start(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "xplorium.worker"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "needs PostgreSQL" in done.stderr
