"""Importing this package registers every page with Reflex."""

from xplorium.pages import admin_home, home, privacy, profile, signin  # noqa: F401
