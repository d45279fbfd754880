"""The Reflex application."""

import reflex as rx

import xplorium.pages  # noqa: F401  (registers the pages)
from xplorium.api import api
from xplorium.logging import configure_logging
from xplorium.state.outage import backend_exception_handler

configure_logging()

app = rx.App(
    stylesheets=["/styles.css"],
    api_transformer=api,
    backend_exception_handler=backend_exception_handler,
)
