"""What the benchmark ran on: CPU, memory, software versions; and the memory of processes."""

import os
import platform
import subprocess
import sys
from pathlib import Path

import redis
import sqlalchemy as sa


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def describe(engine: sa.Engine, redis_url: str) -> dict:
    with engine.connect() as conn:
        postgres = conn.execute(sa.text("SHOW server_version")).scalar_one()
        max_connections = conn.execute(sa.text("SHOW max_connections")).scalar_one()
    client = redis.Redis.from_url(redis_url)
    try:
        redis_version = client.info("server").get("redis_version", "unknown")
    finally:
        client.close()
    return {
        "cpu_model": _cpu_model(),
        "cpu_cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "postgresql": postgres,
        "postgresql_max_connections": int(max_connections),
        "redis": redis_version,
        "reflex": _package_version("reflex"),
        "granian": _package_version("granian"),
        "sqlalchemy": _package_version("sqlalchemy"),
        "psycopg": _package_version("psycopg"),
        "python_socketio": _package_version("python-socketio"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def process_tree_rss(root_pid: int) -> dict:
    """Resident memory (MiB) of every process in `root_pid`'s process group, from /proc."""
    processes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != root_pid:
                continue
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, ProcessLookupError):
            continue
        rss_kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        processes.append({"pid": int(entry.name), "rss_mib": round(rss_kib / 1024, 1), "cmd": cmdline[:120]})
    processes.sort(key=lambda p: p["pid"])
    return {"processes": processes, "total_rss_mib": round(sum(p["rss_mib"] for p in processes), 1)}


def git_revision(root: Path) -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
