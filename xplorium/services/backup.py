"""A JSON backup of the whole venue, and its restore into an empty database.

The tables are every table of the models (SQLModel.metadata, so a new model is included
without a change here), in foreign-key order. Two are left out:
- procrastinate's queue (not models: jobs waiting at backup time are not data);
- `room_slots`, the rooms' ledger, which the database's triggers derive from `room_holds`
  (restoring the holds rebuilds it).
Generated columns (a user's loyalty tier) are written for reading but never restored: the
database computes them again.

File format (`BACKUP_FORMAT_VERSION`)::

    {"format": "xplorium-backup", "version": 1,
     "tables": {"users": [{"id": 1, "email": "...", ...}, ...], ...}}

Rows are in primary-key order; dates and times are ISO 8601, amounts are strings. The file
has no timestamp of its own: two backups of the same data are the same bytes.
"""

import json
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
import structlog
from sqlmodel import SQLModel

import xplorium.models  # noqa: F401  (every table registered on the metadata)
from xplorium.constants import BACKUP_FORMAT_VERSION
from xplorium.db import get_engine, session_scope
from xplorium.i18n import _
from xplorium.jobs.app import QUEUE_TABLES
from xplorium.models.enums import AuditAction, Role
from xplorium.services import audit
from xplorium.services.authz import require_role
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, ValidationFailed
from xplorium.services.exports import ExportFile

log = structlog.get_logger(__name__)

FORMAT_NAME = "xplorium-backup"
# Derived by triggers from room_holds: restored by restoring the holds.
DERIVED_TABLES = frozenset({"room_slots"})
# A column a ledger trigger keeps as the sum of its movements (stock), restored as 0: inserting
# the movements adds it up again. The movements are deleted and inserted in an order whose
# running sum never goes below zero (the item's CHECK refuses that even mid-transaction).
LEDGER_SUMS = {"inventory_items": "quantity"}
LEDGER_ROWS = {"stock_movements": "change"}
# Filled by the migrations themselves (the venue's default rooms): a database holding only
# these is empty, and the backup's rows replace them.
SEEDED_TABLES = frozenset({"rooms"})


def backup_tables() -> list[sa.Table]:
    """The tables a backup holds, parents before children."""
    skipped = QUEUE_TABLES | DERIVED_TABLES
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in skipped]


def _restorable(table: sa.Table) -> list[sa.Column]:
    return [c for c in table.columns if c.computed is None]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    kind = kind.impl if isinstance(kind, sa.TypeDecorator) else kind  # the UTC timestamps
    for sql_type, parse_text in ((sa.DateTime, datetime), (sa.Date, date), (sa.Time, time)):
        if isinstance(kind, sql_type):
            return parse_text.fromisoformat(value)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal(value)
    return value


def snapshot(connection: sa.Connection) -> dict:
    """The backup document of what `connection` sees."""
    tables = {}
    for table in backup_tables():
        rows = connection.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings()
        tables[table.name] = [{key: _encode(value) for key, value in row.items()} for row in rows]
    return {"format": FORMAT_NAME, "version": BACKUP_FORMAT_VERSION, "tables": tables}


def to_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1).encode()


def dump_bytes(engine: sa.Engine | None = None) -> bytes:
    """A backup of the database, in one consistent read (one transaction)."""
    with (engine or get_engine()).connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        return to_bytes(snapshot(connection))


def download(ctx: RequestContext) -> ExportFile:
    """The backup as a file for a super admin; audited as EXPORT (table row counts only)."""
    require_role(ctx, Role.SUPER_ADMIN)
    content = dump_bytes()
    counts = {name: len(rows) for name, rows in json.loads(content)["tables"].items()}
    with session_scope() as session:
        audit.record(session, ctx, AuditAction.EXPORT, "backup", None, {"rows": sum(counts.values())})
    log.info("backup_downloaded", rows=sum(counts.values()))
    return ExportFile("xplorium-backup.json", "application/json", content, sum(counts.values()))


def parse(content: bytes | str) -> dict:
    """The backup document in `content`, checked for its format and version."""
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed({"file": _("This is not a backup file (not JSON).")}) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ValidationFailed({"file": _("This is not an Xplorium backup file.")})
    if document.get("version") != BACKUP_FORMAT_VERSION:
        raise ValidationFailed(
            {
                "file": _("This backup has format version {found}; this app reads version {version}.").format(
                    found=document.get("version"), version=BACKUP_FORMAT_VERSION
                )
            }
        )
    if not isinstance(document.get("tables"), dict):
        raise ValidationFailed({"file": _("The backup file has no tables.")})
    return document


def _has_data(connection: sa.Connection, tables: Iterable[sa.Table]) -> list[str]:
    return [
        t.name for t in tables if connection.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()
    ]


def _reset_sequences(connection: sa.Connection, tables: Iterable[sa.Table]) -> None:
    """PostgreSQL: each serial id continues after the restored rows (not from 1)."""
    for table in tables:
        for column in table.primary_key.columns:
            if not (isinstance(column.type, sa.Integer) and column.autoincrement in (True, "auto")):
                continue
            highest = connection.execute(sa.select(sa.func.max(column))).scalar()
            connection.execute(
                sa.text(
                    "SELECT setval(pg_get_serial_sequence(:table, :column), :value, :called) "
                    "WHERE pg_get_serial_sequence(:table, :column) IS NOT NULL"
                ),
                {
                    "table": table.name,
                    "column": column.name,
                    "value": highest or 1,
                    "called": highest is not None,
                },
            )


def restore(
    content: bytes | str, *, replace: bool = False, engine: sa.Engine | None = None
) -> dict[str, int]:
    """Write a backup into the database (schema migrated), all or nothing; rows per table.

    Refused (Conflict) when the database already holds data (beyond the rooms a migrated
    database starts with), unless `replace`: then that data is deleted first, in the same
    transaction.
    """
    document = parse(content)
    tables = backup_tables()
    known = {t.name for t in tables}
    unknown = sorted(set(document["tables"]) - known)
    if unknown:
        raise ValidationFailed(
            {
                "file": _("The backup has tables this app does not know: {names}.").format(
                    names=", ".join(unknown)
                )
            }
        )
    restored: dict[str, int] = {}
    with (engine or get_engine()).begin() as connection:
        filled = _has_data(connection, [t for t in tables if t.name not in SEEDED_TABLES])
        if filled and not replace:
            raise Conflict(
                _("The database is not empty ({names}); confirm to replace its data.").format(
                    names=", ".join(filled)
                )
            )
        for table in reversed(tables):
            if table.name in LEDGER_ROWS:
                connection.execute(table.delete().where(table.c[LEDGER_ROWS[table.name]] < 0))
            connection.execute(table.delete())
        for table in tables:
            rows = document["tables"].get(table.name) or []
            columns = {c.name: c for c in _restorable(table)}
            values = [{name: _decode(columns[name], row.get(name)) for name in columns} for row in rows]
            if table.name in LEDGER_SUMS:
                values = [{**v, LEDGER_SUMS[table.name]: 0} for v in values]
            if table.name in LEDGER_ROWS:
                values.sort(key=lambda v: v[LEDGER_ROWS[table.name]], reverse=True)
            if values:
                connection.execute(table.insert(), values)
            restored[table.name] = len(values)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, tables)
    log.info("backup_restored", rows=sum(restored.values()), replaced=bool(filled))
    return restored
