"""Scenario 2, the baseline: the same booking written with raw psycopg, nothing else around it.

Each simulated client holds one psycopg AsyncConnection to the same database and, per
booking, runs the transaction the service runs, statement for statement:

    BEGIN
    SELECT ... FROM room_slots WHERE <the rooms it holds, over its slots>   (the ledger read)
    INSERT INTO users ... ON CONFLICT (email) DO UPDATE ... RETURNING id, attach  (the customer)
    INSERT INTO bookings ... RETURNING id
    INSERT INTO room_holds ...            (its holds; the trigger books them into the ledger)
    INSERT INTO audit_log ...
    COMMIT

The rows are the ones the service writes (same columns, same values: the request is
validated by the service's own `validate` before the clock starts). Not included, because
they are not the booking itself: the websocket, Reflex's state, validation, the Redis rate
limiter, staff notifications and the confirmation email. The ratio app/baseline is the cost
of all of that.
"""

import asyncio
import json
import time

import psycopg
from psycopg.types.json import Json

from bench.parents import DURATION_MINUTES, PARENT_TYPES, SlotPlanner, form_data
from bench.stats import summary_ms
from xplorium.config import settings
from xplorium.models import AuditLog, Booking, RoomHold, User
from xplorium.models.base import utcnow
from xplorium.models.enums import AuditAction, HoldKind, Role
from xplorium.services import catalog
from xplorium.services.audit import scrub
from xplorium.services.bookings import places, rules, validation, writing
from xplorium.services.context import RequestContext

BASELINE_IP = "127.0.0.1"
BASELINE_AGENT = "xplorium-bench/1.0 (baseline)"
BASELINE_CONTEXT = RequestContext(ip=BASELINE_IP, user_agent=BASELINE_AGENT)


def conninfo() -> str:
    return settings.database_url.replace("postgresql+psycopg://", "postgresql://", 1)


def _insert_sql(table: str, columns: list[str], suffix: str = "") -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Built once at import from the models' own column names; no value is ever formatted in.
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) {suffix}".strip()  # noqa: S608


def _jsonable(column, value):
    return Json(value) if column in ("tags", "party_details", "changes") and value is not None else value


USER_COLUMNS = [c.name for c in User.__table__.columns if c.name not in ("id", "loyalty_tier")]
BOOKING_COLUMNS = [c.name for c in Booking.__table__.columns if c.name != "id"]
AUDIT_COLUMNS = [c.name for c in AuditLog.__table__.columns if c.name != "id"]
HOLD_COLUMNS = [c.name for c in RoomHold.__table__.columns if c.name not in ("id", "released_at")]

LEDGER_SQL = "SELECT room_id, slot, places, exclusive FROM room_slots WHERE room_id = ANY(%s) AND slot >= %s AND slot < %s"
UPSERT_SQL = _insert_sql(
    "users",
    USER_COLUMNS,
    "ON CONFLICT (email) DO UPDATE SET "
    "name = CASE WHEN users.password_hash IS NULL AND users.name = '' THEN excluded.name ELSE users.name END, "
    "phone = CASE WHEN users.password_hash IS NULL THEN COALESCE(users.phone, excluded.phone) ELSE users.phone END "
    "RETURNING id, users.password_hash IS NULL",
)
BOOKING_SQL = _insert_sql("bookings", BOOKING_COLUMNS, "RETURNING id")
AUDIT_SQL = _insert_sql("audit_log", AUDIT_COLUMNS)


def prepared_booking(index: int, slot, rules: dict) -> dict:
    """The validated request for this slot, as the service would book it (untimed work)."""
    data = dict(
        form_data(index, slot.type),
        type=slot.type.value,
        package_id=_popular_package(slot.type),
        date=slot.day.isoformat(),
        time=slot.time,
        duration_minutes=str(DURATION_MINUTES),
        guest_count="10" if slot.type.value == "PARTY" else "2",
        rooms=["party_room"],
    )
    request = validation.validate(data, rules)
    return {"request": request}


def _holds_sql(count: int) -> str:
    names = ", ".join(f'"{c}"' for c in HOLD_COLUMNS)
    rows = ", ".join(["(" + ", ".join(["%s"] * len(HOLD_COLUMNS)) + ")"] * count)
    # Built from the model's own column names and a count; no value is ever formatted in.
    return f"INSERT INTO room_holds ({names}) VALUES {rows}"  # noqa: S608


def _popular_package(booking_type) -> str:
    packages = catalog.pricing_for(rules.TYPE_CATEGORY[booking_type])
    popular = [p for p in packages if p["popular"]] or packages
    return str(popular[0]["id"]) if popular else ""


async def book(conn: psycopg.AsyncConnection, prepared: dict) -> bool:
    """One booking transaction; False when its room had no space for it."""
    request = prepared["request"]
    offer = request.offer
    starts_at = request.starts_at
    holds = offer.holds(starts_at)
    blocked_until = max(h.ends_at for h in holds)
    now = utcnow()
    async with conn.transaction():
        cursor = await conn.execute(
            LEDGER_SQL, (offer.room_ids, places.slot_of(starts_at), places.slot_after(blocked_until))
        )
        usage = places.Usage({(r[0], r[1]): (r[2], r[3]) for r in await cursor.fetchall()})
        if not offer.fits(usage, starts_at):
            return False
        user = User(email=request.email, name=request.contact_name, phone=request.phone, role=Role.USER)
        values = user.model_dump(exclude={"id", "loyalty_tier"})
        cursor = await conn.execute(UPSERT_SQL, [_enum(_jsonable(c, values[c])) for c in USER_COLUMNS])
        user_id, attach = await cursor.fetchone()
        user_id = user_id if attach else None
        # The service's own row (the model's defaults for the rest), as a guest books it.
        booking = writing.new_booking(BASELINE_CONTEXT, request, blocked_until)
        booking.user_id = user_id
        row = booking.model_dump(exclude={"id"})
        cursor = await conn.execute(BOOKING_SQL, [_enum(_jsonable(c, row[c])) for c in BOOKING_COLUMNS])
        booking_id = (await cursor.fetchone())[0]
        rows = [hold.values(HoldKind.BOOKING, booking_id) for hold in holds]
        await conn.execute(_holds_sql(len(rows)), [_enum(row.get(c)) for row in rows for c in HOLD_COLUMNS])
        audit = {
            "actor_id": None,
            "action": AuditAction.CREATE.value,
            "entity": "booking",
            "entity_id": str(booking_id),
            "changes": scrub(writing.audit_changes(booking)),
            "ip": BASELINE_IP,
            "user_agent": BASELINE_AGENT,
            "created_at": now,
        }
        await conn.execute(AUDIT_SQL, [_jsonable(c, audit[c]) for c in AUDIT_COLUMNS])
    return True


def _enum(value):
    return getattr(value, "value", value)


async def run_baseline(clients: int, rounds: int, planner: SlotPlanner, first_index: int) -> dict:
    """`clients` connections; in each round every client books a new distinct slot at once."""
    rules = catalog.booking_rules()
    connections = [await psycopg.AsyncConnection.connect(conninfo()) for _ in range(clients)]
    latencies: list[float] = []
    errors: list[str] = []
    wall = 0.0
    try:
        for round_number in range(rounds):
            work = []
            for n in range(clients):
                slot = planner.take(PARENT_TYPES[n % len(PARENT_TYPES)])
                work.append(prepared_booking(first_index + round_number * clients + n, slot, rules))

            async def timed(conn, prepared):
                began = time.perf_counter()
                try:
                    ok = await book(conn, prepared)
                except psycopg.Error as error:
                    errors.append(f"{type(error).__name__}: {error}")
                    return
                if ok:
                    latencies.append(time.perf_counter() - began)
                else:
                    errors.append("slot taken")

            began = time.perf_counter()
            await asyncio.gather(*(timed(c, p) for c, p in zip(connections, work, strict=True)))
            wall += time.perf_counter() - began
    finally:
        for conn in connections:
            await conn.close()
    return {
        "clients": clients,
        "rounds": rounds,
        "booked": len(latencies),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "latency_ms": summary_ms(latencies),
        "throughput_per_s": round(len(latencies) / wall, 2) if wall else 0.0,
        "submit_wall_s": round(wall, 3),
        "statements_per_booking": 5,
        "sql": [
            LEDGER_SQL,
            "INSERT INTO users ... ON CONFLICT (email) DO UPDATE ... RETURNING id, attach",
            "INSERT INTO bookings ... RETURNING id",
            "INSERT INTO room_holds ... (the trigger books the ledger)",
            "INSERT INTO audit_log ...",
        ],
    }


def describe_sql() -> str:
    return json.dumps([LEDGER_SQL, UPSERT_SQL, BOOKING_SQL, _holds_sql(1), AUDIT_SQL], indent=2)
