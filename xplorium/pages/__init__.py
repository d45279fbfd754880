"""Importing this package registers every page with Reflex."""

from xplorium.pages import home  # noqa: F401
