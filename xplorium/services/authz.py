"""Role rules enforced inside services, whatever the caller already checked."""

from xplorium.models.enums import STAFF_ROLES, Role
from xplorium.services.context import RequestContext
from xplorium.services.errors import Forbidden, Unauthenticated


def require_role(ctx: RequestContext, *roles: Role) -> int:
    """The acting user's id, if their role is one of `roles`."""
    if ctx.actor_id is None:
        raise Unauthenticated()
    if ctx.actor_role not in roles:
        raise Forbidden()
    return ctx.actor_id


def require_staff(ctx: RequestContext) -> int:
    return require_role(ctx, *STAFF_ROLES)
