"""Every link to a page goes through `page_href` (or a component that calls it), so an
English page links to English pages: a bare "/profile" on /en/... opened the Serbian one."""

import ast

from xplorium.components.links import anchor_button
from xplorium.config import PROJECT_ROOT
from xplorium.i18n import use_locale
from xplorium.state.public import PricingState

UI = [PROJECT_ROOT / "xplorium" / "pages", PROJECT_ROOT / "xplorium" / "components"]
# Components that localize their own href (xplorium/components/links.py).
LOCALIZING = {"page_href", "link_button", "menu_link"}


def link_targets(source: str):
    """Each `href=`/`to=` of a call in `source`: (the call's name, the line, and the text the
    value starts with, or None where it starts with no string)."""
    for call in ast.walk(ast.parse(source)):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "id", getattr(call.func, "attr", ""))
        for keyword in call.keywords:
            if keyword.arg not in ("href", "to"):
                continue
            start = keyword.value
            while isinstance(start, ast.BinOp):
                start = start.left
            text = start.value if isinstance(start, ast.Constant) and isinstance(start.value, str) else None
            yield name, keyword.value.lineno, text


def bare_page_links(source: str) -> list[str]:
    """`href=`/`to=` values that start with a page path and are not handed to `page_href`."""
    return [
        f"{line}: {text}"
        for name, line, text in link_targets(source)
        if name not in LOCALIZING and text and text.startswith("/") and not text.startswith(("/api/", "/_"))
    ]


def router_anchor_links(source: str) -> list[str]:
    """In-page anchors ("#...") handed to a page-router link, which resolves them against the
    route: on /en/pricing, "#cafe" led to /en#cafe, the home page."""
    return [
        f"{line}: {text}"
        for name, line, text in link_targets(source)
        if name in (*LOCALIZING, "link") and text and text.startswith("#")
    ]


def offenders(check) -> dict[str, list[str]]:
    """`check`'s findings in every page and component module, by file."""
    return {
        str(path.relative_to(PROJECT_ROOT)): links
        for folder in UI
        for path in sorted(folder.rglob("*.py"))
        if (links := check(path.read_text()))
    }


def test_every_page_link_is_in_the_pages_language():
    assert offenders(bare_page_links) == {}


def test_no_in_page_anchor_goes_through_the_page_router():
    assert offenders(router_anchor_links) == {}
    assert router_anchor_links(
        'link_button("Cafe", href="#" + group.anchor)\nrx.el.a("Skip", href="#main")'
    ) == ["1: #"]


def test_an_anchor_button_links_to_the_place_on_this_page_in_any_language():
    # page_href would put the language's prefix before a run-time anchor: "/en" + "#cafe".
    with use_locale("en"):
        jsx = str(anchor_button("Cafe", anchor=PricingState.groups[0].anchor))
    assert 'to:("#"+' in jsx and '"/en"' not in jsx


def test_the_check_sees_a_bare_link():
    source = """
rx.link("Profile", href="/profile")
rx.link("Booking", href="/profile/bookings/" + item.reference)
rx.link("Fine", href=page_href("/profile"))
link_button("Fine", href="/admin")
rx.link("File", href="/api/export.csv")
"""
    assert bare_page_links(source) == ["2: /profile", "3: /profile/bookings/"]
