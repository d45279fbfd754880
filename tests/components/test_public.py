"""Building blocks of the public pages that carry a rule: who a message is announced to,
what waits for the state, which error sits under which controls."""

import reflex as rx

from xplorium.components.public import column_page, dead_link, field_group
from xplorium.state.booking import BookingState
from xplorium.state.my_booking import MyBookingState


def test_a_dead_link_announces_its_message_only_when_asked():
    assert 'role:"alert"' in str(dead_link("Gone", "Expired.", rx.text("x"), role="alert"))
    plain = str(dead_link("Gone", "Expired.", rx.text("x"), align="center"))
    assert "role:" not in plain and 'align:"center"' in plain


def test_a_column_page_shows_a_spinner_until_the_state_has_loaded():
    jsx = str(column_page(MyBookingState.loaded, rx.text("content"), max_width="760px"))
    assert "RadixThemesSpinner" in jsx and '["maxWidth"] : "760px"' in jsx


def test_a_field_group_puts_its_error_under_its_controls():
    jsx = str(field_group("Date", rx.text("controls"), errors=BookingState.errors, name="date"))
    assert jsx.index('"Date"') < jsx.index('"controls"') < jsx.index('"date-error"')
