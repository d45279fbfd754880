"""One page of a list, the same shape for every back-office list."""

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from xplorium.constants import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = PAGE_SIZE_DEFAULT
    page_count: int = 1
    has_more: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def clamp(page: object, page_size: object = PAGE_SIZE_DEFAULT) -> tuple[int, int]:
    """A valid (page, page_size) from whatever a client sent: page ≥ 1, 1 ≤ size ≤ max."""
    try:
        number = int(page)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = 1
    try:
        size = int(page_size)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        size = PAGE_SIZE_DEFAULT
    return max(1, number), min(max(1, size), PAGE_SIZE_MAX)


def make_page(items: list[T], total: int, page: int, page_size: int) -> Page[T]:
    page_count = max(1, math.ceil(total / page_size))
    return Page(
        items=items,
        total=total,
        page=page,
        page_size=page_size,
        page_count=page_count,
        has_more=page < page_count,
    )


def paginate(
    session: Session,
    statement: sa.Select,
    page: object = 1,
    page_size: object = PAGE_SIZE_DEFAULT,
    mapper: Callable[[Any], T] = lambda row: row,
    scalars: bool = True,
) -> Page[T]:
    """Run `statement` (already ordered) for one page and count its total rows.

    With `scalars`, each item is the first column of a row (a model); otherwise the row.

    A page past the end is answered with the last page, so deleting the last row of a
    page never leaves the admin looking at an empty screen.
    """
    number, size = clamp(page, page_size)
    count = sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
    total = session.exec(count).scalar_one()
    last = max(1, math.ceil(total / size))
    number = min(number, last)
    paged = statement.limit(size).offset((number - 1) * size)
    result = session.exec(paged)
    # sqlmodel.select of one model already yields scalars; sqlalchemy's select yields rows.
    rows = result.scalars().all() if scalars and hasattr(result, "scalars") else result.all()
    return make_page([mapper(row) for row in rows], total, number, size)
