"""Importing this package registers every page with Reflex."""

from xplorium.pages import admin_home, book, events, home, pricing, privacy, profile, sections, signin  # noqa: F401
