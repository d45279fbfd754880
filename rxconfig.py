"""Reflex configuration; everything environment-specific comes from xplorium.config."""

import os
import tempfile

import reflex as rx

from xplorium.config import settings

# Before any worker imports prometheus_client: the app's backend workers share one directory of
# metric files, so GET /metrics adds up every worker (xplorium/metrics.py). A process that
# starts the app gets a fresh one; the workers it starts inherit it.
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="xplorium-metrics-")

config = rx.Config(
    app_name="xplorium",
    redis_url=settings.redis_url,
    # CORS answers of the HTTP routes and the socket's handshake check: the app's own origins only.
    cors_allowed_origins=list(settings.origins),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="orange", gray_color="sand", radius="large", appearance="light")
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
