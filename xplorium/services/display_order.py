"""Rows the staff put in order by hand (events, price packages): moved one place up or down."""

from sqlmodel import Session

from xplorium.i18n import _
from xplorium.models.enums import AuditAction
from xplorium.services import audit
from xplorium.services.context import RequestContext
from xplorium.services.errors import ValidationFailed


def check_direction(direction: object) -> None:
    if direction not in ("up", "down"):
        raise ValidationFailed({"direction": _("Move up or down.")})


def move(session: Session, ctx: RequestContext, rows: list, index: int, direction: str, entity: str) -> None:
    """Swap `rows[index]` with its neighbour ("up": the one before it), renumber every row's
    `display_order` and audit the move; at either end nothing changes. `rows` are in their
    shown order, locked for update, and are left in the new order."""
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return
    moved = rows[index]
    rows[index], rows[other] = rows[other], rows[index]
    # Renumbering keeps the order dense, whatever gaps or ties earlier edits left.
    for position, row in enumerate(rows, start=1):
        row.display_order = position
        session.add(row)
    changes = {"display_order": {"from": index + 1, "to": other + 1}}
    audit.record(session, ctx, AuditAction.UPDATE, entity, moved.id, changes)
