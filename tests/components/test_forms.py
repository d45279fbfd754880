"""Form pieces that carry a rule: the main action's look, the frameless fieldset, the alert."""

import reflex as rx

from xplorium.components.forms import bare_fieldset, form_alert, submit_button, wide_button
from xplorium.state.account import SignInState


def test_a_wide_button_fills_the_width_and_spins_while_loading():
    jsx = str(wide_button("Register", loading=SignInState.submitting, type="submit"))
    assert '["width"] : "100%"' in jsx and "loading:" in jsx and 'type:"submit"' in jsx


def test_a_submit_button_waits_for_the_page_to_connect():
    jsx = str(submit_button("Sign in", loading=SignInState.submitting))
    assert "is_hydrated" in jsx and 'type:"submit"' in jsx


def test_a_bare_fieldset_keeps_its_legend_but_not_the_frame():
    jsx = str(bare_fieldset(rx.el.legend("Coming?"), rx.text("choices")))
    assert '["border"] : "none"' in jsx and jsx.index('"Coming?"') < jsx.index('"choices"')


def test_a_form_alert_is_announced():
    assert 'role:"alert"' in str(form_alert(SignInState.form_error))
