"""Two columns from a breakpoint up, and the grid of cards."""

import reflex as rx

from xplorium.components.grids import card_grid, two_columns
from xplorium.state.public import HomeState


def test_two_columns_start_at_the_breakpoint_asked_for():
    assert '["initial"] : "1", ["md"] : "2"' in str(two_columns(rx.text("a"), rx.text("b")))
    phone_sideways = str(two_columns(rx.text("a"), wide_from="sm", spacing="3"))
    assert '["initial"] : "1", ["sm"] : "2"' in phone_sideways and 'gap:"3"' in phone_sideways


def test_a_card_grid_widens_to_the_desktop_column_count():
    jsx = str(card_grid(HomeState.cards, lambda card: rx.text(card.title), widest="4"))
    assert '["initial"] : "1", ["sm"] : "2", ["lg"] : "4"' in jsx
