"""Backup and restore: the demo venue backed up, restored into an empty PostgreSQL database
and backed up again gives the same bytes; a restore on SQLite works too; a database with
data is refused unless confirmed; only a super admin downloads it (audited)."""

import json
import secrets
import subprocess
import sys

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select
from starlette.testclient import TestClient

from tests.conftest import PG_ADMIN_URL
from tests.support.accounts import make_user, open_session
from tests.support.database import create_database, drop_database, migrate
from xplorium import db
from xplorium.api import api
from xplorium.config import PROJECT_ROOT
from xplorium.constants import BACKUP_FORMAT_VERSION, SESSION_COOKIE_NAME
from xplorium.models import AuditLog, Booking, RoomHold, RoomSlot, User
from xplorium.models.enums import Role
from xplorium.services import backup
from xplorium.services.demo_data import load_demo_data
from xplorium.services.errors import Conflict, ValidationFailed


@pytest.fixture
def venue(clean):
    load_demo_data(admin_email="owner@xplorium.rs", admin_password="Play-time-42!")
    return clean


@pytest.fixture
def empty_pg():
    name = f"xp_restore_{secrets.token_hex(4)}"
    create_database(PG_ADMIN_URL, name)
    engine = db.make_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    migrate(engine)
    yield engine
    engine.dispose()
    drop_database(PG_ADMIN_URL, name)


@pytest.fixture
def empty_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'restored.db'}"
    engine = db.make_engine(url)
    migrate(engine)
    yield url, engine
    engine.dispose()


def sorted_json(content: bytes) -> str:
    return json.dumps(json.loads(content), sort_keys=True)


def test_backup_restore_backup_gives_identical_bytes_on_postgresql(venue, empty_pg):
    first = backup.dump_bytes(venue)
    document = json.loads(first)
    assert document["version"] == BACKUP_FORMAT_VERSION
    assert document["tables"]["bookings"] and document["tables"]["room_holds"]
    assert "room_slots" not in document["tables"]
    assert not any(name.startswith("procrastinate") for name in document["tables"])

    restored = backup.restore(first, engine=empty_pg)
    second = backup.dump_bytes(empty_pg)

    assert restored["bookings"] == len(document["tables"]["bookings"])
    assert sorted_json(second) == sorted_json(first)
    assert second == first
    # The rooms' ledger is rebuilt from the holds, exactly as the original's live part.
    with venue.connect() as a, empty_pg.connect() as b:
        live = sa.select(RoomSlot.room_id, RoomSlot.slot, RoomSlot.places, RoomSlot.exclusive).where(
            sa.or_(RoomSlot.places > 0, RoomSlot.exclusive > 0)
        )
        assert sorted(a.execute(live).all()) == sorted(b.execute(live).all())
    # The sequences continue after the restored rows.
    with Session(empty_pg) as session, session.begin():
        session.add(User(email="new.parent@example.com", name="New"))
        session.flush()
        assert session.exec(select(sa.func.count()).where(User.email == "new.parent@example.com")).one() == 1


def test_a_restore_on_sqlite_works(venue, empty_sqlite):
    _url, engine = empty_sqlite
    first = backup.dump_bytes(venue)

    backup.restore(first, engine=engine)

    again = json.loads(backup.dump_bytes(engine))["tables"]
    original = json.loads(first)["tables"]
    assert {name: len(rows) for name, rows in again.items()} == {
        name: len(rows) for name, rows in original.items()
    }
    assert [b["reference"] for b in again["bookings"]] == [b["reference"] for b in original["bookings"]]
    with Session(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(RoomHold)).one() == len(
            original["room_holds"]
        )
        assert session.exec(select(sa.func.count()).select_from(RoomSlot)).one() > 0
        assert {u.email for u in session.exec(select(User))} == {u["email"] for u in original["users"]}


def test_a_database_with_data_is_refused_unless_confirmed(venue, empty_pg):
    first = backup.dump_bytes(venue)
    backup.restore(first, engine=empty_pg)
    with Session(empty_pg) as session, session.begin():
        session.add(User(email="late.parent@example.com", name="Late"))

    with pytest.raises(Conflict):
        backup.restore(first, engine=empty_pg)
    with Session(empty_pg) as session:
        assert session.exec(select(User).where(User.email == "late.parent@example.com")).first() is not None

    backup.restore(first, engine=empty_pg, replace=True)
    assert backup.dump_bytes(empty_pg) == first


@pytest.mark.parametrize(
    "content",
    [b"not json", b'{"format": "other"}', json.dumps({"format": "xplorium-backup", "version": 99}).encode()],
)
def test_other_files_are_refused_and_change_nothing(empty_pg, content):
    with pytest.raises(ValidationFailed):
        backup.restore(content, engine=empty_pg)
    with Session(empty_pg) as session:
        assert session.exec(select(Booking)).all() == []


def backup_command(url: str, *args: str) -> subprocess.CompletedProcess:
    """`python -m xplorium.backup ARGS` against the database at `url`, as cron would run it."""
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "xplorium.backup", *args],
        cwd=PROJECT_ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
        capture_output=True,
        timeout=120,
    )


def test_the_commands_dump_to_a_file_or_stdout_and_restore(venue, empty_sqlite, tmp_path):
    url, _engine = empty_sqlite
    target = tmp_path / "venue.json"
    source = venue.url.render_as_string(hide_password=False)

    assert backup_command(source, "dump", "--output", str(target)).returncode == 0
    printed = backup_command(source, "dump")

    assert target.read_bytes() == printed.stdout == backup.dump_bytes(venue)
    assert backup_command(url, "restore", str(target)).returncode == 0
    refused = backup_command(url, "restore", str(target))
    assert refused.returncode == 1
    # The venue's command speaks the venue's language (Serbian) and names the tables in the way.
    assert "nije prazna" in refused.stderr.decode() and "room_holds" in refused.stderr.decode()


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), (Role.USER, 403), (Role.ADMIN, 403), (Role.SUPER_ADMIN, 200)]
)
def test_only_a_super_admin_downloads_the_backup_and_it_is_audited(venue, role, status):
    client = TestClient(api)
    if role is not None:
        client.cookies.set(SESSION_COOKIE_NAME, open_session(make_user(role)))

    answer = client.get("/api/admin/backup.json")

    assert answer.status_code == status
    with Session(venue) as session:
        audited = session.exec(select(AuditLog).where(AuditLog.entity == "backup")).all()
    if status == 200:
        assert answer.headers["content-disposition"] == 'attachment; filename="xplorium-backup.json"'
        assert json.loads(answer.content)["format"] == "xplorium-backup"
        assert [a.action for a in audited] == ["EXPORT"]
    else:
        assert audited == []
        assert "xplorium-backup" not in answer.text
