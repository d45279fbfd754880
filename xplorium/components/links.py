"""Links that look like buttons or menu items, as one element each.

`rx.link(rx.button(...))` renders a button inside a link: two stops for the keyboard and a
control inside a control. Here the button or menu item *is* the link (Radix `asChild`), so
Enter, a tap anywhere on it and a screen reader all get the same single link.
"""

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink

from xplorium.i18n import LABELS, LOCALES, PREFIXES, _, current_locale, localized

LANGUAGE_ROUTE = "/api/lang"


def page_href(href: str | rx.Var) -> str | rx.Var:
    """A link to a page of the app, in the language of the page being built."""
    if isinstance(href, str):
        return localized(href)
    prefix = PREFIXES.get(current_locale(), "")
    if not prefix:
        return href
    # A path that already carries the prefix (built in this locale at run time) keeps it.
    text = href.to(str)
    return rx.cond(text.startswith(prefix + "/") | (text == prefix), text, prefix + text)


def link_button(*children: rx.Component | str, href: str | rx.Var, **props) -> rx.Component:
    """A button-styled link to a page of the app (client-side navigation)."""
    return rx.button(ReactRouterLink.create(*children, to=page_href(href)), as_child=True, **props)


def anchor_button(*children: rx.Component | str, anchor: str | rx.Var, **props) -> rx.Component:
    """A button-styled link to the element `anchor` names on this page. A plain <a>: the page
    router would resolve "#anchor" against the route (/en#anchor, the home page)."""
    return rx.button(rx.el.a(*children, href="#" + anchor), as_child=True, **props)


def download_button(*children: rx.Component | str, href: str | rx.Var, **props) -> rx.Component:
    """A button-styled link to a file route: the browser fetches it, not the page router."""
    return rx.button(_file_link(*children, href=href), as_child=True, **props)


def menu_link(label: str | rx.Var, href: str, **props) -> rx.Component:
    """A menu item that is the link: ArrowDown + Enter or a tap anywhere on the row follows it."""
    return rx.menu.item(ReactRouterLink.create(label, to=page_href(href)), as_child=True, **props)


def download_menu_item(*children: rx.Component | str, href: str, **props) -> rx.Component:
    """A menu item that downloads a file route (Enter or a tap anywhere on the row)."""
    return rx.menu.item(_file_link(*children, href=href), as_child=True, **props)


def _file_link(*children: rx.Component | str, href: str | rx.Var) -> rx.Component:
    # Reflex renders every <a href> as a router link; reload_document hands the click back to
    # the browser, which downloads the file (a router would show its 404 page instead).
    return ReactRouterLink.create(*children, to=href, reload_document=True, download="")


def language_switch() -> rx.Component:
    """SR | EN: the other language opens the same page in it (a full load through
    /api/lang, which remembers the choice in a cookie and on a signed-in account, and
    returns to the page it came from). On a phone only the other language shows."""
    items = []
    for index, locale in enumerate(LOCALES):
        if index:
            items.append(
                rx.text(
                    "|", color=rx.color("gray", 9), aria_hidden="true", size="2", class_name="xp-lang-sep"
                )
            )
        label = LABELS[locale]
        if locale == current_locale():
            items.append(
                rx.text(label, weight="bold", size="2", aria_current="true", class_name="xp-lang-current")
            )
        else:
            items.append(
                ReactRouterLink.create(
                    label,
                    to=f"{LANGUAGE_ROUTE}?to={locale}",
                    reload_document=True,
                    lang="en" if locale == "en" else "sr-Latn",
                    aria_label=_("Show this page in English")
                    if locale == "en"
                    else "Prikaži stranicu na srpskom",
                    class_name="xp-lang-link",
                    style={"fontWeight": "500", "fontSize": "var(--font-size-2)"},
                )
            )
    return rx.hstack(*items, spacing="1", align="center", role="group", aria_label=_("Language"))
