"""Counting the SQL statements a piece of code sends, with SQLAlchemy's cursor event."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def count_queries(engine: sa.Engine) -> Iterator[list[str]]:
    """Every statement executed on `engine` inside the block, in order."""
    statements: list[str] = []

    def before_cursor_execute(_conn, _cursor, statement, _params, _context, _executemany):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before_cursor_execute)
