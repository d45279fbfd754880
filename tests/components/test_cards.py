"""The shared cards: one column inside, the title an h2, a card link localized."""

import reflex as rx

from xplorium.components.cards import card_link, column_card, narrow_card, titled_card
from xplorium.i18n import use_locale


def test_a_column_card_holds_its_children_in_one_full_width_column():
    jsx = str(column_card(rx.text("one"), rx.text("two"), spacing="1", size="3"))
    assert jsx.startswith("jsx(RadixThemesCard,")
    assert 'direction:"column"' in jsx and 'gap:"1"' in jsx and 'size:"3"' in jsx
    assert jsx.index('"one"') < jsx.index('"two"')


def test_a_titled_card_starts_with_an_h2():
    jsx = str(titled_card("Deposit", rx.text("body"), heading_size="4"))
    assert 'jsx(RadixThemesHeading,{as:"h2",size:"4"},"Deposit")' in jsx
    assert jsx.index('"Deposit"') < jsx.index('"body"')


def test_a_narrow_card_keeps_to_its_width():
    assert '["maxWidth"] : "560px"' in str(narrow_card(rx.text("x"), max_width="560px"))


def test_a_card_link_goes_to_the_page_in_the_pages_language():
    with use_locale("en"):
        jsx = str(card_link("/events", rx.text("x")))
    assert 'to:"/en/events"' in jsx
