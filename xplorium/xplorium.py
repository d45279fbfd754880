"""The Reflex application."""

import reflex as rx

from xplorium import loop_probe
from xplorium.api import api
from xplorium.config import settings
from xplorium.jobs import worker
from xplorium.logging import configure_logging
from xplorium.routes import add_pages
from xplorium.state.outage import backend_exception_handler

configure_logging()

if settings.bench_floor:
    import bench.floor  # noqa: F401 - registers the bench's FloorState (BENCH_FLOOR=1 only)

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.script(src="/focus.js")],
    html_lang="sr-Latn",
    api_transformer=api,
    backend_exception_handler=backend_exception_handler,
)
add_pages(app)

if settings.loop_probe_seconds > 0:
    app.register_lifespan_task(loop_probe.probe)
app.register_lifespan_task(worker.in_app)
