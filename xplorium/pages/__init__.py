"""Importing this package registers every page with Reflex."""

from xplorium.pages import admin_home, home  # noqa: F401
