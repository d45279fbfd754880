"""A PostgreSQL server of the test's own on a free port, which the test may stop (never the
shared one on 5432). PostgreSQL refuses to run as root: under root its files and processes
belong to the `postgres` user."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.appserver import free_port
from tests.support.database import create_database, migrate
from xplorium import db


def _bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return str(found[-1])


class OwnPostgres:
    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="xp-postgres-"))
        self.data = self.dir / "data"
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.running = False

    def _run(self, *command: str) -> None:
        prefix = ["/usr/sbin/runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True)  # noqa: S603

    def start(self) -> "OwnPostgres":
        if not self.data.exists():
            if os.geteuid() == 0:
                shutil.chown(self.dir, "postgres")
            self._run(_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off"
        self._run(
            _bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start"
        )
        self.running = True
        return self

    def database(self, name: str) -> str:
        """A migrated database `name` on this server; its URL."""
        create_database(self.admin_url, name)
        url = self.admin_url.rsplit("/", 1)[0] + "/" + name
        engine = db.make_engine(url)
        migrate(engine)
        engine.dispose()
        return url

    def stop(self) -> None:
        """Stop it at once (open connections are cut, as when the server goes away)."""
        if self.running:
            self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.running = False

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
