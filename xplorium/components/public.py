"""Building blocks of the public pages: bands, banners and sections, content, package and event
cards, fields with their errors, and the frames of pages that wait for their state."""

import reflex as rx

from xplorium.components.cards import card_link
from xplorium.components.grids import card_grid
from xplorium.components.layout import page
from xplorium.components.links import link_button, page_href
from xplorium.components.loading import spinner_block
from xplorium.components.text import muted
from xplorium.i18n import N_, _

MAX_WIDTH = "1200px"


def container(*children: rx.Component, **props) -> rx.Component:
    props.setdefault("padding_y", rx.breakpoints(initial="2rem", md="3rem"))
    return rx.box(
        *children,
        max_width=MAX_WIDTH,
        margin="0 auto",
        padding_x="1.25rem",
        width="100%",
        **props,
    )


def gradient_band(content: rx.Component, *, padding_y) -> rx.Component:
    """The coloured band at the top of a page, its content in the centred column."""
    return rx.box(
        container(content, padding_y=padding_y),
        background=f"linear-gradient(135deg, {rx.color('orange', 3)} 0%, {rx.color('amber', 2)} 60%, {rx.color('teal', 3)} 100%)",
        width="100%",
    )


def shaded_band(*children: rx.Component) -> rx.Component:
    """A full-width band in soft grey that sets a section apart from its neighbours."""
    return rx.box(*children, background=rx.color("gray", 2), width="100%")


def eyebrow_badge(text) -> rx.Component:
    """The small label above a page's headline."""
    return rx.badge(text, color_scheme="orange", variant="soft", size="2")


def headline(text) -> rx.Component:
    """A page's big h1 at the top of its coloured band."""
    return rx.heading(
        text, as_="h1", size=rx.breakpoints(initial="8", md="9"), weight="bold", line_height="1.1"
    )


def banner(eyebrow: str, title, intro, *actions: rx.Component) -> rx.Component:
    """The coloured top of a page: a small label, the headline and the intro from content."""
    return gradient_band(
        rx.vstack(
            eyebrow_badge(eyebrow),
            headline(title),
            rx.cond(
                intro != "",
                muted(intro, size=rx.breakpoints(initial="4", md="5")),
            ),
            button_row(*actions, padding_top="0.5rem") if actions else rx.fragment(),
            spacing="4",
            max_width="760px",
        ),
        padding_y=rx.breakpoints(initial="2.5rem", md="4rem"),
    )


def button_row(*buttons: rx.Component, **props) -> rx.Component:
    """Buttons side by side, wrapping onto the next line on a narrow screen."""
    return rx.hstack(*buttons, spacing="3", wrap="wrap", **props)


def icon_line(icon: str, *content: rx.Component, icon_size: int = 18, **props) -> rx.Component:
    """A line led by an orange icon: a fact, a contact, a detail of a booking."""
    props.setdefault("spacing", "3")
    return rx.hstack(
        rx.icon(icon, size=icon_size, color=rx.color("orange", 10), flex_shrink="0"),
        *content,
        align="center",
        **props,
    )


def paragraphs(items) -> rx.Component:
    return rx.vstack(
        rx.foreach(items, lambda text: rx.text(text, size="4", color=rx.color("gray", 12))),
        spacing="4",
        max_width="760px",
    )


def highlights(items) -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.flex(
            rx.foreach(
                items,
                lambda text: rx.hstack(
                    rx.icon("circle-check", size=18, color=rx.color("grass", 10)),
                    rx.text(text, size="3", weight="medium"),
                    align="center",
                    spacing="2",
                    background=rx.color("gray", 2),
                    border=f"1px solid {rx.color('gray', 5)}",
                    border_radius="999px",
                    padding_x="0.9rem",
                    padding_y="0.4rem",
                ),
            ),
            wrap="wrap",
            gap="0.6rem",
        ),
    )


def page_section(heading: rx.Component, *children: rx.Component, spacing: str = "5", **props) -> rx.Component:
    """One section of a page in the centred column: its heading, then `children`."""
    return container(rx.vstack(heading, *children, spacing=spacing), **props)


def section_heading(text: str, subtitle: str = "") -> rx.Component:
    return rx.vstack(
        rx.heading(text, as_="h2", size=rx.breakpoints(initial="6", md="7")),
        muted(subtitle, size="3") if subtitle else rx.fragment(),
        spacing="1",
    )


def package_card(package, button_label: str = N_("Book")) -> rx.Component:
    """A published package: name, price and unit, description, features and a Book button."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(package.name, as_="h3", size="5"),
                rx.cond(package.popular, rx.badge(_("Most popular"), color_scheme="orange", variant="solid")),
                justify="between",
                align="start",
                width="100%",
                wrap="wrap",
                gap="0.5rem",
            ),
            rx.hstack(
                rx.text(package.price_label, size="7", weight="bold", color=rx.color("orange", 11)),
                muted(package.unit_label),
                align="baseline",
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(package.description != "", muted(package.description, size="3")),
            rx.vstack(
                rx.foreach(
                    package.features,
                    lambda feature: rx.hstack(
                        rx.icon("check", size=16, color=rx.color("grass", 10), flex_shrink="0"),
                        rx.text(feature, size="2"),
                        spacing="2",
                        align="center",
                    ),
                ),
                spacing="2",
            ),
            rx.spacer(),
            link_button(
                _(button_label),
                href=page_href(package.book_href),
                size="3",
                width="100%",
                color_scheme="orange",
                aria_label=_(button_label) + " " + package.name,
            ),
            spacing="3",
            height="100%",
        ),
        size="3",
        height="100%",
        border=rx.cond(package.popular, f"2px solid {rx.color('orange', 8)}", "none"),
    )


def package_grid(packages, button_label: str = N_("Book")) -> rx.Component:
    return card_grid(packages, lambda p: package_card(p, button_label))


def packages_or(packages, empty: rx.Component, button_label: str = N_("Book")) -> rx.Component:
    """The package_grid, or `empty` (an empty_state) while none are published."""
    return rx.cond(packages.length() > 0, package_grid(packages, button_label), empty)


def event_card(event, level: str = "h3") -> rx.Component:
    """An event as a card that links to its page; its title is a heading of `level`."""
    return card_link(
        event.href,
        rx.hstack(
            rx.vstack(
                rx.text(event.short_date, size="2", weight="bold", color=rx.color("orange", 11)),
                muted(event.time_label),
                spacing="0",
            ),
            rx.spacer(),
            rx.cond(
                event.is_full,
                rx.badge(_("Waiting list"), color_scheme="gray", variant="soft"),
                rx.badge(
                    event.places_left.to_string() + _(" places left"),
                    color_scheme="grass",
                    variant="soft",
                ),
            ),
            width="100%",
            align="start",
        ),
        rx.heading(event.title, as_=level, size="5"),
        muted(event.description, class_name="xp-clamp-3"),
        rx.hstack(
            rx.badge(event.price_label, color_scheme="orange", variant="soft"),
            rx.cond(event.category != "", rx.badge(event.category, color_scheme="teal", variant="soft")),
            spacing="2",
        ),
        rx.text(_("Details and registration →"), size="2", weight="medium", color=rx.color("orange", 11)),
    )


def event_grid(events, level: str = "h3") -> rx.Component:
    """The events' cards, their titles headings of `level` (under the page's h2 or its h1)."""
    return card_grid(events, lambda event: event_card(event, level))


def empty_state(icon: str, title: str, text: str) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=36, color=rx.color("gray", 9)),
            rx.heading(title, as_="h3", size="4"),
            muted(text, size="3", text_align="center"),
            align="center",
            spacing="2",
        ),
        padding="2.5rem 1rem",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="16px",
        width="100%",
    )


def field_error(errors, name: str) -> rx.Component:
    """The message for one field, right below it; announced to screen readers."""
    return rx.cond(
        errors.contains(name),
        rx.text(
            errors[name],
            color=rx.color("red", 11),
            size="2",
            id=f"{name}-error",
            role="alert",
            class_name="xp-field-error",
        ),
    )


def labelled(
    label: str, control: rx.Component, errors, name: str, hint="", field_id: str | None = None
) -> rx.Component:
    """A field: its label, the control, an optional hint (text or var) and its error.

    `name` is the field's key in `errors`; `field_id` is the control's id when it differs.
    """
    has_hint = not isinstance(hint, str) or bool(hint)
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=field_id or name),
        control,
        muted(hint, size="1") if has_hint else rx.fragment(),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def field_group(caption: str, *controls: rx.Component, errors, name: str) -> rx.Component:
    """Controls that answer one question together: its caption above them, its error below."""
    return rx.vstack(
        rx.text(caption, size="2", weight="medium"),
        *controls,
        field_error(errors, name),
        spacing="2",
        width="100%",
    )


def labelled_input(
    label: str, name: str, errors, *, hint="", field_id: str | None = None, **props
) -> rx.Component:
    """labelled() around a full-width input named `name` (its id `field_id`, or the name)."""
    control = rx.input(id=field_id or name, name=name, size="3", width="100%", **props)
    return labelled(label, control, errors, name, hint=hint, field_id=field_id)


def labelled_text_area(label: str, name: str, errors, **props) -> rx.Component:
    """labelled() around a full-width, three-row text area whose id and name are `name`."""
    control = rx.text_area(id=name, name=name, rows="3", width="100%", size="3", **props)
    return labelled(label, control, errors, name)


def column_page(loaded: rx.Var, content: rx.Component, *, max_width: str) -> rx.Component:
    """A page whose content sits in one centred column, with a spinner until the state has loaded."""
    return page(
        rx.box(
            rx.cond(loaded, content, spinner_block("4rem", width="100%")),
            max_width=max_width,
            margin="0 auto",
            padding="2rem 1.25rem",
            width="100%",
        )
    )


def emailed_link_page(
    loaded: rx.Var, valid: rx.Var, content: rx.Component, dead_end: rx.Component, *, size: str, max_width: str
) -> rx.Component:
    """A page opened from a link in an email: a card that waits for the state to check the
    link, then shows `content`, or `dead_end` when the link does not work."""
    return page(
        container(
            rx.center(
                rx.card(
                    rx.cond(
                        loaded,
                        rx.cond(valid, content, dead_end),
                        spinner_block("2rem"),
                    ),
                    size=size,
                    width="100%",
                    max_width=max_width,
                ),
            ),
        ),
    )


def dead_link(
    title: str, message: rx.Var | str, onward: rx.Component, *, role: str | None = None, **props
) -> rx.Component:
    """What a page with nothing to show says: why, and where to go instead.

    `role` is the message's (alert when it reports a failure); `props` go to the column.
    """
    return rx.vstack(
        rx.heading(title, as_="h1", size="6"),
        rx.text(message, size="3", role=role),
        onward,
        spacing="3",
        **props,
    )
