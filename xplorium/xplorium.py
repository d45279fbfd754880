"""The Reflex application."""

import reflex as rx

import xplorium.pages  # noqa: F401  (registers the pages)
from xplorium.api import api
from xplorium.logging import configure_logging

configure_logging()

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.script(src="/focus.js")],
    html_lang="en",
    api_transformer=api,
)
