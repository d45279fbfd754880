"""The ASGI layer in front of every request, pages, HTTP routes and the `/_event` socket alike.

- Only the configured hosts are answered (`PUBLIC_BASE_URL`'s host and `ALLOWED_HOSTS`):
  anything else gets 400, so no redirect or link is ever built from a forged Host header.
- A request or socket handshake that carries an `Origin` other than the app's own
  (`PUBLIC_BASE_URL` and `ALLOWED_ORIGINS`) is refused with 403 before it reaches a route
  or the socket: a page on another site, or on another port of the same host, cannot use a
  signed-in browser's cookies. (Reflex's CORS settings, from the same list in rxconfig.py,
  add the matching CORS answers.)
- The HTTP routes under /api/ (health checks aside) share one per-address limit
  (`constants.GENERAL_LIMIT`).
- Every HTTP answer carries the security headers (`security_headers`).
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import structlog
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from xplorium.config import settings
from xplorium.constants import GENERAL_LIMIT
from xplorium.services.context import client_address
from xplorium.services.errors import RateLimited
from xplorium.services.ratelimit import get_limiter

log = structlog.get_logger(__name__)

# Reflex's frontend needs inline scripts (React Router's hydration data), eval (rx.call_script)
# and inline styles (Radix, emotion): the rest is as strict as it allows.
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "font-src 'self' data:",
        "connect-src 'self' {socket}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
HSTS = "max-age=31536000; includeSubDomains"
# Paths outside the general limit: monitors poll the health check.
UNLIMITED_PATHS = ("/api/health", "/api/ready", "/api/live", "/ping", "/_health")


def security_headers(host: str) -> dict[str, str]:
    """The headers every answer carries; `host` is the (already checked) Host header."""
    scheme = "wss" if settings.public_base_url.startswith("https://") else "ws"
    headers = {
        "Content-Security-Policy": CSP.format(socket=f"{scheme}://{host}"),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.is_production:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def peer_address(scope: Scope) -> str | None:
    client = scope.get("client")
    return client[0] if client else None


class SecurityMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "").lower()
        if host not in settings.hosts:
            log.info("request_refused", reason="host", path=scope.get("path"))
            await _refuse(scope, receive, send, 400, "Unknown host.")
            return
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in settings.origins:
            log.info("request_refused", reason="origin", path=scope.get("path"))
            await _refuse(scope, receive, send, 403, "This origin may not use the app.")
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.startswith("/api/") and path not in UNLIMITED_PATHS:
            address = client_address(peer_address(scope), headers.get("x-forwarded-for"))
            try:
                limit, window = GENERAL_LIMIT
                get_limiter().hit("api", address or "unknown", limit, window)
            except RateLimited as error:
                await JSONResponse(
                    {"ok": False, "code": error.code, "message": str(error)},
                    status_code=429,
                    headers={"Retry-After": str(error.details["retry_after"]), "Cache-Control": "no-store"},
                )(scope, receive, _with_headers(send, host))
                return
        await self.app(scope, receive, _with_headers(send, host))


def _with_headers(send: Send, host: str) -> Callable[[MutableMapping[str, Any]], Awaitable[None]]:
    extra = security_headers(host)

    async def send_with_headers(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            response_headers = MutableHeaders(scope=message)
            for name, value in extra.items():
                if name not in response_headers:
                    response_headers[name] = value
        await send(message)

    return send_with_headers


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    if scope["type"] == "websocket":
        # Closing before accepting answers the handshake with 403.
        await send({"type": "websocket.close", "code": 1008})
        return
    await PlainTextResponse(message, status_code=status, headers={"Cache-Control": "no-store"})(
        scope, receive, send
    )
