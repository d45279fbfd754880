"""Plain HTTP routes, mounted next to Reflex's own through `api_transformer`."""

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from xplorium.db import get_engine
from xplorium.services.health import check_health


async def health(_request: Request) -> JSONResponse:
    # The checks block on sockets; run them off the event loop that serves every page.
    healthy, body = await run_in_threadpool(check_health, get_engine())
    return JSONResponse(body, status_code=200 if healthy else 503, headers={"Cache-Control": "no-store"})


routes = [Route("/api/health", health, methods=["GET"])]

api = Starlette(routes=routes)
