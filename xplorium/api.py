"""Plain HTTP routes, mounted next to Reflex's own through `api_transformer`.

The auth routes exist because only an HTTP response can set an HttpOnly cookie:
- GET  /api/auth/complete?ticket=..&next=..  swap a sign-in ticket for the session cookie;
- POST /api/auth/signout                     revoke the session and clear the cookie;
- GET  /api/auth/reset?token=..              the emailed reset link: keep the token in an
                                             HttpOnly cookie and open the reset page;
- GET  /api/auth/reset/done                  forget the used reset token, go sign in.

Health, for monitors and balancers (services/health.py; never rate limited):
- GET  /api/live    200 while the process answers;
- GET  /api/ready   200 when PostgreSQL and Redis answer, 503 otherwise;
- GET  /api/health  readiness plus the job queue's figures.

Staff exports (session cookie, ADMIN or SUPER_ADMIN; 401/403 as a JSON Result otherwise):
- GET  /api/admin/bookings.csv?status=&type=&date_from=&date_to=&q=&sort=&dir=
- GET  /api/admin/bookings.ics?(same filters)
- GET  /api/admin/customers/marketing.csv    customers who opted in to marketing (not deleted)
- GET  /api/admin/customers/{id}/data.json   everything held about a customer (data request)
- GET  /api/admin/backup.json                the whole venue's backup (SUPER_ADMIN only)

Signed-in people and the public:
- GET  /api/profile/data.json                the signed-in person's own data
- GET|POST /api/unsubscribe?token=..         a campaign's one-click unsubscribe (RFC 8058 POST)

Operators: GET /metrics, Prometheus text (bearer METRICS_TOKEN, or loopback without a proxy).
"""

import secrets
from datetime import datetime
from urllib.parse import urlsplit

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from xplorium import metrics
from xplorium.config import settings
from xplorium.constants import RESET_COOKIE_NAME, SESSION_COOKIE_NAME, SIGN_IN_BINDING_COOKIE
from xplorium.db import get_engine
from xplorium.i18n import _
from xplorium.middleware import SecurityMiddleware
from xplorium.models.enums import STAFF_ROLES, Role
from xplorium.services import accounts, backup, campaigns, clock, customers, data_requests, exports, sessions
from xplorium.services.context import RequestContext, client_address
from xplorium.services.errors import Forbidden, Unauthenticated
from xplorium.services.health import check_health, check_ready
from xplorium.services.result import failure, run

COMPLETE_PATH = "/api/auth/complete"
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
LOOPBACK = {"127.0.0.1", "::1"}


def _may_scrape(request: Request) -> bool:
    if settings.metrics_token:
        return secrets.compare_digest(
            request.headers.get("authorization", ""), f"Bearer {settings.metrics_token}"
        )
    peer = request.client.host if request.client else ""
    return peer in LOOPBACK and "x-forwarded-for" not in request.headers


async def metrics_page(request: Request) -> Response:
    if not _may_scrape(request):
        return Response("Forbidden", status_code=403, headers=NO_STORE)
    # The queue's figures are a database read: off the event loop.
    body = await run_in_threadpool(metrics.exposition)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers=NO_STORE)


async def _checked(check) -> JSONResponse:
    # The checks block on sockets; run them off the event loop that serves every page.
    healthy, body = await run_in_threadpool(check, get_engine())
    return JSONResponse(body, status_code=200 if healthy else 503, headers={"Cache-Control": "no-store"})


async def health(_request: Request) -> JSONResponse:
    return await _checked(check_health)


async def ready(_request: Request) -> JSONResponse:
    return await _checked(check_ready)


async def live(_request: Request) -> JSONResponse:
    # No I/O: an answer means the process and its event loop are running.
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


def safe_next(value: str | None, default: str) -> str:
    """`value` if it is a path on this site (no scheme, host, or protocol-relative trick)."""
    if not value or len(value) > 500 or not value.startswith("/") or value.startswith("//"):
        return default
    if any(ch in value for ch in "\\\r\n\t") or value.startswith("/api/"):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value


def _request_context(request: Request) -> RequestContext:
    return RequestContext(
        ip=client_address(
            request.client.host if request.client else None, request.headers.get("x-forwarded-for")
        ),
        user_agent=request.headers.get("user-agent"),
    )


def _secure() -> bool:
    # Production always has an https PUBLIC_BASE_URL (config refuses anything else).
    return settings.is_production or settings.public_base_url.startswith("https://")


def _set_cookie(response: Response, name: str, value: str, expires_at: datetime) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max(0, int((expires_at - clock.now()).total_seconds())),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(),
    )


def _clear_cookie(response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=_secure())


def _redirect(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303, headers=NO_STORE)


def complete_sign_in(request: Request) -> Response:
    # The binding cookie exists only in the browser that signed in (see services/sessions.py).
    issued = sessions.activate(
        request.query_params.get("ticket", ""), request.cookies.get(SIGN_IN_BINDING_COOKIE)
    )
    if issued is None:
        response = _redirect("/signin?expired=1")
    else:
        default = "/admin" if issued.role in STAFF_ROLES else "/profile"
        response = _redirect(safe_next(request.query_params.get("next"), default))
        _set_cookie(response, SESSION_COOKIE_NAME, issued.token, issued.expires_at)
    response.delete_cookie(SIGN_IN_BINDING_COOKIE, path=COMPLETE_PATH, samesite="strict", secure=_secure())
    return response


def sign_out(request: Request) -> Response:
    # A foreign Origin never gets here (xplorium/middleware.py).
    accounts.sign_out(_request_context(request), request.cookies.get(SESSION_COOKIE_NAME))
    response = JSONResponse({"ok": True}, headers=NO_STORE)
    _clear_cookie(response, SESSION_COOKIE_NAME)
    return response


def open_reset_link(request: Request) -> Response:
    token = request.query_params.get("token", "")
    expires_at = accounts.reset_token_expiry(token)
    if expires_at is None:
        response = _redirect("/reset?expired=1")
        _clear_cookie(response, RESET_COOKIE_NAME)
        return response
    response = _redirect("/reset/new")
    _set_cookie(response, RESET_COOKIE_NAME, token, expires_at)
    return response


def reset_done(_request: Request) -> Response:
    response = _redirect("/signin?reset=1")
    _clear_cookie(response, RESET_COOKIE_NAME)
    return response


def _staff_context(
    request: Request, roles: tuple[Role, ...] = STAFF_ROLES
) -> tuple[RequestContext | None, Response | None]:
    """The signed-in person of this request if their role is one of `roles`, or the JSON
    refusal to send instead."""
    user = sessions.resolve(request.cookies.get(SESSION_COOKIE_NAME))
    error = Unauthenticated() if user is None else None if user.role in roles else Forbidden()
    if error is not None:
        refusal = failure(error)
        return None, JSONResponse(refusal.to_dict(), status_code=refusal.status, headers=NO_STORE)
    client = _request_context(request)
    return user.context(ip=client.ip, user_agent=client.user_agent), None


def _export(request: Request, build, roles: tuple[Role, ...] = STAFF_ROLES) -> Response:
    ctx, refusal = _staff_context(request, roles)
    if refusal is not None:
        return refusal
    result = run(build, ctx, dict(request.query_params))
    if not result.ok:
        return JSONResponse(result.to_dict(), status_code=result.status, headers=NO_STORE)
    file = result.data
    return Response(
        file.content,
        media_type=file.media_type,
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


def export_bookings_csv(request: Request) -> Response:
    return _export(request, exports.bookings_csv)


def export_bookings_ics(request: Request) -> Response:
    return _export(request, exports.bookings_ics)


def export_marketing_csv(request: Request) -> Response:
    return _export(request, lambda ctx, _query: customers.marketing_export(ctx))


def export_customer_data(request: Request) -> Response:
    return _export(
        request, lambda ctx, _query: data_requests.export_customer(ctx, request.path_params["user_id"])
    )


def export_own_data(request: Request) -> Response:
    return _export(request, lambda ctx, _query: data_requests.export_own(ctx), tuple(Role))


def download_backup(request: Request) -> Response:
    return _export(request, lambda ctx, _query: backup.download(ctx), (Role.SUPER_ADMIN,))


_UNSUBSCRIBE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">
<h1>{title}</h1><p>{text}</p><p><a href="/">Xplorium</a></p></body></html>"""


def unsubscribe(request: Request) -> Response:
    """The link in every campaign message: consent is withdrawn at once (GET or one-click POST)."""
    outcome = campaigns.unsubscribe(request.query_params.get("token", ""))
    title, text, status = {
        campaigns.DONE: (
            _("You are unsubscribed"),
            _("You will receive no more news emails from Xplorium."),
            200,
        ),
        campaigns.ALREADY: (
            _("Already unsubscribed"),
            _("You were already unsubscribed; nothing changed."),
            200,
        ),
        campaigns.INVALID: (_("This link does not work"), _("The unsubscribe link is not valid."), 400),
    }[outcome]
    page = _UNSUBSCRIBE_PAGE.format(title=title, text=text)
    return HTMLResponse(page, status_code=status, headers=NO_STORE)


routes = [
    Route("/api/health", health, methods=["GET"]),
    Route("/api/ready", ready, methods=["GET"]),
    Route("/api/live", live, methods=["GET"]),
    Route("/metrics", metrics_page, methods=["GET"]),
    Route(COMPLETE_PATH, complete_sign_in, methods=["GET"]),
    Route("/api/auth/signout", sign_out, methods=["POST"]),
    Route("/api/auth/reset", open_reset_link, methods=["GET"]),
    Route("/api/auth/reset/done", reset_done, methods=["GET"]),
    Route("/api/admin/bookings.csv", export_bookings_csv, methods=["GET"]),
    Route("/api/admin/bookings.ics", export_bookings_ics, methods=["GET"]),
    Route("/api/admin/customers/marketing.csv", export_marketing_csv, methods=["GET"]),
    Route("/api/admin/customers/{user_id}/data.json", export_customer_data, methods=["GET"]),
    Route("/api/admin/backup.json", download_backup, methods=["GET"]),
    Route("/api/profile/data.json", export_own_data, methods=["GET"]),
    Route(campaigns.UNSUBSCRIBE_PATH, unsubscribe, methods=["GET", "POST"]),
]
# The auth routes are plain functions: Starlette runs them in its thread pool, so their
# database and bcrypt work never blocks the event loop the websocket shares.

# The middleware wraps Reflex's own app too, once Reflex mounts it under these routes: pages,
# routes and the event socket all pass the host, origin and header checks.
api = Starlette(routes=routes, middleware=[Middleware(metrics.RequestTiming), Middleware(SecurityMiddleware)])
