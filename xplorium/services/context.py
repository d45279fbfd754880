"""Who is acting and from where: passed explicitly from handlers and routes to services."""

import ipaddress
from dataclasses import dataclass

from xplorium.config import settings


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


def client_address(peer: str | None, forwarded_for: str | None) -> str | None:
    """The client's address: the connecting peer, or, when that peer is one of the
    configured TRUSTED_PROXIES, the nearest address its X-Forwarded-For names that is not
    itself a trusted proxy. A client that is not behind a trusted proxy cannot choose its
    own address by sending the header."""
    address = peer or None
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    while address is not None and _is_trusted_proxy(address) and hops:
        address = hops.pop()
    return address


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.trusted_proxies)
