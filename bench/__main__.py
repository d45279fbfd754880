"""`python -m bench` (or `./bench/run`): the whole benchmark, start to finish. See docs/PERFORMANCE.md."""

import argparse
import json
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench import environment

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "PERFORMANCE.md"


def parse(argv: list[str]):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--short", action="store_true", help="tiny sizes, one server: a correctness check (CI)"
    )
    parser.add_argument("--parents", type=int, help="parents submitting bookings at once (default 50)")
    parser.add_argument("--rounds", type=int, help="bookings per parent (default 4)")
    parser.add_argument("--admins", type=int, help="admin boards in the fan-out test (default 20)")
    parser.add_argument("--fanout-bookings", type=int, help="bookings timed to every board (default 20)")
    parser.add_argument("--burst-rate", type=float, help="bookings a second in the burst (default 20)")
    parser.add_argument("--burst-seconds", type=float, help="how long the burst lasts (default 60)")
    parser.add_argument("--burst-admins", type=int, help="admin boards watching the burst (default 20)")
    parser.add_argument("--page-clients", type=int, help="tabs loading public pages (default 20)")
    parser.add_argument("--page-loads", type=int, help="loads of each page per tab (default 10)")
    parser.add_argument("--contested", type=int, help="parents on one slot (default 50)")
    parser.add_argument("--scale-parents", type=int, help="parents' tabs open at once (default 1000)")
    parser.add_argument("--scale-admins", type=int, help="admins' boards open at once (default 50)")
    parser.add_argument("--scale-seconds", type=float, help="how long everyone stays connected (default 60)")
    parser.add_argument(
        "--history", type=int, dest="history_bookings", help="past bookings seeded (default 5000)"
    )
    parser.add_argument("--workers", help="backend worker counts, comma-separated (default 1,2)")
    parser.add_argument(
        "--instances",
        type=int,
        help="also run booking and fan-out through nginx in front of this many app instances (e.g. 2)",
    )
    parser.add_argument(
        "--only",
        help="scenarios to run, comma-separated (booking,baseline,contested,pages,fanout,burst,scale,queries)",
    )
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/PERFORMANCE.md")
    parser.add_argument(
        "--doc-from", metavar="JSON", help="only rewrite docs/PERFORMANCE.md from a saved results file"
    )
    return parser.parse_args(argv)


def build_config(args):
    from bench.config import DEFAULT, SHORT

    config = SHORT if args.short else DEFAULT
    changes = {
        name: getattr(args, name)
        for name in (
            "parents",
            "rounds",
            "admins",
            "fanout_bookings",
            "burst_rate",
            "burst_seconds",
            "burst_admins",
            "page_clients",
            "page_loads",
            "contested",
            "scale_parents",
            "scale_admins",
            "scale_seconds",
            "history_bookings",
            "instances",
        )
        if getattr(args, name) is not None
    }
    if args.workers:
        changes["workers"] = tuple(int(w) for w in args.workers.split(","))
    if args.only:
        changes["scenarios"] = tuple(s.strip() for s in args.only.split(",") if s.strip())
    config = replace(config, **changes)
    config.check()
    return config


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    env = environment.prepare()  # before anything imports xplorium
    if args.doc_from:
        from bench import report

        DOC.write_text(report.document(json.loads(Path(args.doc_from).read_text())))
        return 0
    config = build_config(args)

    from bench import report, runner, seed
    from tests.support.database import create_database, drop_database, migrate
    from xplorium import db
    from xplorium.config import settings

    runner.log(f"database {env.database}, Redis namespace {env.redis_prefix}")
    create_database(environment.PG_ADMIN_URL, env.database)
    engine = db.make_engine(settings.database_url)
    sink = None
    try:
        migrate(engine)
        db.set_engine(engine)
        runner.log(f"seeding {config.history_bookings} past bookings and the catalog")
        seeded = seed.seed(
            config.history_bookings,
            config.history_customers,
            max(config.admins, config.burst_admins, config.scale_admins),
        )
        sink = runner.SmtpSinkProcess().start()
        results = runner.execute(config, engine, seeded, server_env=sink.env, smtp=("127.0.0.1", sink.port))
    finally:
        if sink is not None:
            sink.stop()
        engine.dispose()
        drop_database(environment.PG_ADMIN_URL, env.database)
        runner.forget_redis(env.redis_prefix)

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-{'short' if config.short else 'full'}.json"
    results["revision"] = report.revision()
    path.write_text(json.dumps(results, indent=2, default=str))
    tables = report.markdown(results)
    if config.short or args.no_doc:
        sys.stdout.write(tables + "\n")
    else:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(report.document(results))
        runner.log(f"wrote {DOC.relative_to(ROOT)}")
    runner.log(f"results: {path.relative_to(ROOT)}")
    problems = report.problems(results)
    for problem in problems:
        runner.log(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
