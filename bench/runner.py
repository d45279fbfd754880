"""One benchmark run: database and Redis namespace, app server(s), the scenarios, the results.

Days ahead of today keep the scenarios' bookings apart (every booking is on a distinct slot,
except the contested one):

    1-13    live fan-out and scale (inside the board's 14-day window, so boards show them)
    20-     the contested slot
    30-     booking submissions through the app (all worker counts, one after another)
    150-    the raw-psycopg baseline
    250-    bookings made in-process to count statements
"""

import asyncio
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import redis
import sqlalchemy as sa

from bench import (
    baseline,
    queries,
    scenario_booking,
    scenario_burst,
    scenario_fanout,
    scenario_floor,
    scenario_pages,
    scenario_scale,
)
from bench.admins import open_admins
from bench.client import TOKENS, ReflexClient
from bench.config import BenchConfig
from bench.machine import describe, process_tree_rss
from bench.parents import SlotPlanner, close_all
from bench.seed import Seeded
from bench.stats import ratio
from tests.support.appserver import AppServer, free_port
from xplorium.config import PROJECT_ROOT, settings

FANOUT_DAYS = (1, 13)
CONTESTED_DAY = 20
APP_BOOKING_DAY = 30
BASELINE_DAY = 150
IN_PROCESS_DAY = 250
# The app runs service calls on asyncio's default thread pool: min(32, cores + 4) threads per
# worker, 6 per worker on 2 cores; the in-process comparison of write paths uses as many.
SERVICE_THREADS = 12
# Each worker logs its event-loop lag this often (xplorium/loop_probe.py).
LOOP_PROBE_SECONDS = 2.0
# Each scenario numbers its parents from its own range, so emails differ between scenarios.
INDEX = {
    "booking": 0,
    "baseline": 100_000,
    "contested": 200_000,
    "fanout": 300_000,
    "scale": 400_000,
    "burst": 600_000,
    "floor": 700_000,
    "queries": 500_000,
}


def log(message: str) -> None:
    sys.stderr.write(f"[bench {datetime.now():%H:%M:%S}] {message}\n")
    sys.stderr.flush()


@dataclass
class Planners:
    fanout: SlotPlanner = field(default_factory=lambda: SlotPlanner(*FANOUT_DAYS))
    contested: SlotPlanner = field(default_factory=lambda: SlotPlanner(CONTESTED_DAY, APP_BOOKING_DAY - 1))
    app: SlotPlanner = field(default_factory=lambda: SlotPlanner(APP_BOOKING_DAY, BASELINE_DAY - 1))
    baseline: SlotPlanner = field(default_factory=lambda: SlotPlanner(BASELINE_DAY, IN_PROCESS_DAY - 1))
    in_process: SlotPlanner = field(default_factory=lambda: SlotPlanner(IN_PROCESS_DAY, 364))


class SmtpSinkProcess:
    """aiosmtpd's discarding Sink in its own process: the app delivers its email as in production,
    and receiving it costs this (measuring) process nothing."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.port)}

    def start(self) -> "SmtpSinkProcess":
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{self.port}",
                "-c",
                "aiosmtpd.handlers.Sink",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def run_server_scenarios(
    config: BenchConfig,
    engine: sa.Engine,
    server: AppServer,
    workers: int,
    seeded: Seeded,
    planners: Planners,
    *,
    primary: bool,
) -> dict:
    """Every scenario that needs this app server; `primary` runs the ones done once per run."""
    url, out = server.url, {"workers": workers}
    wanted = set(config.scenarios)
    out["rss_idle_mib"] = process_tree_rss(server.process.pid)["total_rss_mib"]
    asyncio.run(_warm_up(url, seeded.admin_cookies[:1]))
    if "booking" in wanted:
        log(f"[{workers} worker(s)] booking submissions: {config.parents} parents x {config.rounds} rounds")
        lag_from = log_size(server.log_path)
        out["booking"] = asyncio.run(
            scenario_booking.submissions(
                url,
                config.parents,
                config.rounds,
                planners.app,
                INDEX["booking"] + workers * 10_000,
                engine if config.server_counts else None,
            )
        )
        out["loop_lag"] = loop_lag(server.log_path, lag_from)
    if primary and "baseline" in wanted:
        log(f"baseline: {config.parents} psycopg clients x {config.rounds} rounds")
        out["baseline"] = asyncio.run(
            baseline.run_baseline(config.parents, config.rounds, planners.baseline, INDEX["baseline"])
        )
    if primary and "booking" in wanted and "baseline" in wanted and config.sequential:
        log(f"one client at a time: {config.sequential} bookings through the app, then raw psycopg")
        out["sequential"] = asyncio.run(
            scenario_booking.sequential(url, config.sequential, planners.app, INDEX["booking"] + 9_999)
        )
        out["sequential_baseline"] = asyncio.run(
            baseline.run_baseline(1, config.sequential, planners.baseline, INDEX["baseline"] + 90_000)
        )
    # The floor's handler exists only in a server started with BENCH_FLOOR=1 (ours, not the suite's).
    if primary and "floor" in wanted and server.env.get("BENCH_FLOOR") == "1":
        log(
            f"framework floor: the raw transaction in a minimal Reflex handler, 1 then {config.parents} clients"
        )
        out["floor"] = asyncio.run(
            scenario_floor.floor(
                url, config.parents, config.rounds, config.sequential, planners.baseline, INDEX["floor"]
            )
        )
    if primary and "contested" in wanted:
        log(f"contested slot: {config.contested} parents")
        out["contested"] = asyncio.run(
            scenario_booking.contested(url, config.contested, planners.contested, INDEX["contested"])
        )
        log(f"contested places: {config.contested} parents for {scenario_booking.GROUPS_LEFT} groups' places")
        out["contested_places"] = asyncio.run(
            scenario_booking.contested_places(
                url, config.contested, planners.contested, INDEX["contested"] + config.contested + 1
            )
        )
    if primary and "pages" in wanted:
        log(f"public pages: {config.page_clients} tabs x {config.page_loads} loads of each page")
        out["pages"] = asyncio.run(scenario_pages.page_loads(url, config.page_clients, config.page_loads))
    if "fanout" in wanted and config.admins:
        log(f"[{workers} worker(s)] live fan-out: {config.admins} admins, {config.fanout_bookings} bookings")
        out["fanout"] = asyncio.run(
            scenario_fanout.fanout(
                url,
                seeded.admin_cookies[: config.admins],
                config.fanout_bookings,
                planners.fanout,
                INDEX["fanout"] + workers * 10_000,
                engine if config.server_counts else None,
            )
        )
    if "burst" in wanted and config.burst_admins:
        log(
            f"[{workers} worker(s)] burst: {config.burst_rate:g} bookings/s for {config.burst_seconds:g} s, "
            f"{config.burst_admins} admins"
        )
        out["burst"] = asyncio.run(
            scenario_burst.burst(
                url,
                seeded.admin_cookies[: config.burst_admins],
                config.burst_rate,
                config.burst_seconds,
                config.burst_tabs,
                planners.app,
                INDEX["burst"] + workers * 10_000,
            )
        )
    if primary and "scale" in wanted:
        log(
            f"scale: {config.scale_parents} parents + {config.scale_admins} admins for {config.scale_seconds:.0f} s"
        )
        out["scale"] = asyncio.run(
            scenario_scale.scale(
                url,
                server.process.pid,
                config.scale_parents,
                seeded.admin_cookies[: config.scale_admins],
                config.scale_seconds,
                planners.fanout,
                INDEX["scale"],
                navigations_per_s=config.scale_navigations_per_s,
                booking_every_s=config.scale_booking_every_s,
            )
        )
    out["rss_end_mib"] = process_tree_rss(server.process.pid)["total_rss_mib"]
    return out


def run_deployment_scenarios(
    config: BenchConfig, engine: sa.Engine, seeded: Seeded, planners: Planners, server_env: dict[str, str]
) -> dict:
    """Booking and fan-out through nginx over https in front of `config.instances` instances of
    one backend worker each and a job worker: the site as deploy/ sets it up (on 127.0.0.1),
    serving the build the first server made."""
    from tests.support.deployment import Deployment

    count = config.instances
    env = {**server_env, "LOG_LEVEL": "INFO", "JOBS_WORKER_IN_APP": "false"}
    log(f"starting nginx, {count} app instances (1 worker each) and a job worker")
    began = time.perf_counter()
    site = Deployment(env=env, count=count).start()
    label = f"{count} instances x 1, nginx"
    out = {"workers": label, "instances": count, "startup_s": round(time.perf_counter() - began, 1)}
    wanted = set(config.scenarios)
    counts = engine if config.server_counts else None
    try:
        asyncio.run(_warm_up(site.url, seeded.admin_cookies[:1]))
        if "booking" in wanted:
            log(f"[{label}] booking submissions: {config.parents} parents x {config.rounds} rounds")
            out["booking"] = asyncio.run(
                scenario_booking.submissions(
                    site.url,
                    config.parents,
                    config.rounds,
                    planners.app,
                    INDEX["booking"] + 90_000,
                    counts,
                )
            )
        if "fanout" in wanted and config.admins:
            log(f"[{label}] live fan-out: {config.admins} admins, {config.fanout_bookings} bookings")
            out["fanout"] = asyncio.run(
                scenario_fanout.fanout(
                    site.url,
                    seeded.admin_cookies[: config.admins],
                    config.fanout_bookings,
                    planners.fanout,
                    INDEX["fanout"] + 90_000,
                    counts,
                )
            )
    finally:
        site.stop()
    logs = [scan_log(instance.log_path) for instance in site.instances]
    out["server_log"] = {
        key: sum(log.get(key, 0) for log in logs) for key in {k for log in logs for k in log}
    }
    return out


async def _warm_up(url: str, admin_cookies: list[str]) -> None:
    """One page load of each kind first, so the first measured request is not the process's first."""
    tabs = [ReflexClient(url, "/book", {"type": "PARTY"}, keep_messages=False), ReflexClient(url, "/")]
    for tab in tabs:
        await tab.connect()
    admins, _errors = await open_admins(url, admin_cookies)
    await close_all(tabs + [a.client for a in admins])


def log_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_FIELD = re.compile(r"(\w+)=([\d.]+)")


def loop_lag(path: Path, offset: int) -> dict:
    """How late each worker's 10 ms timer fired while a scenario ran (the app's `loop_lag`
    lines after `offset`, one per worker per period; see xplorium/loop_probe.py)."""
    try:
        with path.open("rb") as log_file:
            log_file.seek(offset)
            text = log_file.read().decode(errors="replace")
    except OSError:
        return {}
    periods = [
        {k: float(v) for k, v in _FIELD.findall(line)} for line in text.splitlines() if "loop_lag" in line
    ]
    periods = [p for p in periods if {"samples", "p50_ms", "p99_ms", "max_ms"} <= p.keys()]
    if not periods:
        return {}
    p50s = sorted(p["p50_ms"] for p in periods)
    return {
        "periods": len(periods),
        "samples": int(sum(p["samples"] for p in periods)),
        "p50_ms": p50s[len(p50s) // 2],
        "p99_ms": max(p["p99_ms"] for p in periods),
        "max_ms": max(p["max_ms"] for p in periods),
    }


def scan_log(path: Path) -> dict[str, int]:
    """What the app server complained about while the scenarios ran."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return {}
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "error_lines": sum(1 for line in text.splitlines() if "[error" in line.lower() or " ERROR " in line),
        # Reflex warns when an event kept a tab's state locked for over a second.
        "state_lock_held_too_long": text.count("was held too long"),
    }


def in_process_queries(
    config: BenchConfig, engine: sa.Engine, planners: Planners, smtp: tuple[str, int] | None
) -> dict:
    """Statement counts (and one-at-a-time service times) measured in this process, which sends
    its email to the same SMTP sink as the app."""
    log("statements per operation, counted in-process")
    previous = (settings.smtp_host, settings.smtp_port)
    if smtp is not None:
        settings.smtp_host, settings.smtp_port = smtp
    try:
        return {
            "smtp_delivery_ms": queries.smtp_delivery(config.query_samples),
            "defer_ms": queries.defer_cost(config.query_samples),
            "worker_delivery": queries.worker_delivery(config.delivery_count),
            "create_booking": queries.service_statements(
                engine, planners.in_process, INDEX["queries"], config.query_samples
            ),
            "create_booking_stepwise": queries.service_statements(
                engine, planners.in_process, INDEX["queries"] + 500, config.query_samples, at_once=False
            ),
            "concurrent": queries.service_concurrency(
                planners.in_process, INDEX["queries"] + 1_000, SERVICE_THREADS, config.service_rounds
            ),
            "submit_handler": queries.submit_statements(engine, planners.in_process, INDEX["queries"] + 900),
            "on_load_warm": queries.on_load_statements(engine),
            "board_snapshot": queries.board_statements(engine),
            "limits": {"booking": queries.BOOKING_QUERY_LIMIT, "on_load": queries.ON_LOAD_QUERY_LIMIT},
        }
    finally:
        settings.smtp_host, settings.smtp_port = previous


def headline(results: dict) -> dict:
    """Our submit latency and throughput against the raw-psycopg baseline, same run."""
    servers = results.get("servers", [])
    base = next((s["baseline"] for s in servers if "baseline" in s), None)
    ours = next((s for s in servers if "baseline" in s and "booking" in s), None)
    if not base or not ours:
        return {}
    booking = ours["booking"]
    sequential = None
    if ours.get("sequential") and ours.get("sequential_baseline"):
        app, raw = ours["sequential"]["latency_ms"], ours["sequential_baseline"]["latency_ms"]
        sequential = {
            "bookings": ours["sequential"]["bookings"],
            "app_latency_ms": app,
            "baseline_latency_ms": raw,
            "latency_ratio": {
                k: ratio(app.get(k, float("nan")), raw.get(k, float("nan"))) for k in ("p50", "p95")
            },
        }
    return {
        "sequential": sequential,
        "workers": ours["workers"],
        "clients": booking["parents"],
        "app_latency_ms": booking["latency_ms"],
        "baseline_latency_ms": base["latency_ms"],
        "latency_ratio": {
            key: ratio(
                booking["latency_ms"].get(key, float("nan")), base["latency_ms"].get(key, float("nan"))
            )
            for key in ("p50", "p95", "p99")
        },
        "app_throughput_per_s": booking["throughput_per_s"],
        "baseline_throughput_per_s": base["throughput_per_s"],
        "throughput_ratio": ratio(booking["throughput_per_s"], base["throughput_per_s"]),
    }


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def forget_redis(prefix: str | None) -> int:
    """Delete this run's keys: its namespace and the state of every tab it opened."""
    client = redis.Redis.from_url(settings.redis_url)
    doomed = []
    try:
        for key in client.scan_iter(count=2000):
            text = key.decode(errors="replace")
            if prefix and text.startswith(prefix):
                doomed.append(key)
                continue
            match = _UUID.search(text)
            if match and match.group(0) in TOKENS:
                doomed.append(key)
        for start in range(0, len(doomed), 500):
            client.delete(*doomed[start : start + 500])
    finally:
        client.close()
    return len(doomed)


def execute(
    config: BenchConfig,
    engine: sa.Engine,
    seeded: Seeded,
    *,
    server: AppServer | None = None,
    server_env: dict[str, str] | None = None,
    smtp: tuple[str, int] | None = None,
) -> dict:
    """Run the scenarios; with `server`, against it only (the test suite's), else start our own."""
    started = time.perf_counter()
    results: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": config.as_dict(),
        "machine": describe(engine, settings.redis_url),
        "data": {
            "history_bookings": seeded.history_bookings,
            "history_customers": seeded.history_customers,
            "admins": len(seeded.admin_cookies),
        },
        "servers": [],
    }
    planners = Planners()
    if server is not None:
        workers = int(server.env.get("GRANIAN_WORKERS", "0") or 0)
        results["servers"].append(
            run_server_scenarios(config, engine, server, workers, seeded, planners, primary=True)
        )
    else:
        port = free_port()
        for n, workers in enumerate(config.workers):
            env = {
                **(server_env or {}),
                "GRANIAN_WORKERS": str(workers),
                "LOG_LEVEL": "INFO",
                "LOOP_PROBE_SECONDS": str(LOOP_PROBE_SECONDS),
                "BENCH_FLOOR": "1" if "floor" in config.scenarios else "0",
            }
            own = AppServer(
                env=env,
                port=port,
                prebuilt=n > 0,
                log_path=PROJECT_ROOT / "test-artifacts" / f"bench-{workers}w.log",
            )
            log(f"starting the app ({workers} worker(s), {'prebuilt' if n else 'production build'})")
            began = time.perf_counter()
            own.start()
            startup = round(time.perf_counter() - began, 1)
            try:
                out = run_server_scenarios(
                    config, engine, own, workers, seeded, planners, primary=n == len(config.workers) - 1
                )
            finally:
                own.stop()
            out["startup_s"] = startup
            out["log"] = str(own.log_path)
            out["server_log"] = scan_log(own.log_path)
            results["servers"].append(out)
        if config.instances > 1:
            results["servers"].append(
                run_deployment_scenarios(config, engine, seeded, planners, server_env or {})
            )
    if "queries" in config.scenarios:
        results["queries"] = in_process_queries(config, engine, planners, smtp)
    results["headline"] = headline(results)
    results["duration_s"] = round(time.perf_counter() - started, 1)
    return results
