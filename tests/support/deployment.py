"""The deployment kit of deploy/ run for real: Debian's nginx with the site file, app instances
with the systemd unit's command line, and a job worker, all as the current user.

nginx runs from a temporary directory (`nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'`: pid,
logs and temp files there) and never reads or touches the system's /etc/nginx besides its
mime.types. It listens on port 443 of a loopback address of its own (127.x.y.z): the compiled
frontend opens its socket at wss://<page host>/_event on the default https port (Reflex's
getBackendURL drops the build's port for an https page, "via load balancer"), so nginx must
answer on 443, and an address of its own keeps that port free of anything else on the machine.

The browser connects from 127.0.0.1; nginx connects to the instances FROM its own address
(`proxy_bind`, the one line the test adds to the site), so the instances see nginx's address as
the peer and 127.0.0.1 only in the X-Forwarded-For header nginx sets: an audit row that says
127.0.0.1 proves the header was believed from the trusted proxy and nothing else.
"""

import os
import random
import re
import shlex
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from tests.support.appserver import AppServer, free_port, reflex_env
from xplorium.config import PROJECT_ROOT

NGINX = "/usr/sbin/nginx"
SITE = PROJECT_ROOT / "deploy" / "nginx-xplorium.conf"
INSTANCE_UNIT = PROJECT_ROOT / "deploy" / "systemd" / "xplorium@.service"
WORKER_UNIT = PROJECT_ROOT / "deploy" / "systemd" / "xplorium-worker.service"
STATIC_ROOT = PROJECT_ROOT / ".web" / "build" / "client"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
START_TIMEOUT = 60
STOP_TIMEOUT = 30
TEARDOWN_GRACE = 5


def _free(address: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


def free_loopback() -> str:
    """A loopback address (not 127.0.0.x, which other tests use) whose ports 80 and 443 are free."""
    for _ in range(50):
        address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"
        if _free(address, 443) and _free(address, 80):
            return address
    raise RuntimeError(
        "no loopback address with ports 80 and 443 free (is this process allowed to bind them?)"
    )


def self_signed(directory: Path, address: str) -> tuple[Path, Path]:
    """A throwaway certificate for `address` (openssl); returns (certificate, key)."""
    cert, key = directory / "site.crt", directory / "site.key"
    subprocess.run(  # noqa: S603 - fixed argument list
        [
            "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN={address}", "-addext", f"subjectAltName=IP:{address}",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _replace(text: str, pattern: str, replacement: str, count: int = 1) -> str:
    """`text` with `pattern` (a regex) replaced; the site file must still have that shape."""
    new, found = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if found != count:
        raise AssertionError(f"{SITE.name}: expected {count} match(es) of {pattern!r}, found {found}")
    return new


def site_for(address: str, upstreams: list[str], cert: Path, key: Path, http_port: int) -> str:
    """deploy/nginx-xplorium.conf with this machine's address, certificate, build and instances."""
    text = SITE.read_text()
    servers = "".join(f"    server {upstream} max_fails=1 fail_timeout=10s;\n" for upstream in upstreams)
    text = _replace(text, r"^    server 127\.0\.0\.1:\d+ .*;\n", "", count=2)
    text = _replace(text, r"^(    keepalive \d+;)$", servers.rstrip("\n") + "\n" + r"\1")
    text = _replace(text, r"^    listen \[::\]:\d+.*\n", "", count=2)
    text = _replace(text, r"^    listen 80;$", f"    listen {address}:{http_port};")
    text = _replace(text, r"^    listen 443 ssl http2;$", f"    listen {address}:443 ssl http2;")
    text = _replace(text, r"server_name xplorium\.example;", f"server_name {address};", count=2)
    text = _replace(text, r"ssl_certificate /\S+;", f"ssl_certificate {cert};")
    text = _replace(text, r"ssl_certificate_key /\S+;", f"ssl_certificate_key {key};")
    text = _replace(text, r"^    root /\S+;$", f"    root {STATIC_ROOT};")
    # The test's only addition: connect to the instances from nginx's own address.
    return _replace(text, r"^(    proxy_http_version 1\.1;)$", r"\1" + f"\n    proxy_bind {address};")


class Nginx:
    def __init__(self, address: str, upstreams: list[str]):
        self.address = address
        self.url = f"https://{address}"
        # The redirect to https answers on a free port (a system nginx may hold port 80 everywhere).
        self.http_port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="xp-nginx-"))
        self.upstreams = upstreams
        self.process: subprocess.Popen | None = None

    def _write(self) -> Path:
        cert, key = self_signed(self.dir, self.address)
        (self.dir / "site.conf").write_text(site_for(self.address, self.upstreams, cert, key, self.http_port))
        # Run as root (./test is), nginx would switch its workers to "nobody": keep the user.
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = "".join(
            f"    {kind}_temp_path {self.dir / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        conf = self.dir / "nginx.conf"
        conf.write_text(
            f"{user}worker_processes 1;\npid {self.dir / 'nginx.pid'};\n"
            f"error_log {self.dir / 'error.log'} info;\n"
            "events { worker_connections 1024; }\n"
            "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
            f"    access_log {self.dir / 'access.log'};\n{temp}    sendfile on;\n"
            f"    include {self.dir / 'site.conf'};\n}}\n"
        )  # fmt: skip
        return conf

    def start(self) -> "Nginx":
        conf = self._write()
        command = [NGINX, "-p", str(self.dir), "-e", str(self.dir / "error.log"), "-c", str(conf)]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)  # noqa: S603
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused the site:\n{check.stderr}")
        self.process = subprocess.Popen([*command, "-g", "daemon off;"], start_new_session=True)  # noqa: S603
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited:\n{self.error_log()}")
            try:
                httpx.get(self.url + "/api/live", verify=False, timeout=2)  # noqa: S501 - own certificate
                return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"nginx did not answer:\n{self.error_log()}")

    def error_log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text()[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish the open requests
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def unit_command(unit: Path, **replace: str) -> list[str]:
    """The ExecStart of a deploy/systemd unit, with the release's paths pointing at this tree."""
    line = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
    line = line.removeprefix("ExecStart=").replace(
        "/srv/xplorium/current/.venv/bin/", f"{Path(os.sys.executable).parent}/"
    )
    for old, new in replace.items():
        line = line.replace(old, new)
    return shlex.split(line)


def production_env(address: str, extra: dict[str, str]) -> dict[str, str]:
    """What /etc/xplorium/xplorium.env says for a site at https://<address> behind nginx there."""
    return {
        "ENVIRONMENT": "production",
        "PUBLIC_BASE_URL": f"https://{address}",
        "TRUSTED_PROXIES": address,
        "LOG_LEVEL": "INFO",
        **extra,
    }


class Instance(AppServer):
    """One `xplorium@PORT.service`: the unit's command line, the backend only, on 127.0.0.1."""

    def __init__(self, address: str, env: dict[str, str], port: int | None = None):
        port = port or free_port()
        super().__init__(
            env={**production_env(address, env), "GRANIAN_WORKERS": "1"},
            port=port,
            log_path=ARTIFACTS / f"instance-{port}.log",
        )
        self.host_header = address
        self.upstream = f"127.0.0.1:{port}"

    def _command(self) -> list[str]:
        return unit_command(INSTANCE_UNIT, **{"%i": str(self.port)})

    def ready(self) -> int:
        """The instance's own /api/ready status (as a balancer's active check would ask)."""
        return httpx.get(self.url + "/api/ready", headers={"Host": self.host_header}, timeout=10).status_code

    def client(self) -> httpx.Client:
        """An HTTP client straight to this instance, under the site's host name."""
        return httpx.Client(base_url=self.url, headers={"Host": self.host_header}, timeout=10)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"instance exited early:\n{self.log_path.read_text()[-3000:]}")
            try:
                if self.ready() == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"instance did not become ready; see {self.log_path}")


class Worker:
    """`xplorium-worker.service`: `python -m xplorium.worker` with the instances' environment."""

    def __init__(self, address: str, env: dict[str, str]):
        self.env = reflex_env(production_env(address, env))
        self.log_path = ARTIFACTS / f"worker-{address}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list
            unit_command(WORKER_UNIT),
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=self.log_path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class Deployment:
    """nginx in front of `count` instances, and a worker: the site as deploy/ describes it."""

    def __init__(self, env: dict[str, str], count: int = 2, worker: bool = True):
        self.address = free_loopback()
        self.instances = [Instance(self.address, env) for _ in range(count)]
        self.worker = Worker(self.address, env) if worker else None
        self.nginx = Nginx(self.address, [i.upstream for i in self.instances])
        self.url = self.nginx.url

    def start(self) -> "Deployment":
        try:
            for instance in self.instances:
                instance.start()
            if self.worker:
                self.worker.start()
            self.nginx.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Everything told to stop at once, then waited for together (a graceful stop of an
        instance holding sockets takes seconds; one after another they added half a minute)."""
        self.nginx.stop()
        running = [
            p.process
            for p in [*self.instances, *([self.worker] if self.worker else [])]
            if p.process and p.process.poll() is None
        ]
        for process in running:
            os.killpg(process.pid, signal.SIGTERM)
        # The test is over: no need to wait out a graceful stop's drain of open sockets.
        deadline = time.monotonic() + TEARDOWN_GRACE
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def client(self) -> httpx.Client:
        """An HTTP client for the site (the test's own certificate is not verified)."""
        return httpx.Client(base_url=self.url, verify=False, timeout=10)  # noqa: S501
