"""Who is acting and from where: passed explicitly from handlers and routes to services."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    actor_id: int | None = None
    actor_role: str | None = None
    ip: str | None = None
    user_agent: str | None = None

    @property
    def ip_or_unknown(self) -> str:
        return self.ip or "unknown"


SYSTEM = RequestContext()
