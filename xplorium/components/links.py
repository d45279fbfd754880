"""Links that look like buttons or menu items, as one element each.

`rx.link(rx.button(...))` renders a button inside a link: two stops for the keyboard and a
control inside a control. Here the button or menu item *is* the link (Radix `asChild`), so
Enter, a tap anywhere on it and a screen reader all get the same single link.
"""

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink


def link_button(*children: rx.Component | str, href: str | rx.Var, **props) -> rx.Component:
    """A button-styled link to a page of the app (client-side navigation)."""
    return rx.button(ReactRouterLink.create(*children, to=href), as_child=True, **props)


def download_button(*children: rx.Component | str, href: str | rx.Var, **props) -> rx.Component:
    """A button-styled link to a file route: the browser fetches it, not the page router."""
    return rx.button(_file_link(*children, href=href), as_child=True, **props)


def menu_link(label: str | rx.Var, href: str, **props) -> rx.Component:
    """A menu item that is the link: ArrowDown + Enter or a tap anywhere on the row follows it."""
    return rx.menu.item(ReactRouterLink.create(label, to=href), as_child=True, **props)


def download_menu_item(*children: rx.Component | str, href: str, **props) -> rx.Component:
    """A menu item that downloads a file route (Enter or a tap anywhere on the row)."""
    return rx.menu.item(_file_link(*children, href=href), as_child=True, **props)


def _file_link(*children: rx.Component | str, href: str | rx.Var) -> rx.Component:
    # Reflex renders every <a href> as a router link; reload_document hands the click back to
    # the browser, which downloads the file (a router would show its 404 page instead).
    return ReactRouterLink.create(*children, to=href, reload_document=True, download="")
