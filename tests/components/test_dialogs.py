"""The confirmation asked before a step that cannot be undone."""

from xplorium.components.dialogs import confirm_dialog
from xplorium.state.account import ProfileState


def test_a_confirmation_offers_keeping_things_before_going_ahead():
    jsx = str(
        confirm_dialog(
            "Cancel this booking?",
            "It cannot be undone.",
            keep_label="Keep booking",
            on_keep=ProfileState.keep_booking,
            confirm_label="Cancel booking",
            on_confirm=ProfileState.cancel_booking,
            working=ProfileState.cancelling,
            is_open=ProfileState.cancel_reference != "",
        )
    )
    assert "RadixThemesAlertDialog.Cancel" in jsx
    assert jsx.index('"Keep booking"') < jsx.index('"Cancel booking"')
    assert 'color:"red"' in jsx
