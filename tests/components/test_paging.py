"""The pager of a list shown a page at a time."""

from xplorium.components.paging import page_steps
from xplorium.i18n import use_locale
from xplorium.state.account import ProfileState


def test_the_pager_names_the_page_between_its_two_buttons():
    with use_locale("en"):
        jsx = str(
            page_steps(
                ProfileState.bookings_page,
                ProfileState.bookings_pages,
                ProfileState.bookings_previous,
                ProfileState.bookings_next,
                prev_label="Newer",
                next_label="Older",
            )
        )
    assert jsx.index('"Newer"') < jsx.index("Page ") < jsx.index('"Older"')
    assert jsx.count("disabled:") == 2
