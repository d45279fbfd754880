"""Upcoming events, an event's page with registration, and the cancel-registration page."""

import reflex as rx

from xplorium.components.cards import column_card
from xplorium.components.forms import form_alert, server_checked_form, submit_button, wide_button
from xplorium.components.grids import two_columns
from xplorium.components.layout import page
from xplorium.components.links import page_href
from xplorium.components.loading import spinner_block
from xplorium.components.public import (
    banner,
    container,
    dead_link,
    emailed_link_page,
    empty_state,
    event_grid,
    icon_line,
    labelled,
    labelled_input,
)
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.events import EventDetailState, RegistrationCancelState
from xplorium.state.public import EventsState


def events() -> rx.Component:
    return page(
        banner(
            _("Events"),
            _("Upcoming events"),
            _("Workshops, theatre and parties for children. Register in a minute."),
        ),
        container(
            rx.cond(
                EventsState.events.length() > 0,
                event_grid(EventsState.events, level="h2"),
                empty_state(
                    "calendar", _("No events announced yet"), _("New events are announced here first.")
                ),
            ),
        ),
    )


def fact(icon: str, label: str, value) -> rx.Component:
    return icon_line(
        icon,
        rx.vstack(muted(label, size="1"), rx.text(value, size="3", weight="medium"), spacing="0"),
        icon_size=20,
    )


def registration_form() -> rx.Component:
    errors = EventDetailState.errors
    return server_checked_form(
        EventDetailState.register,
        rx.heading(
            rx.cond(EventDetailState.event.is_full, _("Join the waiting list"), _("Register")),
            as_="h2",
            size="5",
        ),
        rx.cond(
            EventDetailState.event.is_full,
            muted(
                _("All places are taken. Join the waiting list and we will email you when a place frees up.")
            ),
        ),
        labelled_input(
            _("Your name"), "name", errors, field_id="reg-name", auto_complete="name", max_length=200
        ),
        labelled_input(
            _("Email"),
            "email",
            errors,
            field_id="reg-email",
            type="email",
            auto_complete="email",
            max_length=254,
        ),
        labelled(
            _("Number of people"),
            rx.el.select(
                rx.foreach(EventDetailState.guest_choices, lambda n: rx.el.option(n, value=n)),
                id="reg-guests",
                name="guest_count",
                class_name="xp-select",
            ),
            errors,
            "guest_count",
            field_id="reg-guests",
        ),
        form_alert(EventDetailState.message),
        submit_button(
            rx.cond(EventDetailState.event.is_full, _("Join the waiting list"), _("Register")),
            loading=EventDetailState.submitting,
        ),
        muted(
            _("We use your email only for this event. Each registration gets its own cancel link."),
            size="1",
        ),
        spacing="3",
    )


def registration_done() -> rx.Component:
    return rx.callout(
        EventDetailState.done_message,
        icon=rx.cond(EventDetailState.done_status == "CONFIRMED", "circle-check", "clock"),
        color_scheme=rx.cond(EventDetailState.done_status == "CONFIRMED", "grass", "amber"),
        size="2",
        width="100%",
        id="registration-done",
    )


def event_detail() -> rx.Component:
    event = EventDetailState.event
    return rx.fragment(
        banner(event.category, event.title, ""),
        container(
            two_columns(
                rx.vstack(
                    rx.cond(
                        event.image_url != "",
                        rx.image(
                            src=event.image_url,
                            alt=event.title,
                            width="100%",
                            max_height="320px",
                            object_fit="cover",
                            border_radius="16px",
                        ),
                    ),
                    two_columns(
                        fact("calendar-days", _("Date"), event.date_label),
                        fact("clock", _("Time"), event.time_label),
                        fact("map-pin", _("Where"), event.location),
                        fact("ticket", _("Price"), event.price_label),
                        wide_from="sm",
                        spacing="4",
                    ),
                    rx.text(event.description, size="4", white_space="pre-line"),
                    rx.flex(
                        rx.foreach(
                            event.tags, lambda tag: rx.badge(tag, variant="soft", color_scheme="teal")
                        ),
                        gap="0.5rem",
                        wrap="wrap",
                    ),
                    spacing="5",
                ),
                column_card(
                    rx.cond(
                        event.is_full,
                        rx.badge(_("Full — waiting list open"), color_scheme="gray", size="2"),
                        rx.badge(
                            _("{left} of {capacity} places left").format(
                                left=event.places_left.to_string(), capacity=event.capacity.to_string()
                            ),
                            color_scheme="grass",
                            size="2",
                        ),
                    ),
                    rx.cond(
                        event.is_past,
                        rx.text(_("This event has taken place."), size="3"),
                        rx.cond(EventDetailState.done_status != "", registration_done(), registration_form()),
                    ),
                    spacing="4",
                    size="3",
                ),
            ),
        ),
    )


def event_page() -> rx.Component:
    return page(
        rx.cond(
            EventDetailState.loaded,
            rx.cond(
                EventDetailState.found,
                event_detail(),
                container(
                    empty_state("calendar-x", _("Event not found"), _("It may have ended or been moved.")),
                    rx.center(rx.link(_("See all events"), href=page_href("/events")), padding_top="1rem"),
                ),
            ),
            container(spinner_block("4rem")),
        ),
    )


def cancel_registration() -> rx.Component:
    state = RegistrationCancelState
    return emailed_link_page(
        state.loaded,
        state.valid,
        rx.vstack(
            rx.heading(_("Cancel your registration"), as_="h1", size="6"),
            rx.vstack(
                rx.link(
                    state.event_title,
                    href=page_href(state.event_href),
                    size="4",
                    weight="bold",
                ),
                rx.text(state.when_label, size="3"),
                muted(
                    state.guest_count.to_string() + _(" people · ") + state.status_label,
                    size="3",
                ),
                spacing="1",
            ),
            rx.cond(
                state.message != "",
                rx.callout(
                    state.message,
                    icon=rx.cond(state.done, "circle-check", "info"),
                    color_scheme=rx.cond(state.done, "grass", "amber"),
                    width="100%",
                ),
            ),
            rx.cond(
                state.is_cancelled,
                rx.link(_("See other events"), href=page_href("/events")),
                rx.vstack(
                    muted(_("Your places will go to the next family on the waiting list.")),
                    wide_button(
                        _("Yes, cancel my registration"),
                        loading=state.working,
                        on_click=state.confirm_cancel,
                        color_scheme="red",
                    ),
                    rx.link(
                        _("Keep my registration"),
                        href=page_href(state.event_href),
                        size="2",
                    ),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        dead_link(
            _("This link does not work"),
            state.message,
            rx.link(_("See upcoming events"), href=page_href("/events")),
        ),
        size="4",
        max_width="520px",
    )
