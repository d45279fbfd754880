"""Finding rows from what a browser sent: one row by its id (a bad or unknown id is "not
found"), or the rows whose text contains a search."""

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from xplorium.services.errors import NotFound


def get_or_not_found(session: Session, model: type, row_id: object, message: str, lock: bool = False):
    """The `model` row with id `row_id` (locked for update when `lock`), or NotFound(message)."""
    try:
        key = int(row_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotFound(message) from None
    statement = sa.select(model).where(model.id == key)
    if lock:
        statement = statement.with_for_update()
    row = session.exec(statement).scalars().first()
    if row is None:
        raise NotFound(message)
    return row


def contains_text(text: str, *columns: Any) -> sa.ColumnElement[bool]:
    """Rows where any of `columns` contains `text`, whatever the case, its % and _ taken literally."""
    pattern = like_pattern(text.lower())
    return sa.or_(*(sa.func.lower(column).like(pattern, escape="\\") for column in columns))


def like_pattern(text: str) -> str:
    """A LIKE pattern for `text` anywhere in a column, its own % and _ taken literally
    (compare with `escape="\\"`)."""
    return "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
