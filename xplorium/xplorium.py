"""The Reflex application."""

import reflex as rx

import xplorium.pages  # noqa: F401  (registers the pages)
from xplorium.api import api
from xplorium.jobs import worker
from xplorium.logging import configure_logging

configure_logging()

app = rx.App(
    stylesheets=["/styles.css"],
    api_transformer=api,
)
app.register_lifespan_task(worker.in_app)
