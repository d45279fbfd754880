"""Back up or restore the whole venue from the command line (cron, a systemd timer).

    python -m xplorium.backup dump [--output FILE]        # JSON to FILE, or to stdout
    python -m xplorium.backup restore FILE [--replace]    # into an empty, migrated database

Both use DATABASE_URL like the app. `restore` refuses a database that holds data unless
`--replace` is given (its data is then deleted first, in the same transaction). Run
`alembic upgrade head` on a new database before restoring into it.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import structlog

from xplorium.logging import configure_logging
from xplorium.services import backup
from xplorium.services.errors import ServiceError

log = structlog.get_logger(__name__)


def _write_atomically(path: Path, content: bytes) -> None:
    # A timer's backup never leaves a half-written file where the last good one was.
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=f".{path.name}.") as temporary:
        temporary.write(content)
    os.replace(temporary.name, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m xplorium.backup", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump = commands.add_parser("dump", help="write a JSON backup of the database")
    dump.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    restore = commands.add_parser("restore", help="restore a JSON backup into the database")
    restore.add_argument("file", type=Path)
    restore.add_argument("--replace", action="store_true", help="delete the database's data first")
    args = parser.parse_args(argv)
    configure_logging()

    if args.command == "dump":
        content = backup.dump_bytes()
        if args.output is None:
            sys.stdout.buffer.write(content)
        else:
            _write_atomically(args.output, content)
        return 0
    try:
        # The service logs what it restored.
        backup.restore(args.file.read_bytes(), replace=args.replace)
    except (OSError, ServiceError) as error:
        log.warning("backup_restore_refused", error=str(error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
