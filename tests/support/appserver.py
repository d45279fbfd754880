"""The production build of the app, started once per test session on 127.0.0.1.

The browser tests may run as two pytest processes (./test): one compiles the build and says
so in a file (`announce_build`); the other serves that build (`serve_shared_build`) from
another loopback network, 127.0.1.x, so that neither's extra servers (`sibling`) meet.
"""

import json
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

    def sibling(self, number: int, env: dict[str, str] | None = None) -> "AppServer":
        """Another server of this build (not started), at address `number` of this server's
        loopback network: 127.0.0.1's sibling 2 is 127.0.0.2."""
        network = self.host.rsplit(".", 1)[0]
        return AppServer(env, host=f"{network}.{number}", port=self.port, prebuilt=True)

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
        # The log of the server that compiled the build (another one's, when prebuilt).
        self.build_log_path = self.log_path
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


# How long a second browser-test process waits for the first one's build.
BUILD_WAIT_SECONDS = 600


def announce_build(server: AppServer, path: Path) -> None:
    """Tell a second test process that `server`'s build is ready: its port and its log."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"port": server.port, "log": str(server.log_path)}))
    temporary.replace(path)


def serve_shared_build(path: Path, env: dict[str, str]) -> AppServer:
    """An app server (not started) of the build another test process announced at `path`."""
    deadline = time.monotonic() + BUILD_WAIT_SECONDS
    while not path.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"no build was announced at {path} in {BUILD_WAIT_SECONDS}s")
        time.sleep(1)
    build = json.loads(path.read_text())
    server = AppServer(env, host="127.0.1.1", port=build["port"], prebuilt=True)
    server.build_log_path = Path(build["log"])
    return server
