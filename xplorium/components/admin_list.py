"""The scaffolding of a back-office list page: toolbar, table with paging, row reordering and
the create/edit dialog. The state is one with `AdminListMixin` (state/backoffice/list_state.py).
"""

from collections.abc import Callable, Sequence

import reflex as rx

from xplorium.components.admin_layout import (
    confirm_dialog,
    end_actions,
    error_callout,
    loaded_or_empty,
    pagination,
    secondary_button,
)
from xplorium.components.links import download_button
from xplorium.components.text import muted
from xplorium.i18n import _


def toolbar(*children: rx.Component) -> rx.Component:
    """The row above a list: search, filters, then (after a spacer) the create button."""
    return rx.hstack(*children, width="100%", align="center", spacing="3", wrap="wrap")


def list_search(state, *, placeholder: str, aria_label: str, width: str) -> rx.Component:
    """The search box of a state with SearchMixin."""
    return search_form(
        state.search, state.apply_search, placeholder=placeholder, aria_label=aria_label, width=width
    )


def add_button(label: str, on_click, icon: str = "plus") -> rx.Component:
    """The toolbar's create button; the empty list offers it too."""
    return rx.button(rx.icon(icon, size=16), label, on_click=on_click)


def csv_button(label: str, href: str, icon: str = "file-spreadsheet", **props) -> rx.Component:
    """A grey button downloading the export at `href` (by default a spreadsheet)."""
    return download_button(
        rx.icon(icon, size=16), label, href=href, variant="soft", color_scheme="gray", **props
    )


def search_form(value: rx.Var, on_submit, *, placeholder: str, aria_label: str, width: str) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="search",
                placeholder=placeholder,
                default_value=value,
                aria_label=aria_label,
                width=width,
            ),
            rx.button(_("Search"), type="submit", variant="soft"),
            spacing="2",
        ),
        on_submit=on_submit,
        width="auto",
    )


def filter_field(label: str, control_id: str, *children: rx.Component, **props) -> rx.Component:
    """A list filter's small label above its control (`control_id`) and whatever follows it."""
    return rx.vstack(
        rx.el.label(rx.text(label, size="1", weight="medium"), html_for=control_id),
        *children,
        spacing="1",
        **props,
    )


def filter_form(state, *fields: rx.Component, apply_label: str, columns, **form_props) -> rx.Component:
    """A list's filter bar: `fields` in a grid of `columns`, then Apply (`apply_label`) and Clear.
    The state's apply_filters takes the form's data and clear_filters empties the filters."""
    return rx.form(
        rx.grid(
            *fields,
            rx.hstack(
                rx.button(rx.icon("filter", size=16), apply_label, type="submit"),
                secondary_button(
                    _("Clear"),
                    type="button",
                    on_click=state.clear_filters,
                ),
                spacing="2",
                align="end",
                height="100%",
            ),
            columns=columns,
            spacing="3",
            align="end",
            width="100%",
        ),
        on_submit=state.apply_filters,
        width="100%",
        **form_props,
    )


def date_filter(filters: rx.Var, name: str) -> rx.Component:
    """The date input of the list filter `filters[name]` (a bound of a date range)."""
    return rx.input(name=name, id=name, type="date", default_value=filters[name])


def move_buttons(move: Callable, row_id: rx.Var) -> rx.Component:
    """Up and down arrows that reorder a row (`move(row_id, "up" | "down")`)."""
    return rx.hstack(
        *(
            rx.icon_button(
                rx.icon(f"chevron-{direction}", size=14),
                size="1",
                variant="ghost",
                aria_label=_("Move {direction}").format(direction=direction),
                on_click=move(row_id, direction),
            )
            for direction in ("up", "down")
        ),
        spacing="1",
    )


def order_header() -> rx.Component:
    """The header of the column of move_buttons."""
    return rx.table.column_header_cell(_("Order"), width="80px")


def row_menu(
    aria_label: rx.Var | str, *items: rx.Component, icon_size: int = 16, **button_props
) -> rx.Component:
    """A row's "…" button and the menu of what can be done with the row; `icon_size` and
    `button_props` make the button smaller where rows are."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=icon_size), variant="ghost", aria_label=aria_label, **button_props
            )
        ),
        rx.menu.content(*items),
    )


def status_menu_items(row, actions, on_click: Callable) -> tuple[rx.Component, ...]:
    """The row's next statuses as menu items; `actions` are (status, label, icon) and
    `on_click(status)` the handler; cancelling shows in red."""
    return tuple(
        rx.cond(
            row["next_statuses"].to(list[str]).contains(status),
            rx.menu.item(
                rx.icon(icon, size=14),
                _(label),
                on_click=on_click(status),
                color_scheme="red" if status == "CANCELLED" else None,
            ),
        )
        for status, label, icon in actions
    )


def main_and_detail(main, detail, **text_props) -> rx.Component:
    """A cell's main text (styled by `text_props`) over its detail, small and muted."""
    return rx.vstack(rx.text(main, **text_props), muted(detail, size="1"), spacing="0")


def actions_header(width: str | None = None) -> rx.Component:
    """The header of the actions column: named for screen readers only."""
    return rx.table.column_header_cell(rx.el.span(_("Actions"), class_name="sr-only"), width=width)


def _header_cell(column: rx.Component | str) -> rx.Component:
    # An unlabelled column ("") holds a row's actions: its header still names it.
    if isinstance(column, str):
        return rx.table.column_header_cell(column) if column else actions_header()
    return column


def data_table(columns: Sequence[rx.Component | str], rows: rx.Var, row: Callable, **props) -> rx.Component:
    """A table the container's width: a header of `columns` (labels, "" for the actions, or
    header cells where one needs a width or hidden text), then `row(item)` for each of `rows`;
    `props` set its look."""
    return rx.table.root(
        rx.table.header(rx.table.row(*(_header_cell(column) for column in columns))),
        rx.table.body(rx.foreach(rows, row)),
        width="100%",
        **props,
    )


def compact_table(columns: Sequence[rx.Component | str], rows: rx.Var, row: Callable) -> rx.Component:
    """A small surface data_table that scrolls sideways where it is wider than the column."""
    return rx.box(
        data_table(columns, rows, row, variant="surface", size="1"),
        overflow_x="auto",
        width="100%",
    )


def list_table(
    state,
    columns: Sequence[rx.Component | str],
    row: Callable,
    noun: str,
    empty: rx.Component,
    **table_props,
) -> rx.Component:
    """The state's rows as a table with pagination, or `empty` once loaded with no rows.

    `columns` and `table_props` as for data_table (by default the table is a surface).
    """
    return loaded_or_empty(
        state.rows,
        state.loading,
        rx.vstack(
            data_table(columns, state.rows, row, **{"variant": "surface", **table_props}),
            pagination(
                state.page,
                state.page_count,
                state.total,
                state.go_to_page(state.page - 1),
                state.go_to_page(state.page + 1),
                noun,
            ),
            spacing="3",
            width="100%",
        ),
        empty,
    )


def close_button(label: str, on_click, **props) -> rx.Component:
    """A dialog's grey button that closes it, running `on_click`."""
    return rx.dialog.close(secondary_button(label, on_click=on_click, **props))


def closable_dialog(open: rx.Var, on_close, *children: rx.Component, max_width: str) -> rx.Component:
    """A dialog of `children` that is open while `open`; closing it any way runs `on_close`."""
    return rx.dialog.root(
        rx.dialog.content(*children, max_width=max_width),
        open=open,
        on_open_change=lambda _open: on_close(),
    )


def form_dialog(
    title: rx.Var | str,
    *fields: rx.Component,
    open: rx.Var,
    on_close,
    on_submit,
    message: rx.Var,
    saving: rx.Var,
    submit_label: str,
    max_width: str,
    description: str = "",
    **form_props,
) -> rx.Component:
    """A dialog around a form: the service's message, the fields, Cancel and submit."""
    return closable_dialog(
        open,
        on_close,
        rx.dialog.title(title),
        rx.dialog.description(description, size="2", color=rx.color("gray", 11))
        if description
        else rx.fragment(),
        rx.form(
            rx.vstack(
                error_callout(message),
                *fields,
                end_actions(
                    close_button(_("Cancel"), on_close, type="button"),
                    rx.button(submit_label, type="submit", loading=saving),
                    spacing="3",
                ),
                spacing="3",
            ),
            on_submit=on_submit,
            # The server checks every field and says what is wrong beside it, in the app's
            # words (the browser's own bubbles would stop some input before that).
            no_validate=True,
            **form_props,
        ),
        max_width=max_width,
    )


def edit_dialog(state, titles: tuple[str, str], *fields: rx.Component, key=None, **props) -> rx.Component:
    """The create/edit dialog of a state with FormDialogMixin, titled `titles` (editing a row,
    creating one); `key` (by default the row and whether it is open) remounts the fields so they
    show the form's values."""
    return form_dialog(
        rx.cond(state.editing_id > 0, *titles),
        *fields,
        open=state.form_open,
        on_close=state.close_form,
        on_submit=state.save,
        message=state.form_message,
        saving=state.saving,
        key=key if key is not None else state.editing_id.to_string() + state.form_open.to_string(),
        **props,
    )


def choice_select(value: rx.Var, on_change, aria_label: str, options, **trigger_props) -> rx.Component:
    """A select of (value, label) `options` showing `value`; `trigger_props` style its button."""
    return rx.select.root(
        rx.select.trigger(aria_label=aria_label, **trigger_props),
        rx.select.content(*(rx.select.item(label, value=option) for option, label in options)),
        value=value,
        on_change=on_change,
    )


def filter_select(state, name: str, aria_label: str, options) -> rx.Component:
    """The list filter held in `state.<name>_filter`; `options` are (value, label) pairs, the
    "all" choice first."""
    return choice_select(
        getattr(state, f"{name}_filter"), getattr(state, f"set_{name}_filter"), aria_label, options
    )


def list_confirm_dialog(state, **props) -> rx.Component:
    """The confirmation of a state with ConfirmMixin: it asks, `state.confirm` acts."""
    return confirm_dialog(
        state.confirm_open,
        state.confirm_title,
        state.confirm_body,
        state.confirm_label,
        state.confirm,
        state.cancel_confirm,
        **props,
    )
