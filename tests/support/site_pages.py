"""Every page route the app registers, with a concrete path for the dynamic ones."""

from reflex_base.registry import RegistrationContext

import xplorium.pages  # noqa: F401  (registers the pages)

# A value for each dynamic public route, from the demo data (xplorium/services/demo_data.py).
# The back office's (a customer's page) is reached from its list, as staff reach it.
DYNAMIC = {"/events/[slug]": "/events/pidzama-zurka"}
# Pages a signed-in parent sees; every /admin page needs staff.
PARENT_ONLY = {"/profile"}


def routes() -> list[str]:
    return [kwargs["route"] for _render, kwargs in RegistrationContext.ensure_context().decorated_pages]


def public_paths() -> list[str]:
    return [DYNAMIC.get(route, route) for route in routes() if not route.startswith("/admin")]


def admin_paths() -> list[str]:
    """Every back-office route; the dynamic ones still with their [placeholder]."""
    return [route for route in routes() if route.startswith("/admin")]
