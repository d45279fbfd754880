"""The production build of the app, started once per test session on 127.0.0.1."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

from xplorium.config import PROJECT_ROOT

BUN_BIN = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
START_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reflex_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BUN_BIN}:{Path(os.sys.executable).parent}:{env.get('PATH', '')}"
    env["REFLEX_USE_SYSTEM_BUN"] = "1"
    env["TELEMETRY_ENABLED"] = "false"
    # Each app server's workers count their metrics together, apart from this process's.
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(extra or {})
    return env


# Backend workers of a test server. With Redis, Reflex would start min(2*cpu+1, max) Granian
# workers; the test machines have 2 cores. Two workers also make every browser test a
# multi-worker test (sockets land on either worker; updates cross through Redis).
DEFAULT_WORKERS = "2"


class AppServer:
    """`reflex run --env prod --single-port`: frontend and backend on one port.

    `prebuilt=True` serves the build another AppServer already made (no compile): give it
    that server's port and another loopback host (see tests/support/serve_build.py).
    """

    def __init__(
        self,
        env: dict[str, str] | None = None,
        log_path: Path | None = None,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        prebuilt: bool = False,
    ):
        self.host = host
        self.port = port or free_port()
        self.prebuilt = prebuilt
        self.url = f"http://{host}:{self.port}"
        self.env = reflex_env({"PUBLIC_BASE_URL": self.url, **(env or {})})
        self.env.setdefault("GRANIAN_WORKERS", os.environ.get("GRANIAN_WORKERS", DEFAULT_WORKERS))
        self.log_path = log_path or PROJECT_ROOT / "test-artifacts" / f"app-{host}-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def _command(self) -> list[str]:
        if self.prebuilt:
            return [os.sys.executable, "-m", "tests.support.serve_build", self.host, str(self.port)]
        return [
            str(Path(os.sys.executable).parent / "reflex"),
            "run",
            "--env",
            "prod",
            "--single-port",
            "--backend-host",
            self.host,
            "--backend-port",
            str(self.port),
        ]

    def start(self) -> "AppServer":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list
            self._command(),
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"app exited early; see {self.log_path}:\n{self.log_path.read_text()[-3000:]}"
                )
            try:
                healthy = httpx.get(self.url + "/api/health", timeout=2).status_code == 200
                if healthy and httpx.get(self.url + "/", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(1)
        self.stop()
        raise RuntimeError(f"app did not start in {START_TIMEOUT}s; see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
