"""Importing this package registers every page with Reflex."""

from xplorium.pages import book, events, home, pricing, sections  # noqa: F401
