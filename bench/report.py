"""Results as Markdown: the tables, the machine, and docs/PERFORMANCE.md around them."""

from bench.machine import git_revision
from bench.queries import BOOKING_QUERY_LIMIT, ON_LOAD_QUERY_LIMIT

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
and bun for the production build (`ln -s /work/main/.tools .tools`, as for the tests). It:

1. creates a fresh PostgreSQL database (`xp_bench_<pid>_<random>`), migrates it with Alembic and
   seeds the published catalog, a year of history and signed-in admins; uses a fresh Redis
   namespace (`xpbench:<run>:`); starts a local SMTP sink, so the app sends its email as in
   production;
2. builds and starts the production app (`reflex run --env prod --single-port`, as the browser
   tests do) with 1 backend worker, runs the scenarios, stops it; then serves the same build
   with 2 workers (`GRANIAN_WORKERS`) and runs them again;
3. drops the database and deletes its Redis keys, writes the raw results to
   `bench/results/<time>-full.json` (git-ignored) and this file.

Everything connects only to 127.0.0.1, every load is bounded in count and in time, and the exit
status is non-zero when a correctness check fails (an error, a lost board update, a second
booking on the contested slot, a handler over its query budget).

The short mode also runs inside the test suite, on the suite's own app server and database:
`tests/test_bench_short.py` asserts correctness and statement counts, never times.

### What is measured

| # | scenario | how |
|---|---|---|
| 1 | booking submissions | N parents, each a python-socketio `AsyncClient` speaking Reflex's event protocol (no browser), open `/book?type=...`; per round every parent picks a new distinct slot (`choose_day`, `choose_time`), then all press "Book" (`submit`) at the same moment. Latency: from handing `submit` to the socket to the delta that ends it (the confirmation). Throughput: bookings / wall time of the submit rounds. |
| 2 | baseline | the same bookings (same validated rows, same ledger read, customer upsert, booking insert, room holds insert whose trigger books the ledger, and audit insert, one transaction) written with raw psycopg from the same number of concurrent connections, in the same rounds. **Headline: our latency and throughput as a ratio to it.** |
| 3 | live fan-out | M admins with signed-in sessions (cookie in the socket handshake) open `/admin/board` and join the shared board; parents book one at a time; for every booking and every admin, the delay from the booking's commit (its `created_at`, stamped inside the transaction; same clock) to that admin's socket receiving the board delta naming it. With 1 and with 2 backend workers. |
| 4 | public pages | tabs navigate between `/`, `/pricing` and `/events` (the router's `on_load_internal` event) with a warm cache; latency from sending it to the delta that ends the load. |
| 5 | contested slot | K parents choose the same slot and submit at once: exactly one booking must exist, the others must be told "taken"; time until every parent has an answer. |
| 6 | scale | 1,000 parents' tabs and 50 admins' boards connected at once for a bounded time, while parents browse (10 navigations/s) and one books every 2 s; errors, dropped sockets, the backend's resident memory (all its processes, from /proc) and the fan-out delay under that load. |

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
  (the submit also yields once to show its spinner), the hop to a worker thread, the SMTP
  hand-off of the confirmation email, and the websocket. With 50 parents at once (p50 ~0.8 s
  against ~0.07 s, measured before rooms, when bookings of one type were serialised by an
  advisory lock; bookings now queue only on the ledger rows of the slots they share); each backend worker runs blocking service calls on asyncio's default thread
  pool, min(32, cores + 4) = 6 threads here, so at most 6 bookings per worker are in progress
  and the rest wait; the email is sent synchronously after the commit and holds that thread
  for the SMTP conversation; and the Python work competes for the GIL with the event loop,
  on the same 2 cores as PostgreSQL, Redis and the 50 simulated parents. A waiting submit
  keeps its tab's state locked (it is not a background event), so Reflex logs "state lock
  held too long" for submits over 1 s (the machine table counts them; all but one were
  `BookingState.submit`, the other a board push).
- **The board's fan-out is O(admins) per change.** Reflex's shared state updates each linked
  tab separately (its state loaded from Redis, patched, sent, saved), and the board re-checks
  every admin's session on every push (`BoardShared._internal_patch_linked_state` →
  `sessions.resolve`, a database transaction run synchronously on the event loop): about 2
  server transactions per admin per booking (45 per booking with 20 admins, against ~6 with
  none watching). The first board gets a booking in ~75-105 ms, the last one after all the
  others (~120-180 ms with 20 boards); with 1,000 tabs and 50 boards open, p50 ~0.3 s and
  max ~1.2 s here, several seconds in runs on a busy machine.
- **A second worker** did not raise booking throughput in this run (42 → 36 bookings/s), nor
  in three of the other four; once it did (50 → 71). The 2 cores are shared with PostgreSQL,
  Redis and the load generator, and with 2 workers about half the board updates cross to
  the other worker through Redis (fan-out p50 97 → 148 ms).
- **Memory**: ~390 MiB for the idle app (2 workers), ~600 MiB with 1,050 tabs connected:
  roughly 0.2 MiB per tab.

Left for the owners of those parts (not changed by the benchmark): sending email after the
response rather than before it (a background sender), a larger or dedicated thread pool for
service calls, and checking the watching admins' sessions once per push (one query for all,
off the event loop) or caching the check for a few seconds.
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
            "and the confirmation email to the SMTP sink included).",
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
    smtp = q.get("smtp_delivery_ms")
    if smtp and smtp.get("count"):
        lines += [
            "",
            f"Email: handing one message to the local SMTP sink takes p50 {_ms(smtp, 'p50')} ms "
            f"(p95 {_ms(smtp, 'p95')} ms). The app sends the confirmation synchronously after the "
            "commit and before the parent's answer (services/mail.py), so this is part of every "
            "submit's latency above; a remote SMTP server would add its round trips.",
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
        for name in ("booking", "baseline", "contested", "contested_places", "pages", "fanout", "scale"):
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
    return found
