"""The one check of a status machine: may a row move from its status to the wanted one.

Each service keeps its own table (`TRANSITIONS`: status -> the statuses it may become).
"""

from collections.abc import Mapping
from enum import Enum

from xplorium.services import clock
from xplorium.services.errors import Conflict


def refuse_unless_allowed(table: Mapping[Enum, frozenset], current: Enum, target: Enum, message: str) -> None:
    """Conflict unless `table` lets `current` become `target`.

    `message` (already translated) names both statuses as {lower} and {lower2}.
    """
    if target not in table[current]:
        raise Conflict(
            message.format(lower=current.value.lower(), lower2=target.value.lower()),
            {"from": current.value, "to": target.value},
        )


def move(row, table: Mapping[Enum, frozenset], target: Enum, message: str) -> Enum:
    """`row` (with `status` and `updated_at`) moved to `target`, as `refuse_unless_allowed`
    lets it; the status it had."""
    current = type(target)(row.status)
    refuse_unless_allowed(table, current, target, message)
    row.status = target
    row.updated_at = clock.now()
    return current
