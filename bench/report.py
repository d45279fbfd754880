"""Results as Markdown: the tables, the machine, and docs/PERFORMANCE.md around them."""

from bench.machine import git_revision
from bench.queries import BOOKING_QUERY_LIMIT, ON_LOAD_QUERY_LIMIT
from bench.stats import ratio

HEADER = """\
# Performance

## Running the benchmark

```bash
./bench/run            # the full run: 4-6 minutes on a 2-core machine; rewrites this file
./bench/run --short    # tiny sizes, one server: a correctness check (what CI runs, see below)
./bench/run --help     # every size can be changed, e.g. --parents 100 --scale-seconds 30
```

`./bench/run` is `python -m bench` in the project's virtualenv. It needs what the tests need:
PostgreSQL and Redis on 127.0.0.1 (`XP_BENCH_PG_URL`, `XP_BENCH_REDIS_URL` override the
defaults `postgresql+psycopg://postgres@127.0.0.1:5432/postgres` and `redis://127.0.0.1:6379/0`),
and bun for the production build, which `./bench/run` installs like `./test` does. It:

1. creates a fresh PostgreSQL database (`xp_bench_<pid>_<random>`), migrates it with Alembic and
   seeds the published catalog, a year of history and signed-in admins; uses a fresh Redis
   namespace (`xpbench:<run>:`); starts a local SMTP sink, so the app sends its email as in
   production;
2. builds and starts the production app (`reflex run --env prod --single-port`, as the browser
   tests do) with 1 backend worker, runs the scenarios, stops it; then serves the same build
   with 2 workers (`GRANIAN_WORKERS`) and runs them again; with `--instances 2`, it then runs
   the booking and fan-out scenarios once more through nginx over https (the site of
   `deploy/`, see docs/DEPLOY.md) in front of two app instances of one worker each and a
   separate job worker, on a loopback address of its own (tests/support/deployment.py): the
   rows labelled "2 instances x 1, nginx";
3. drops the database and deletes its Redis keys, writes the raw results to
   `bench/results/<time>-full.json` (git-ignored) and this file.

Everything connects only to 127.0.0.1, every load is bounded in count and in time, and the exit
status is non-zero when a correctness check fails (an error, a lost board update, a second
booking on the contested slot, a handler over its query budget).

The short mode also runs inside the test suite, on the suite's own app server and database:
`tests/e2e/test_bench_short.py` asserts correctness and statement counts, never times.

### What is measured

| # | scenario | how |
|---|---|---|
| 1 | booking submissions | N parents, each a python-socketio `AsyncClient` speaking Reflex's event protocol (no browser), open `/book?type=...`; per round every parent picks a new distinct slot (`choose_day`, `choose_time`), then all press "Book" (`submit`) at the same moment. Latency: from handing `submit` to the socket to the delta that ends it (the confirmation). Throughput: bookings / wall time of the submit rounds. |
| 2 | baseline | the same bookings (same validated rows, same ledger read, customer upsert, booking insert, room holds insert whose trigger books the ledger, and audit insert, one transaction) written with raw psycopg from the same number of concurrent connections, in the same rounds. **Headline: our latency and throughput as a ratio to it.** |
| 3 | live fan-out | M admins with signed-in sessions (cookie in the socket handshake) open `/admin/board` and join the live board; parents book one at a time; for every booking and every admin, the delay from the booking's commit (its `created_at`, stamped inside the transaction; same clock) to that admin's socket receiving the board delta naming it; PostgreSQL's count of server transactions per booking. With 1 and with 2 backend workers. |
| 4 | public pages | tabs navigate between `/`, `/pricing` and `/events` (the router's `on_load_internal` event) with a warm cache; latency from sending it to the delta that ends the load. |
| 5 | contested slot | K parents choose the same slot and submit at once: exactly one booking must exist, the others must be told "taken"; time until every parent has an answer. |
| 6 | scale | 1,000 parents' tabs and 50 admins' boards connected at once for a bounded time, while parents browse (10 navigations/s) and one books every 2 s; errors, dropped sockets, the backend's resident memory (all its processes, from /proc) and the fan-out delay under that load. |
| 7 | burst | parents book at a steady rate (20/s by default) for a while on a pool of tabs while admin boards watch; per booking and board the lag from its commit to the board push that carried it (each push lists the bookings it is the first to carry), and the drain: from the last commit until every board has it. |
| 8 | framework floor | the baseline's transaction inside a minimal async Reflex handler on the same server (bench/floor.py, loaded only with BENCH_FLOOR=1), one client at a time and N at once, beside the app's submit and raw psycopg: what of a submit is Reflex, what is ours. |
| – | event-loop lag | every backend worker times a 10 ms timer while the booking submissions run (xplorium/loop_probe.py, LOOP_PROBE_SECONDS): how late it fires is how long something held the loop. |

Statements per operation are counted in the benchmark's own process with SQLAlchemy's
`before_cursor_execute` event (the app server is another process): `create_booking`, the
`/book` page's `submit` handler and the public pages' on_load handlers run in-process on the
same database and the same warm Redis cache, as the backend runs them. SAVEPOINTs count;
the pool's pre-ping and the implicit BEGIN/COMMIT do not. The test suite enforces the same
budget (at most 3 statements for a booking submit and for a public page's on_load).

The load generator runs on the same 2 cores as the app, PostgreSQL and Redis (and, on the
development machines, whatever else is running: see the load average below), so absolute
numbers are pessimistic and comparisons within one run (app vs baseline, 1 vs 2 workers)
are what the figures are for. The simulated tabs hydrate without the compiled page's state
hashes, so each connect receives the full state (~15 KB): connects are slightly pessimistic too.

## What the numbers say

Read with the tables of the latest run below. The figures quoted here are from the run of
2026-11-25 17:03 UTC; five full runs that day on the shared machine put the headline
latency ratio between 3× and 12× and the baseline between 95 and 350 bookings/s, so trust
the shape more than the decimals.

- **Statements.** A booking costs 2 statements (the ledger read of its rooms' slots, then one
  statement of data-modifying CTEs for customer, booking, room holds, audit entry and staff
  notifications; the holds' trigger books the ledger inside it); step by step it takes one
  statement per row ("step by step" in the table). Before rooms (issue 11) it was 3, with a per-type advisory lock. With the database
  on localhost a round trip costs ~0.1 ms, so the saving hardly shows in time here (one at a
  time 25 vs 30 ms, 12 at once 52 vs 46 bookings/s in-process, within the run-to-run noise):
  Python dominates. What it saves is six round trips per booking, all under the type's lock,
  which counts once the database is across a network. Public on_load handlers cost 0
  statements on a warm cache; the live board costs 1 query per change, whatever the number
  of admins.
- **Every `session_scope()` is two server transactions**: SQLAlchemy's pool pre-ping (the
  psycopg dialect pings in autocommit) and the transaction itself. That is why a parent's
  booking flow shows ~6 server transactions for 3 scopes (the day's availability, the
  booking, the board rebuild).
- **The headline ratio is the whole stack, and under load mostly queueing.** One client at a
  time a submit is answered in ~30 ms where the bare transaction takes ~6 ms: validation,
  the Redis rate limiter, Reflex loading and saving the tab's state in Redis for every event
  (the submit also yields once to show its spinner), the hop to a worker thread, queuing
  the confirmation email's job (a job worker sends it later), and the websocket. With 50 parents at once (p50 ~0.8 s
  against ~0.07 s, measured before rooms, when bookings of one type were serialised by an
  advisory lock; bookings now queue only on the ledger rows of the slots they share); each backend worker runs blocking service calls on asyncio's default thread
  pool, min(32, cores + 4) = 6 threads here, so at most 6 bookings per worker are in progress
  and the rest wait; and the Python work competes for the GIL with the event loop,
  on the same 2 cores as PostgreSQL, Redis and the 50 simulated parents. A waiting submit
  keeps its tab's state locked (it is not a background event), so Reflex logs "state lock
  held too long" for submits over 1 s (the machine table counts them; all but one were
  `BookingState.submit`, the other a board push).
- **The board's fan-out costs the same whatever the number of admins** (since issue 13;
  before, Reflex's shared state updated each linked tab separately and re-checked every
  admin's session with its own transaction on the event loop: 45 server transactions per
  booking with 20 admins). Each backend worker now rebuilds the board at most 4 times a
  second however many bookings arrive (coalesced, versioned pushes), checks all its
  watchers' sessions in one query, and sends one socket.io room message (encoded once) to
  all its boards, straight to their sockets (xplorium/live.py). See the fan-out and burst
  tables for this run's figures.
- **Live board under load (issue 13; short runs of 2026-12-01, 2 workers, load average 9-14
  on the 2 cores from other work, so the times are pessimistic).** Fan-out, bookings one at
  a time: 5 boards p50 146 ms / p95 754 ms, 50 boards p50 260 ms / p95 782 ms from commit;
  server transactions per booking 10.1 with 5 boards (all on one worker) and 14.0 with 50
  (on both workers): the board adds a rebuild per *worker* with boards open (the snapshot
  and one session check for all its watchers), not per admin (before: 45 with 20 admins).
  Burst, 20 bookings/s wanted for 15 s with 20 boards: the app took 11/s on that machine;
  every board caught up (drain 0.65 s after the last commit), pushes ~1.3 per board per
  second carrying ~10 bookings each, board lag p50 1.2 s / p95 2.3 s, above the 1 s goal
  there because one push (query, session check, encoding) took 0.2-1.1 s on the starved
  CPU (40-60 ms when the machine was quieter). Event-loop lag while 20 parents submitted:
  p50 0.6 ms, but p99 615 ms / max 1.4 s in the worst 2-second period, with the machine at
  load 9; no handler runs a query on the loop any more (tests/state/test_calls_everywhere.py), so
  what remains is CPU starvation and Reflex's own work per event (state pickling, deltas).
  Framework floor (the raw transaction in a minimal Reflex handler): one client at a time
  app 110 ms vs floor 89 ms vs raw 36 ms (app ÷ floor 1.24 at p50); 20 at once 1.29 s vs
  0.98 s vs 0.26 s (1.31 at p50, 2.55 at p95). Reflex itself is most of the gap to raw
  psycopg; ours is within ~1.3× of the floor at p50, not yet at p95 under concurrency.
- **A second worker** did not raise booking throughput in this run (42 → 36 bookings/s), nor
  in three of the other four; once it did (50 → 71). The 2 cores are shared with PostgreSQL,
  Redis and the load generator, and with 2 workers about half the board updates cross to
  the other worker through Redis (fan-out p50 97 → 148 ms).
- **Memory**: ~390 MiB for the idle app (2 workers), ~600 MiB with 1,050 tabs connected:
  roughly 0.2 MiB per tab.

Left for the owners of those parts (not changed by the benchmark): a larger or dedicated
thread pool for service calls.

## Several instances behind nginx

`./bench/run --instances 2` adds rows labelled "2 instances x 1, nginx" to the booking and
fan-out tables: the same scenarios through nginx over https (deploy/nginx-xplorium.conf, TLS
included) in front of two app processes of one backend worker each, sharing PostgreSQL and
Redis, with the job worker as a process of its own. A bounded run of 2026-12-01 21:10 UTC on
the shared 2-core machine, 127.0.0.1 only (`./bench/run --instances 2 --only booking,fanout
--workers 1,2 --parents 10 --rounds 2 --admins 5 --fanout-bookings 5 --history 300 --no-doc`;
other sessions were using the machine, load average 21 at the start, so read the figures as
"no worse", not as a speed-up):

| | booked | p50 submit ms | p95 submit ms | bookings/s | fan-out p50 ms | fan-out p95 ms | missed |
|---|---:|---:|---:|---:|---:|---:|---:|
| 1 instance, 1 worker | 20 / 20 | 1,417 | 2,047 | 5.7 | 226 | 769 | 0 |
| 1 instance, 2 workers | 20 / 20 | 1,520 | 3,538 | 3.9 | 309 | 635 | 0 |
| 2 instances x 1 worker, nginx | 20 / 20 | 592 | 996 | 12.5 | 161 | 222 | 0 |

Every booking and every board delivery arrived in all three set-ups (5 boards, split 3 + 2
over the two instances); nginx and TLS add no visible cost next to the app's own work, and a
change crossing to the other instance through Redis reaches its boards as fast as one on the
same process.
"""


def revision() -> str:
    from bench.__main__ import ROOT

    return git_revision(ROOT)


def _ms(summary: dict | None, key: str) -> str:
    if not summary or key not in summary:
        return "–"
    return f"{summary[key]:,.1f}"


def _x(value) -> str:
    return "–" if value is None else f"{value:.2f}×"


def machine_table(results: dict) -> str:
    m = results["machine"]
    config = results["config"]
    servers = results.get("servers", [])
    workers = ", ".join(str(s["workers"]) for s in servers)
    rows = [
        ("CPU", f"{m['cpu_model']}, {m['cpu_cores']} cores"),
        ("Memory", f"{m['memory_gib']} GiB"),
        ("OS", m["os"]),
        ("Python", m["python"]),
        ("PostgreSQL", f"{m['postgresql']} (max_connections {m['postgresql_max_connections']})"),
        ("Redis", m["redis"]),
        ("Reflex / Granian", f"{m['reflex']} / {m['granian']}"),
        (
            "SQLAlchemy / psycopg / python-socketio",
            f"{m['sqlalchemy']} / {m['psycopg']} / {m['python_socketio']}",
        ),
        ("Backend workers", workers),
        ("App DB pool per worker", "10 + 20 overflow, pre-ping"),
        ("Load average at start", ", ".join(str(x) for x in m["load_average_at_start"])),
        (
            "App server logs",
            "; ".join(
                f"{s['workers']} worker(s): {log.get('tracebacks', 0)} tracebacks, {log.get('error_lines', 0)} errors, "
                f'{log.get("state_lock_held_too_long", 0)} "state lock held too long" warnings'
                for s in servers
                if (log := s.get("server_log")) is not None
            )
            or "–",
        ),
        (
            "Data",
            f"{results['data']['history_bookings']:,} past bookings, "
            f"{results['data']['history_customers']:,} customers, published catalog",
        ),
        (
            "Sizes",
            f"{config['parents']} parents × {config['rounds']} rounds; baseline same; "
            f"{config['admins']} admins × {config['fanout_bookings']} fan-out bookings; "
            f"{config['page_clients']} tabs × {config['page_loads']} loads per page; "
            f"{config['contested']} on one slot; scale {config['scale_parents']:,} parents + "
            f"{config['scale_admins']} admins for {config['scale_seconds']:.0f} s",
        ),
    ]
    lines = ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines)


def headline_table(results: dict) -> str:
    h = results.get("headline") or {}
    if not h:
        return "_No headline: the booking and baseline scenarios did not both run._"
    lines = [
        f"{h['clients']} concurrent clients, {h['workers']} backend worker(s):",
        "",
        "| | app (socket → confirmation) | baseline (raw psycopg transaction) | app / baseline |",
        "|---|---:|---:|---:|",
    ]
    for key in ("p50", "p95", "p99"):
        lines.append(
            f"| latency {key} (ms) | {_ms(h['app_latency_ms'], key)} | {_ms(h['baseline_latency_ms'], key)} "
            f"| {_x(h['latency_ratio'].get(key))} |"
        )
    lines.append(
        f"| throughput (bookings/s) | {h['app_throughput_per_s']:,.1f} | {h['baseline_throughput_per_s']:,.1f} "
        f"| {_x(h['throughput_ratio'])} |"
    )
    alone = h.get("sequential")
    if alone:
        lines += [
            "",
            f"One client at a time ({alone['bookings']} bookings in a row, nothing else running):",
            "",
            "| | app | baseline | app / baseline |",
            "|---|---:|---:|---:|",
        ]
        for key in ("p50", "p95"):
            lines.append(
                f"| latency {key} (ms) | {_ms(alone['app_latency_ms'], key)} "
                f"| {_ms(alone['baseline_latency_ms'], key)} | {_x(alone['latency_ratio'].get(key))} |"
            )
    return "\n".join(lines)


def booking_table(results: dict) -> str:
    lines = [
        "| workers | booked | errors | p50 ms | p95 ms | p99 ms | max ms | bookings/s "
        "| server transactions per booking |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for server in results.get("servers", []):
        b = server.get("booking")
        if not b:
            continue
        per = b.get("server_transactions_per_booking")
        lines.append(
            f"| {server['workers']} | {b['booked']} / {b['attempted']} | {b['errors']} | {_ms(b['latency_ms'], 'p50')} "
            f"| {_ms(b['latency_ms'], 'p95')} | {_ms(b['latency_ms'], 'p99')} | {_ms(b['latency_ms'], 'max')} "
            f"| {b['throughput_per_s']:,.1f} | {'–' if per is None else per} |"
        )
        base = server.get("baseline")
        if base:
            lines.append(
                f"| baseline | {base['booked']} / {base['clients'] * base['rounds']} | {base['errors']} "
                f"| {_ms(base['latency_ms'], 'p50')} | {_ms(base['latency_ms'], 'p95')} "
                f"| {_ms(base['latency_ms'], 'p99')} | {_ms(base['latency_ms'], 'max')} "
                f"| {base['throughput_per_s']:,.1f} | 1 |"
            )
    lines += [
        "",
        "Server transactions per booking are PostgreSQL's own counts (`pg_stat_database`) over the "
        "rounds, divided by the bookings: the whole flow of a parent (choosing the day loads its "
        "availability, the submit, the live board's rebuild), plus the connection pool's pre-pings.",
    ]
    per_room = [
        f"{server['workers']} workers: "
        + ", ".join(
            f"{room} {rate:,.1f}/s" for room, rate in sorted(server["booking"]["per_room_per_s"].items())
        )
        for server in results.get("servers", [])
        if server.get("booking", {}).get("per_room_per_s")
    ]
    if per_room:
        lines += [
            "",
            "Throughput per room (bookings that held it, per second of submit rounds): "
            + "; ".join(per_room)
            + ".",
        ]
    return "\n".join(lines)


def queries_table(results: dict) -> str:
    q = results.get("queries")
    if not q:
        return "_Not run._"
    service = q["create_booking"]
    submit = q["submit_handler"]
    lines = [
        "| operation | statements | budget |",
        "|---|---:|---:|",
        f"| `create_booking` (service, warm cache) | {service['per_booking']} "
        f"(`{' · '.join(service['statements'])}`) | {BOOKING_QUERY_LIMIT} |",
    ]
    stepwise = q.get("create_booking_stepwise")
    if stepwise:
        lines.append(
            f"| `create_booking` written step by step (SQLite's way; PostgreSQL's before issue 8) "
            f"| {stepwise['per_booking']} (`{' · '.join(stepwise['statements'])}`) | – |"
        )
    lines += [
        f"| `/book` `submit` handler | {submit['per_submit']} | {BOOKING_QUERY_LIMIT} |",
    ]
    for path, count in q["on_load_warm"].items():
        lines.append(f"| on_load of `{path}` (warm cache) | {count} | {ON_LOAD_QUERY_LIMIT} (target 0) |")
    lines.append(
        f"| board rebuild after a change (once, whatever the number of admins) | {q['board_snapshot']} | – |"
    )
    base = next((s["baseline"] for s in results.get("servers", []) if "baseline" in s), None)
    if base:
        lines.append(f"| baseline transaction (raw psycopg) | {base['statements_per_booking']} | – |")
    if stepwise and service.get("latency_ms") and stepwise.get("latency_ms"):
        lines += [
            "",
            f"One `create_booking` at a time in this process: p50 {_ms(service['latency_ms'], 'p50')} ms "
            f"written in one statement, p50 {_ms(stepwise['latency_ms'], 'p50')} ms step by step "
            f"({service['samples']} bookings each; validation, rate limit, lock, check, write, commit "
            "and queuing the confirmation email's job included).",
        ]
    concurrent = q.get("concurrent") or {}
    fast, slow = concurrent.get("at_once"), concurrent.get("stepwise")
    if fast and slow:
        lines += [
            "",
            f"{fast['threads']} `create_booking` calls at once in this process ({fast['bookings']} bookings per "
            "way of writing, in alternating rounds; all four booking types, each on slots of its own):",
            "",
            "| written | p50 ms | p95 ms | bookings/s |",
            "|---|---:|---:|---:|",
            f"| in one statement (2 statements) | {_ms(fast['latency_ms'], 'p50')} "
            f"| {_ms(fast['latency_ms'], 'p95')} | {fast['throughput_per_s']:,.1f} |",
            f"| step by step (one statement per row) | {_ms(slow['latency_ms'], 'p50')} "
            f"| {_ms(slow['latency_ms'], 'p95')} | {slow['throughput_per_s']:,.1f} |",
        ]
    defer = q.get("defer_ms")
    if defer and defer.get("count"):
        lines += [
            "",
            f"Email jobs: deferring one (an INSERT into procrastinate's queue through the booking's own "
            f"transaction) adds p50 {_ms(defer, 'p50')} ms (p95 {_ms(defer, 'p95')} ms) per email to a "
            "booking submit; a booking defers the parent's confirmation and one job per staff member "
            "who asked for email. Delivery happens later, in the job workers.",
        ]
    delivery = q.get("worker_delivery")
    if delivery and delivery.get("count"):
        lines += [
            "",
            f"Job worker: {delivery['delivered']} of {delivery['count']} emails committed at once were "
            f"delivered to the local SMTP sink in {delivery['seconds']} s: {delivery['per_second']} "
            f"messages per second (one worker running {delivery['concurrency']} jobs at once; each "
            "message is one SMTP connection and two short transactions).",
        ]
    smtp = q.get("smtp_delivery_ms")
    if smtp and smtp.get("count"):
        lines += [
            "",
            f"Email: handing one message to the local SMTP sink takes p50 {_ms(smtp, 'p50')} ms "
            f"(p95 {_ms(smtp, 'p95')} ms), in a job worker after the commit (services/mail.py): "
            "not part of a submit's latency.",
        ]
    return "\n".join(lines)


def fanout_table(results: dict) -> str:
    lines = [
        "| workers | admins (per worker) | bookings | deliveries (in a later delta) | missed | p50 ms | p95 ms | max ms "
        "| first admin p50 | last admin p50 | p50 from parent's confirmation | server transactions per booking |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for server in results.get("servers", []):
        f = server.get("fanout")
        if not f:
            continue
        split = ", ".join(str(v) for v in f.get("admins_per_worker", {}).values())
        d = f["delay_from_commit_ms"]
        per = f.get("server_transactions_per_booking")
        lines.append(
            f"| {server['workers']} | {f['admins_joined']} ({split}) | {f['bookings']} "
            f"| {f['deliveries']} ({f.get('coalesced_deliveries', 0)}) "
            f"| {f['missed_deliveries']} | {_ms(d, 'p50')} | {_ms(d, 'p95')} | {_ms(d, 'max')} "
            f"| {_ms(f.get('first_admin_ms'), 'p50')} | {_ms(f.get('last_admin_ms'), 'p50')} "
            f"| {_ms(f['delay_from_parent_confirmation_ms'], 'p50')} | {'–' if per is None else per} |"
        )
    lines += [
        "",
        "Bookings are made one at a time (a pause between them), each by a parent on its own tab. "
        '"First/last admin": per booking, when the first and the last of the boards had it.',
    ]
    return "\n".join(lines)


def burst_table(results: dict) -> str:
    lines = [
        "| workers | admins | wanted /s | booked (achieved /s) | board lag p50 / p95 / max ms | drain ms "
        "| pushes per board per s | caught up | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    rows = 0
    for server in results.get("servers", []):
        b = server.get("burst")
        if not b:
            continue
        rows += 1
        lag, drain = b["board_lag_ms"], b["drain_ms"]
        lines.append(
            f"| {server['workers']} | {b['admins_joined']} | {b['rate_per_s']:g} for {b['seconds']:g} s "
            f"| {b['booked']} ({b['achieved_per_s']}) | {_ms(lag, 'p50')} / {_ms(lag, 'p95')} / {_ms(lag, 'max')} "
            f"| {_ms(drain, 'max')} | {b['pushes_per_board_per_s']} | {'yes' if b['caught_up'] else '**NO**'} "
            f"| {b['errors']} |"
        )
    if not rows:
        return "_Not run._"
    lines += [
        "",
        "Board lag: per booking and board, from the booking's commit to the push that carried it "
        "(each push lists the bookings it is the first to carry). Drain: from the last booking's "
        "commit until every board had a version read after its confirmation. Goals: lag p95 < 1 s, "
        "drain < 1 s.",
    ]
    return "\n".join(lines)


def floor_table(results: dict) -> str:
    server = next((s for s in results.get("servers", []) if "floor" in s), None)
    if not server:
        return "_Not run._"
    f = server["floor"]
    rows = [
        (
            "one client at a time",
            server.get("sequential", {}).get("latency_ms"),
            f["sequential_latency_ms"],
            server.get("sequential_baseline", {}).get("latency_ms"),
        ),
        (
            f"{f['clients']} clients at once",
            server.get("booking", {}).get("latency_ms"),
            f["latency_ms"],
            server.get("baseline", {}).get("latency_ms"),
        ),
    ]
    lines = [
        "| | app submit p50 / p95 ms | floor: raw transaction in a Reflex handler p50 / p95 ms "
        "| raw psycopg p50 / p95 ms | app ÷ floor (p50, p95) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, app, floor, raw in rows:
        ratios = ", ".join(
            str(ratio(app.get(k, float("nan")), floor.get(k, float("nan")))) if app and floor else "–"
            for k in ("p50", "p95")
        )
        lines.append(
            f"| {label} | {_ms(app, 'p50')} / {_ms(app, 'p95')} | {_ms(floor, 'p50')} / {_ms(floor, 'p95')} "
            f"| {_ms(raw, 'p50')} / {_ms(raw, 'p95')} | {ratios} |"
        )
    lines += [
        "",
        f"The floor (bench/floor.py, loaded only with BENCH_FLOOR=1) is the baseline's transaction in a "
        f"minimal async Reflex handler on the same server: its cost over raw psycopg is Reflex's (socket, "
        f"event, the tab's state in Redis); the app's cost over the floor is ours. Goal: app ÷ floor ≤ 1.3. "
        f"{f['errors']} errors.",
    ]
    return "\n".join(lines)


def loop_lag_table(results: dict) -> str:
    lines = [
        "| workers | periods (2 s each, per worker) | timer firings | late p50 ms | late p99 ms | late max ms |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    rows = 0
    for server in results.get("servers", []):
        lag = server.get("loop_lag")
        if not lag:
            continue
        rows += 1
        lines.append(
            f"| {server['workers']} | {lag['periods']} | {lag['samples']:,} | {lag['p50_ms']} "
            f"| {lag['p99_ms']} | {lag['max_ms']} |"
        )
    if not rows:
        return "_Not run._"
    lines += [
        "",
        "How late each backend worker's event loop ran a 10 ms timer while the booking scenario ran "
        "(xplorium/loop_probe.py, enabled by LOOP_PROBE_SECONDS): anything that blocks the loop "
        "(a query in a sync handler) delays every socket of that worker by as much.",
    ]
    return "\n".join(lines)


def pages_table(results: dict) -> str:
    pages = next((s["pages"] for s in results.get("servers", []) if "pages" in s), None)
    if not pages:
        return "_Not run._"
    warm = (results.get("queries") or {}).get("on_load_warm", {})
    lines = [
        f"{pages['clients']} tabs, {pages['loads']} loads in all, {pages['loads_per_s']:,.1f} loads/s, "
        f"{pages['errors']} errors.",
        "",
        "| page | loads | p50 ms | p95 ms | p99 ms | max ms | statements per load (warm) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for page, summary in pages["latency_ms"].items():
        lines.append(
            f"| `{page}` | {summary.get('count', 0)} | {_ms(summary, 'p50')} | {_ms(summary, 'p95')} "
            f"| {_ms(summary, 'p99')} | {_ms(summary, 'max')} | {warm.get(page, '–')} |"
        )
    return "\n".join(lines)


def contested_table(results: dict) -> str:
    c = next((s["contested"] for s in results.get("servers", []) if "contested" in s), None)
    if not c:
        return "_Not run._"
    lines = [
        '| parents | answered | booked | told "taken" | other answers | exactly one booking | all answered after | answer p50 / max |',
        "|---:|---:|---:|---:|---:|---|---:|---:|",
        f"| {c['parents']} | {c['answered']} | {c['booked']} | {c['taken_answers']} | {c['other_answers']} "
        f"| {'yes' if c['exactly_one'] else '**NO**'} | {c['all_answered_ms']:,.0f} ms "
        f"| {_ms(c['answer_latency_ms'], 'p50')} / {_ms(c['answer_latency_ms'], 'max')} ms |",
    ]
    p = next((s["contested_places"] for s in results.get("servers", []) if "contested_places" in s), None)
    if p:
        lines += [
            "",
            f"The last places of one playroom session (room for {p['groups_left']} groups left), the same parents at once:",
            "",
            '| parents | answered | booked | told "full" | other answers | places sold / capacity | exact | all answered after | answer p50 / max |',
            "|---:|---:|---:|---:|---:|---:|---|---:|---:|",
            f"| {p['parents']} | {p['answered']} | {p['booked']} | {p['full_answers']} | {p['other_answers']} "
            f"| {p['places_sold']} / {p['capacity']} | {'yes' if p['exact'] else '**NO**'} | {p['all_answered_ms']:,.0f} ms "
            f"| {_ms(p['answer_latency_ms'], 'p50')} / {_ms(p['answer_latency_ms'], 'max')} ms |",
        ]
    return "\n".join(lines)


def scale_table(results: dict) -> str:
    server = next((s for s in results.get("servers", []) if "scale" in s), None)
    if not server:
        return "_Not run._"
    s = server["scale"]
    rss = s["backend_rss_mib"]
    split = ", ".join(str(v) for v in s.get("admins_per_worker", {}).values())
    rows = [
        ("backend workers", server["workers"]),
        ("parents connected / wanted", f"{s['parents_connected']:,} / {s['parents']:,}"),
        ("admins joined / wanted", f"{s['admins_joined']} / {s['admins']} (per worker: {split})"),
        (
            "connecting everyone took",
            f"{s['connect_wall_s']} s (connect + page load p50 {_ms(s['connect_ms'], 'p50')} ms, p95 {_ms(s['connect_ms'], 'p95')} ms)",
        ),
        ("held for", f"{s['hold_s']} s"),
        (
            "page navigations during the hold",
            f"{s['navigations']:,} (p50 {_ms(s['navigation_ms'], 'p50')} ms, p95 {_ms(s['navigation_ms'], 'p95')} ms)",
        ),
        ("bookings during the hold", s["bookings"]),
        (
            "fan-out delay from commit",
            f"p50 {_ms(s['fanout_delay_from_commit_ms'], 'p50')} ms, p95 {_ms(s['fanout_delay_from_commit_ms'], 'p95')} ms, max {_ms(s['fanout_delay_from_commit_ms'], 'max')} ms",
        ),
        ("missed board deliveries", s["missed_deliveries"]),
        ("deliveries that came only in a later board delta", s.get("coalesced_deliveries", 0)),
        ("errors / dropped sockets", f"{s['errors']} / {s['dropped_connections']}"),
        (
            "backend RSS (all processes)",
            f"{rss['before']:,.0f} MiB idle → {rss['connected']:,.0f} MiB connected → {rss['peak']:,.0f} MiB peak",
        ),
    ]
    lines = ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines)


def markdown(results: dict) -> str:
    sections = [
        ("Machine", machine_table(results)),
        ("Headline: booking submit, app vs raw psycopg", headline_table(results)),
        ("1-2. Booking submissions", booking_table(results)),
        ("Database statements per operation", queries_table(results)),
        ("3. Live fan-out to admin boards (delay from commit)", fanout_table(results)),
        ("7. Burst: board lag while parents book fast", burst_table(results)),
        ("Event-loop lag during the booking submissions", loop_lag_table(results)),
        ("8. Framework floor: how much of a submit is Reflex, how much is ours", floor_table(results)),
        ("4. Public pages (warm cache)", pages_table(results)),
        ("5. Contested slot", contested_table(results)),
        ("6. Scale", scale_table(results)),
    ]
    return "\n\n".join(f"### {title}\n\n{body}" for title, body in sections)


def document(results: dict) -> str:
    intro = (
        f"## Latest run\n\n{results['started_at']} · revision `{results.get('revision', '?')}` · "
        f"took {results['duration_s']:.0f} s · raw results in `bench/results/` (not committed)."
    )
    found = problems(results)
    status = (
        "All correctness checks passed."
        if not found
        else "**Correctness problems in this run:**\n\n" + "\n".join(f"- {p}" for p in found)
    )
    return "\n\n".join([HEADER.rstrip(), intro, status, markdown(results)]) + "\n"


def problems(results: dict) -> list[str]:
    """What makes a run fail: errors, lost updates, a broken guarantee, a query budget exceeded."""
    found = []
    for server in results.get("servers", []):
        w = server["workers"]
        for name in (
            "booking",
            "baseline",
            "floor",
            "contested",
            "contested_places",
            "pages",
            "fanout",
            "burst",
            "scale",
        ):
            part = server.get(name)
            if part and part.get("errors"):
                found.append(
                    f"{name} ({w} workers): {part['errors']} errors, e.g. {part.get('error_samples')}"
                )
        places = server.get("contested_places")
        if places and not places["exact"]:
            found.append(
                f"contested places: {places['booked']} booked, {places['places_sold']} of {places['capacity']} sold"
            )
        if server.get("contested") and not server["contested"]["exactly_one"]:
            found.append(
                f"contested slot: not exactly one booking: {server['contested']['bookings_in_slot']}"
            )
        if server.get("burst") and not server["burst"]["caught_up"]:
            found.append(f"burst ({w} workers): a board never caught up with the last booking")
        for name in ("fanout", "scale"):
            part = server.get(name)
            if part and part.get("missed_deliveries"):
                found.append(f"{name} ({w} workers): {part['missed_deliveries']} board deliveries missed")
        log = server.get("server_log") or {}
        if log.get("tracebacks") or log.get("error_lines"):
            found.append(f"app server ({w} workers) logged errors: {log}")
    q = results.get("queries")
    if q:
        if q["create_booking"]["per_booking"] > BOOKING_QUERY_LIMIT:
            found.append(f"create_booking sends {q['create_booking']['per_booking']} statements")
        if q["submit_handler"]["per_submit"] > BOOKING_QUERY_LIMIT or not q["submit_handler"]["booked"]:
            found.append(f"submit handler: {q['submit_handler']}")
        for path, count in q["on_load_warm"].items():
            if count > ON_LOAD_QUERY_LIMIT:
                found.append(f"on_load of {path} sends {count} statements on a warm cache")
        delivery = q.get("worker_delivery") or {}
        if delivery.get("delivered", 0) < delivery.get("count", 0):
            found.append(f"the job worker left emails undelivered: {delivery}")
    return found
