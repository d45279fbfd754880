"""How a section's content (a ContentBody) looks on the public site.

The back-office preview renders a version with exactly this, before it is published.
"""

import reflex as rx

from xplorium.components.text import muted
from xplorium.i18n import _


def menu_item(item) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(item["name"], weight="medium"),
            rx.cond(item["description"] != "", muted(item["description"])),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            item["price"] != "",
            rx.text(item["price"].to(str) + " RSD", weight="medium", white_space="nowrap"),
        ),
        width="100%",
        padding_y="0.6rem",
        border_bottom=f"1px dashed {rx.color('gray', 6)}",
        align="start",
    )


def content_view(body) -> rx.Component:
    """`body` is a Var holding a ContentBody (headline, intro, paragraphs, highlights, items)."""
    return rx.vstack(
        rx.cond(body["headline"] != "", rx.heading(body["headline"], size="8", as_="h1", line_height="1.15")),
        rx.cond(body["intro"] != "", muted(body["intro"], size="5")),
        rx.foreach(body["paragraphs"].to(list[str]), lambda p: rx.text(p, size="3", white_space="pre-line")),
        rx.cond(
            body["highlights"].to(list[str]).length() > 0,
            rx.flex(
                rx.foreach(
                    body["highlights"].to(list[str]),
                    lambda h: rx.badge(
                        rx.icon("check", size=14), h, size="3", variant="soft", color_scheme="orange"
                    ),
                ),
                wrap="wrap",
                gap="2",
            ),
        ),
        rx.cond(
            body["items"].to(list[dict]).length() > 0,
            rx.card(
                rx.vstack(
                    rx.heading(_("Menu"), size="5", as_="h2"),
                    rx.foreach(body["items"].to(list[dict]), menu_item),
                    spacing="1",
                    width="100%",
                ),
                size="3",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
