"""The controls of a back-office form: inputs, selects and checkboxes whose name and id are the
field's and whose value is the state's `form[name]`, and the fields they make with their labels."""

from collections.abc import Callable

import reflex as rx

from xplorium.components.admin_layout import form_field
from xplorium.i18n import N_, _

DESCRIPTION_LABELS = (
    N_("Description (Serbian)"),
    N_("Description in English"),
    N_("Optional: English readers see the Serbian description when empty."),
)


def label_choices(labels: dict) -> tuple:
    """(value, label) pairs of an enum's label table, translated."""
    return tuple((key.value, _(label)) for key, label in labels.items())


def field_grid(*fields: rx.Component, columns: str = "3") -> rx.Component:
    """Short fields side by side in a form dialog."""
    return rx.grid(*fields, columns=columns, spacing="3", width="100%")


def form_checkbox(form: rx.Var, name: str, label: str) -> rx.Component:
    """A checkbox of a form dialog, on when `form[name]` is "on"."""
    return rx.el.label(
        rx.hstack(
            rx.checkbox(name=name, default_checked=form[name] == "on"),
            rx.text(label, size="2"),
            spacing="2",
            align="center",
        ),
    )


def named_input(name: str, value, **props) -> rx.Component:
    """An input whose name and id are `name`, showing `value` until it is edited."""
    return rx.input(name=name, id=name, default_value=value, width="100%", **props)


def form_input(form: rx.Var, name: str, **props) -> rx.Component:
    return named_input(name, form[name], **props)


def form_count(form: rx.Var, name: str, min: int = 0, **props) -> rx.Component:
    """A whole-number input (from `min`), with the phone's number pad."""
    return form_input(form, name, type="number", min=min, inputmode="numeric", **props)


def form_text_area(form: rx.Var, name: str, **props) -> rx.Component:
    return rx.text_area(name=name, id=name, default_value=form[name], width="100%", **props)


def form_select(form: rx.Var, name: str, options) -> rx.Component:
    """A native select; `options` are (value, label) pairs (labels: messages, translated here)."""
    return rx.el.select(
        *(
            rx.el.option(_(label) if isinstance(label, str) else label, value=value)
            for value, label in options
        ),
        name=name,
        id=name,
        default_value=form[name],
        class_name="xp-native-select",
    )


def form_select_var(form: rx.Var, name: str, options: rx.Var, placeholder: str) -> rx.Component:
    """A native select of options from the state ({value, label} dicts), `placeholder` first."""
    return rx.el.select(
        rx.el.option(placeholder, value=""),
        rx.foreach(options, lambda option: rx.el.option(option["label"], value=option["value"])),
        name=name,
        id=name,
        default_value=form[name],
        class_name="xp-native-select",
    )


def field_factory(form: rx.Var, errors: rx.Var) -> Callable[..., rx.Component]:
    """`field(label, name, control=form_input, *args, hint="", **props)`: the field of `form[name]`,
    its control made by `control(form, name, *args, **props)`, under its label, with the hint and
    the error `errors` holds for it."""

    def field(label: str, name: str, control: Callable = form_input, *args, hint: str = "", **props):
        return form_field(label, name, control(form, name, *args, **props), errors, hint=hint)

    return field


def bilingual_fields(field: Callable, name: str, labels, control: Callable = form_input, **props):
    """A field in Serbian and its optional English twin (`name` and `name_en`), made by `field`
    (from field_factory): `labels` are messages (label, the twin's label, the twin's hint);
    `control` is form_input or form_text_area."""
    label, label_en, hint = (_(message) for message in labels)
    return (
        field(label, name, control, **props),
        field(label_en, f"{name}_en", control, hint=hint, **props),
    )
