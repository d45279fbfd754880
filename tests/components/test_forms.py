"""Form pieces that carry a rule: the main action's look, the frameless fieldset, the alert."""

import pytest
import reflex as rx

from xplorium.components.forms import bare_fieldset, form_alert, submit_button, wide_button
from xplorium.i18n import LOCALES
from xplorium.routes import ROUTES, in_locale
from xplorium.state.account import SignInState

PUBLIC_ROUTES = [route for route in ROUTES if not route.path.startswith("/admin")]


def test_a_wide_button_fills_the_width_and_spins_while_loading():
    jsx = str(wide_button("Register", loading=SignInState.submitting, type="submit"))
    assert '["width"] : "100%"' in jsx and "loading:" in jsx and 'type:"submit"' in jsx


def test_a_submit_button_waits_for_the_page_to_connect():
    jsx = str(submit_button("Sign in", loading=SignInState.submitting))
    assert "is_hydrated" in jsx and 'type:"submit"' in jsx


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=lambda route: route.path)
def test_every_public_form_is_sent_only_once_the_page_is_connected(route):
    for locale in LOCALES:
        jsx = str(in_locale(route.page, locale)())
        # Each submit button's own props: from the jsx( call that opens it to its type.
        buttons = [jsx[jsx.rfind("jsx(", 0, at) : at] for at in _find_all(jsx, 'type:"submit"')]
        assert all("is_hydrated" in props for props in buttons), (route.path, locale)


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def test_a_bare_fieldset_keeps_its_legend_but_not_the_frame():
    jsx = str(bare_fieldset(rx.el.legend("Coming?"), rx.text("choices")))
    assert '["border"] : "none"' in jsx and jsx.index('"Coming?"') < jsx.index('"choices"')


def test_a_form_alert_is_announced():
    assert 'role:"alert"' in str(form_alert(SignInState.form_error))
