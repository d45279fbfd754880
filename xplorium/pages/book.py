"""The booking form (built for phones first) and the confirmation page."""

import reflex as rx

from xplorium.components.cards import column_card, narrow_card, titled_card
from xplorium.components.forms import submit_button, wide_button
from xplorium.components.grids import two_columns
from xplorium.components.layout import page
from xplorium.components.links import page_href
from xplorium.components.public import (
    button_row,
    container,
    dead_link,
    emailed_link_page,
    field_error,
    field_group,
    icon_line,
    labelled,
    labelled_input,
    labelled_text_area,
)
from xplorium.components.text import muted
from xplorium.constants import (
    CHILD_AGE_MAX,
    CHILD_AGE_MIN,
    LONG_TEXT_MAX,
    PARTY_FOOD_MAX,
    SHORT_TEXT_MAX,
)
from xplorium.i18n import _
from xplorium.services.bookings.quotes import duration_options
from xplorium.state.booking import (
    TYPE_OPTIONS,
    BookingState,
    DayChoice,
    RoomOption,
    SlotView,
    WaitlistClaimState,
)

S = BookingState
ERRORS = BookingState.errors


def step_card(number: int, title: str, *children: rx.Component, **props) -> rx.Component:
    return column_card(
        rx.hstack(
            rx.center(
                rx.text(str(number), weight="bold", size="2", color="white"),
                background=rx.color("orange", 9),
                border_radius="999px",
                width="1.75rem",
                height="1.75rem",
                flex_shrink="0",
            ),
            rx.heading(title, as_="h2", size="5"),
            align="center",
            spacing="3",
        ),
        *children,
        spacing="4",
        size=rx.breakpoints(initial="2", md="3"),
        **props,
    )


# --- 1. what ----------------------------------------------------------------------------------------


def type_picker() -> rx.Component:
    return rx.vstack(
        rx.radio_cards.root(
            *(
                rx.radio_cards.item(
                    rx.vstack(
                        rx.icon(icon, size=22, color=rx.color("orange", 10)),
                        rx.text(_(label), size="2", weight="medium"),
                        align="center",
                        spacing="1",
                    ),
                    value=value.value,
                    id=f"type-{value.value.lower()}",
                )
                for value, icon, label in TYPE_OPTIONS
            ),
            value=S.booking_type,
            on_value_change=S.choose_type,
            columns=rx.breakpoints(initial="2", sm="4"),
            gap="0.5rem",
            aria_label=_("What would you like to book?"),
        ),
        field_error(ERRORS, "type"),
        width="100%",
        spacing="1",
    )


def package_option(package) -> rx.Component:
    return rx.radio_cards.item(
        rx.hstack(
            rx.vstack(
                rx.hstack(
                    rx.text(package.name, weight="bold", size="3"),
                    rx.cond(package.popular, rx.badge(_("Popular"), color_scheme="orange", size="1")),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                muted(package.description, size="1"),
                spacing="1",
                align="start",
                flex="1",
            ),
            rx.vstack(
                rx.text(package.price_label, weight="bold", size="3", white_space="nowrap"),
                muted(package.unit_label, size="1", white_space="nowrap"),
                spacing="0",
                align="end",
            ),
            width="100%",
            justify="between",
            align="center",
            spacing="3",
        ),
        value=package.id,
        width="100%",
    )


def package_picker() -> rx.Component:
    return rx.cond(
        S.packages.length() > 0,
        field_group(
            _("Package"),
            rx.radio_cards.root(
                rx.foreach(S.packages, package_option),
                value=S.package_id,
                on_value_change=S.choose_package,
                columns="1",
                gap="0.5rem",
                width="100%",
                aria_label=_("Package"),
            ),
            errors=ERRORS,
            name="package_id",
        ),
        muted(_("Our staff will confirm the price with you.")),
    )


# --- 2. when ----------------------------------------------------------------------------------------


def day_chip(choice: DayChoice) -> rx.Component:
    selected = S.day == choice.iso
    return rx.button(
        rx.vstack(
            rx.text(choice.weekday, size="1", weight="medium"),
            rx.text(choice.day, size="5", weight="bold", line_height="1"),
            rx.text(rx.cond(choice.closed, _("Closed"), choice.month), size="1"),
            spacing="1",
            align="center",
        ),
        type="button",
        on_click=S.choose_day(choice.iso),
        disabled=choice.closed,
        variant=rx.cond(selected, "solid", "surface"),
        color_scheme=rx.cond(selected, "orange", "gray"),
        height="auto",
        min_width="4rem",
        padding_y="0.6rem",
        flex_shrink="0",
        aria_pressed=selected,
        # The name says what the chip shows ("Closed" instead of the month on a closed day).
        aria_label=choice.weekday
        + " "
        + choice.day
        + " "
        + rx.cond(choice.closed, _("Closed"), choice.month),
        class_name="xp-day-chip",
    )


def slot_item(slot: SlotView) -> rx.Component:
    return rx.radio_cards.item(
        rx.vstack(
            rx.text(
                slot.time,
                size="2",
                weight="medium",
                text_decoration=rx.cond(slot.free, "none", "line-through"),
            ),
            muted(slot.label, size="1", class_name="xp-slot-places"),
            spacing="0",
            align="center",
        ),
        value=slot.time,
        # A full session stays selectable: choosing it joins its waiting list.
        disabled=~slot.free & ~slot.waitlist,
        aria_label=slot.time + ", " + slot.label,
        padding="0.45rem 0.25rem",
        class_name=rx.cond(slot.free, "xp-slot", "xp-slot xp-slot-taken"),
    )


def legend(color: str, label: str, taken: bool = False) -> rx.Component:
    return rx.hstack(
        rx.box(
            width="0.9rem",
            height="0.9rem",
            border_radius="4px",
            background=color,
            border=f"1px solid {rx.color('gray', 7)}",
            background_image="repeating-linear-gradient(45deg, transparent 0 3px, rgba(0,0,0,.15) 3px 5px)"
            if taken
            else "none",
        ),
        muted(label, size="1"),
        spacing="1",
        align="center",
    )


def day_picker() -> rx.Component:
    return field_group(
        _("Date"),
        rx.flex(
            rx.foreach(S.days, day_chip),
            gap="0.5rem",
            overflow_x="auto",
            width="100%",
            padding_bottom="0.4rem",
            class_name="xp-day-strip",
            role="group",
            aria_label=_("The next two weeks"),
        ),
        rx.hstack(
            rx.el.label(muted(_("Or another date")), html_for="date"),
            rx.input(
                id="date",
                name="date_picker",
                type="date",
                value=S.day,
                min=S.min_day,
                max=S.max_day,
                on_change=S.choose_day,
                size="2",
                width="11rem",
            ),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        errors=ERRORS,
        name="date",
    )


def slot_picker() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.text(S.day_label, size="3", weight="bold"),
                muted(rx.cond(S.room_name != "", S.room_name + " · ", "") + S.hours_label, size="1"),
                spacing="0",
            ),
            rx.spacer(),
            rx.cond(S.checking, rx.spinner(size="2")),
            align="center",
            width="100%",
        ),
        rx.cond(
            S.slots.length() > 0,
            rx.radio_cards.root(
                rx.foreach(S.slots, slot_item),
                value=S.start_time,
                on_value_change=S.choose_time,
                columns=rx.breakpoints(initial="4", sm="6"),
                gap="0.4rem",
                width="100%",
                size="1",
                aria_label=_("Start time"),
            ),
        ),
        rx.cond(
            S.day_message != "",
            rx.callout(S.day_message, icon="calendar-x", color_scheme="gray", size="1", width="100%"),
        ),
        rx.hstack(
            legend(rx.color("gray", 1), _("Free")),
            legend(rx.color("gray", 4), _("Taken or full"), taken=True),
            muted(_("A full time can still be chosen to join its waiting list."), size="1"),
            spacing="4",
            wrap="wrap",
            align="center",
        ),
        field_error(ERRORS, "time"),
        spacing="3",
        width="100%",
    )


def duration_picker() -> rx.Component:
    return labelled(
        _("Length"),
        rx.el.select(
            *(rx.el.option(option["label"], value=option["value"]) for option in duration_options()),
            id="duration_minutes",
            name="duration_picker",
            value=S.duration,
            on_change=S.choose_duration,
            class_name="xp-select",
        ),
        ERRORS,
        "duration_minutes",
    )


# --- 3. guests and party ----------------------------------------------------------------------------


def guest_step_button(icon: str, step: int, label: str) -> rx.Component:
    return rx.icon_button(
        rx.icon(icon), type="button", variant="soft", size="3", on_click=S.step_guests(step), aria_label=label
    )


def guest_stepper() -> rx.Component:
    return labelled(
        _("Number of guests"),
        rx.hstack(
            guest_step_button("minus", -1, _("Fewer guests")),
            rx.input(
                id="guest_count",
                name="guest_count_picker",
                type="number",
                input_mode="numeric",
                value=S.guests,
                on_change=S.set_guests,
                size="3",
                width="5.5rem",
                text_align="center",
                aria_describedby="guest_count-error",
            ),
            guest_step_button("plus", 1, _("More guests")),
            spacing="2",
            align="center",
        ),
        ERRORS,
        "guest_count",
        hint=rx.cond(S.is_party, _("Parties are for 5 to 50 guests."), _("From 1 to 100 guests.")),
    )


def field_pair(*fields: rx.Component) -> rx.Component:
    """Two fields side by side, one above the other on a phone."""
    return two_columns(*fields, wide_from="sm", spacing="3")


def room_option(option: RoomOption) -> rx.Component:
    return rx.checkbox_cards.item(
        rx.vstack(
            rx.text(option.name, size="2", weight="medium"),
            rx.text(
                rx.cond(option.free, _("Free at this time"), _("Taken at this time")),
                size="1",
                color=rx.cond(option.free, rx.color("grass", 11), rx.color("gray", 11)),
            ),
            spacing="0",
        ),
        value=option.slug,
        disabled=~option.free & ~S.rooms.contains(option.slug),
    )


def party_details() -> rx.Component:
    return rx.vstack(
        rx.separator(size="4"),
        rx.heading(_("The birthday child"), as_="h3", size="4"),
        field_pair(
            labelled_input(_("Child's name"), "child_name", ERRORS, max_length=SHORT_TEXT_MAX),
            labelled_input(
                _("Age on the day"),
                "child_age",
                ERRORS,
                type="number",
                input_mode="numeric",
                min=CHILD_AGE_MIN,
                max=CHILD_AGE_MAX,
            ),
        ),
        field_group(
            _("Extra rooms (optional)"),
            muted(
                _("The party room is yours for the party. Add a room for the children to play in:"), size="1"
            ),
            rx.checkbox_cards.root(
                rx.foreach(S.room_options, room_option),
                value=S.rooms,
                on_value_change=S.set_rooms,
                columns=rx.breakpoints(initial="1", sm="3"),
                gap="0.5rem",
                width="100%",
                aria_label=_("Extra rooms"),
            ),
            errors=ERRORS,
            name="rooms",
        ),
        labelled_text_area(
            _("Food and drinks"),
            "food_and_drinks",
            ERRORS,
            placeholder=_("e.g. pizza and juice; one child is gluten-free"),
            max_length=PARTY_FOOD_MAX,
        ),
        spacing="3",
        width="100%",
    )


# --- 4. contact -------------------------------------------------------------------------------------


def contact_fields() -> rx.Component:
    return rx.vstack(
        labelled_input(
            _("Your name"), "contact_name", ERRORS, auto_complete="name", max_length=SHORT_TEXT_MAX
        ),
        field_pair(
            labelled_input(
                _("Email"),
                "email",
                ERRORS,
                hint=_("Your confirmation and reference number go here."),
                type="email",
                auto_complete="email",
                max_length=254,
            ),
            labelled_input(
                _("Phone"),
                "phone",
                ERRORS,
                hint=_("e.g. 064 123 4567"),
                type="tel",
                auto_complete="tel",
                max_length=40,
            ),
        ),
        labelled_text_area(
            _("Special requests (optional)"),
            "special_requests",
            ERRORS,
            max_length=LONG_TEXT_MAX,
            placeholder=_("Allergies, a pram, anything we should know"),
        ),
        spacing="3",
        width="100%",
    )


# --- summary, answer, submit ------------------------------------------------------------------------


def alternatives() -> rx.Component:
    return rx.cond(
        S.alternatives.length() > 0,
        rx.vstack(
            rx.text(_("Free times nearby:"), size="2", weight="medium"),
            rx.flex(
                rx.foreach(
                    S.alternatives,
                    lambda alt: rx.button(
                        alt.label,
                        type="button",
                        variant="outline",
                        color_scheme="orange",
                        size="2",
                        on_click=S.use_alternative(alt.date, alt.time),
                        class_name="xp-alternative",
                    ),
                ),
                gap="0.5rem",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
    )


def answer() -> rx.Component:
    return rx.cond(
        S.waitlist_message != "",
        rx.callout(
            S.waitlist_message,
            icon="list-checks",
            color_scheme="grass",
            width="100%",
            id="booking-message",
            role="status",
        ),
        rx.cond(
            S.message != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("triangle-alert")),
                rx.vstack(
                    rx.callout.text(S.message, weight="bold"),
                    alternatives(),
                    spacing="2",
                    width="100%",
                ),
                color_scheme=rx.cond(S.alternatives.length() > 0, "amber", "red"),
                width="100%",
                id="booking-message",
                role="alert",
            ),
            rx.box(id="booking-message"),
        ),
    )


def summary_row(label: str, value) -> rx.Component:
    return rx.hstack(
        muted(label),
        rx.text(value, size="2", weight="medium", text_align="right"),
        justify="between",
        width="100%",
        spacing="3",
    )


def summary() -> rx.Component:
    return titled_card(
        _("Your booking"),
        summary_row(_("What"), S.type_label),
        rx.cond(S.package_name != "", summary_row(_("Package"), S.package_name)),
        rx.cond(S.room_name != "", summary_row(_("Where"), S.room_name)),
        summary_row(_("When"), rx.cond(S.when_label != "", S.when_label, _("Choose a time"))),
        summary_row(_("Guests"), S.guests),
        rx.separator(size="4"),
        rx.hstack(
            rx.text(_("Price"), size="3", weight="bold"),
            rx.text(S.quote_label, size="6", weight="bold", color=rx.color("orange", 11), id="quote"),
            justify="between",
            align="baseline",
            width="100%",
        ),
        rx.cond(S.quote_breakdown != "", muted(S.quote_breakdown, size="1")),
        answer(),
        submit_button(
            rx.cond(S.joining_waitlist, _("Join the waiting list"), _("Send booking request")),
            loading=S.submitting,
            size="4",
            id="submit-booking",
        ),
        muted(
            _(
                "Nothing to pay now. We confirm every booking by email; the price is calculated from our published prices."
            ),
            size="1",
        ),
        heading_size="4",
        size="3",
        position=rx.breakpoints(initial="static", md="sticky"),
        top="5.5rem",
    )


def book() -> rx.Component:
    return page(
        container(
            rx.vstack(
                rx.heading(_("Book a visit"), as_="h1", size=rx.breakpoints(initial="7", md="8")),
                muted(
                    _(
                        "A party, a playroom or sensory-room visit, or a table in the cafe. It takes a minute."
                    ),
                    size="3",
                ),
                rx.form(
                    rx.grid(
                        rx.vstack(
                            step_card(1, _("What would you like to book?"), type_picker(), package_picker()),
                            step_card(2, _("When?"), day_picker(), duration_picker(), slot_picker()),
                            step_card(3, _("Guests"), guest_stepper(), rx.cond(S.is_party, party_details())),
                            step_card(4, _("Your details"), contact_fields()),
                            spacing="4",
                            width="100%",
                            min_width="0",
                        ),
                        rx.box(summary(), width="100%", height="100%"),
                        columns=rx.breakpoints(initial="1", md="minmax(0, 2fr) minmax(0, 1fr)"),
                        spacing="5",
                        width="100%",
                        align_items="start",
                    ),
                    on_submit=S.submit,
                    width="100%",
                    no_validate=True,
                ),
                spacing="4",
                width="100%",
            ),
            padding_y=rx.breakpoints(initial="1.5rem", md="2.5rem"),
        ),
    )


def confirmation_row(icon: str, label: str, value: rx.Component) -> rx.Component:
    return icon_line(icon, muted(label, min_width="5rem"), value, width="100%")


def confirmation_fact(icon: str, label: str, key: str) -> rx.Component:
    """A row of the confirmation showing the booking's `key`."""
    return confirmation_row(icon, label, rx.text(S.confirmation[key], size="3", weight="medium"))


def confirmation() -> rx.Component:
    return narrow_card(
        rx.center(
            rx.icon("circle-check", size=40, color=rx.color("grass", 10)),
            width="100%",
        ),
        rx.heading(
            _("Thank you! Your request is in."),
            as_="h1",
            size="6",
            text_align="center",
            width="100%",
        ),
        rx.vstack(
            muted(_("Your reference")),
            rx.text(
                S.confirmation["reference"],
                size=rx.breakpoints(initial="7", sm="8"),
                white_space="nowrap",
                weight="bold",
                font_family="ui-monospace, monospace",
                letter_spacing="0.05em",
                id="booking-reference",
            ),
            align="center",
            spacing="1",
            width="100%",
            padding="1rem",
            background=rx.color("orange", 2),
            border_radius="12px",
        ),
        confirmation_fact("tag", _("What"), "type_label"),
        rx.cond(
            S.confirmation["package"] != "",
            confirmation_fact("package", _("Package"), "package"),
        ),
        confirmation_fact("map-pin", _("Where"), "rooms"),
        confirmation_fact("calendar-days", _("Date"), "date_label"),
        confirmation_fact("clock", _("Time"), "time_label"),
        confirmation_fact("users", _("Guests"), "guest_count"),
        confirmation_fact("wallet", _("Price"), "price_label"),
        confirmation_row(
            "hourglass",
            _("Status"),
            rx.badge(S.confirmation["status_label"], color_scheme="amber", size="2"),
        ),
        rx.callout(
            _(
                "We have emailed you a confirmation with this reference. "
                "We will let you know as soon as the booking is approved."
            ),
            icon="mail",
            width="100%",
        ),
        button_row(
            rx.link(
                rx.button(_("Back to home"), variant="soft", size="3"),
                href=page_href("/"),
            ),
            rx.link(rx.button(_("Book something else"), size="3"), href=page_href("/book")),
        ),
        max_width="560px",
    )


def confirmed() -> rx.Component:
    return page(
        container(
            rx.center(
                rx.cond(
                    S.confirmation.contains("reference"),
                    confirmation(),
                    dead_link(
                        _("No booking to show here"),
                        _("Your booking reference is in the confirmation email we sent you."),
                        rx.link(rx.button(_("Make a booking"), size="3"), href=page_href("/book")),
                        align="center",
                        padding_y="3rem",
                    ),
                ),
            ),
        ),
    )


def claim() -> rx.Component:
    state = WaitlistClaimState
    return emailed_link_page(
        state.loaded,
        state.valid,
        rx.vstack(
            rx.heading(_("Places are free for you"), as_="h1", size="6"),
            rx.text(state.offer["what"] + " · " + state.offer["room"], size="3", weight="bold"),
            rx.text(state.offer["when"], size="3"),
            muted(state.offer["guest_count"] + " places", size="3"),
            muted(
                _(
                    "We keep them for you for a short while. Book them now with the details you "
                    "gave when you joined the waiting list."
                )
            ),
            wide_button(
                _("Book these places"), loading=state.working, on_click=state.claim, id="claim-places"
            ),
            spacing="3",
            width="100%",
        ),
        dead_link(
            _("This link does not work any more"),
            state.message,
            rx.link(rx.button(_("Find another time"), size="3"), href=page_href("/book")),
            role="alert",
        ),
        size="4",
        max_width="520px",
    )
