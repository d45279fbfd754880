"""/admin/users: search, role filter, create (password shown once), role, block, delete, restore."""

import reflex as rx

from xplorium.components.admin_layout import (
    admin_page,
    empty_state,
    form_field,
    initial_avatar,
    loading_rows,
    section_card,
)
from xplorium.components.admin_list import (
    add_button,
    filter_select,
    form_dialog,
    list_confirm_dialog,
    list_search,
    list_table,
    main_and_detail,
    toolbar,
)
from xplorium.components.badges import status_badge
from xplorium.components.text import muted
from xplorium.i18n import _
from xplorium.state.backoffice.users import ALL, ROLE_LABELS
from xplorium.state.backoffice.users import UsersAdminState as S


def users_toolbar() -> rx.Component:
    return toolbar(
        list_search(S, placeholder=_("Search name or email"), aria_label=_("Search users"), width="260px"),
        filter_select(
            S,
            "role",
            _("Filter by role"),
            ((ALL, _("All roles")), *((value, _(label)) for value, label in ROLE_LABELS.items())),
        ),
        rx.el.label(
            rx.hstack(
                rx.switch(checked=S.show_deleted, on_change=S.set_show_deleted),
                rx.text(_("Show deleted"), size="2"),
                spacing="2",
                align="center",
            )
        ),
        rx.spacer(),
        add_button(_("New user"), S.open_create, icon="user-plus"),
    )


def row_actions(row) -> rx.Component:
    uid, name = row["id"], row["name"]
    return rx.cond(
        row["id"] == S.me_id,
        muted(_("You"), size="1"),
        rx.menu.root(
            rx.menu.trigger(
                rx.button(_("Manage"), rx.icon("chevron-down", size=14), size="1", variant="soft")
            ),
            rx.menu.content(
                rx.menu.sub(
                    rx.menu.sub_trigger(_("Change role")),
                    rx.menu.sub_content(
                        *(
                            rx.menu.item(_(label), on_click=S.ask("role:" + value, uid, name))
                            for value, label in ROLE_LABELS.items()
                        )
                    ),
                ),
                rx.cond(
                    row["is_blocked"].to(bool),
                    rx.menu.item(
                        rx.icon("lock-open", size=14), _("Unblock"), on_click=S.ask("unblock", uid, name)
                    ),
                    rx.menu.item(rx.icon("lock", size=14), _("Block"), on_click=S.ask("block", uid, name)),
                ),
                rx.menu.separator(),
                rx.cond(
                    row["is_deleted"].to(bool),
                    rx.menu.item(
                        rx.icon("undo-2", size=14), _("Restore"), on_click=S.ask("restore", uid, name)
                    ),
                    rx.menu.item(
                        rx.icon("trash-2", size=14),
                        _("Delete"),
                        color_scheme="red",
                        on_click=S.ask("delete", uid, name),
                    ),
                ),
            ),
        ),
    )


def user_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                initial_avatar(row["name"], "2", color_scheme="gray"),
                main_and_detail(row["name"], row["email"], weight="medium"),
                spacing="3",
                align="center",
            )
        ),
        rx.table.cell(status_badge(row["role"])),
        rx.table.cell(
            rx.cond(
                row["is_deleted"].to(bool),
                status_badge("DELETED"),
                rx.cond(row["is_blocked"].to(bool), status_badge("BLOCKED"), status_badge("ACTIVE")),
            )
        ),
        rx.table.cell(rx.text(row["created_at"], size="2")),
        rx.table.cell(rx.text(rx.cond(row["last_login_at"] != "", row["last_login_at"], "—"), size="2")),
        rx.table.cell(row_actions(row)),
        align="center",
    )


def users_table() -> rx.Component:
    return list_table(
        S,
        (_("User"), _("Role"), _("Status"), _("Joined"), _("Last sign-in"), _("Actions")),
        user_row,
        "users",
        empty_state("users", _("No users match"), _("Try another search or role, or create a user.")),
    )


def create_dialog() -> rx.Component:
    errors = S.errors
    return form_dialog(
        _("New user"),
        form_field(
            _("Email"),
            "email",
            rx.input(name="email", id="email", type="email", required=True),
            errors,
        ),
        form_field(_("Name"), "name", rx.input(name="name", id="name", required=True), errors),
        form_field(
            _("Role"),
            "role",
            rx.el.select(
                *(rx.el.option(_(label), value=value) for value, label in ROLE_LABELS.items()),
                name="role",
                id="role",
                default_value="ADMIN",
                class_name="xp-native-select",
            ),
            errors,
        ),
        open=S.create_open,
        on_close=S.close_create,
        on_submit=S.create,
        message=S.form_message,
        saving=S.saving,
        submit_label=_("Create user"),
        max_width="480px",
        description=(
            _(
                "A strong password is generated and shown to you once; they also get an email to choose their own."
            )
        ),
        reset_on_submit=False,
    )


def password_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(_("User created")),
            rx.alert_dialog.description(
                _("Give this password to ")
                + S.created_email
                + ". It is shown only now and cannot be looked up later.",
                size="2",
            ),
            rx.hstack(
                rx.code(S.created_password, size="5", id="generated-password", variant="outline"),
                rx.icon_button(
                    rx.icon("copy", size=16),
                    variant="soft",
                    aria_label=_("Copy password"),
                    on_click=[rx.set_clipboard(S.created_password), rx.toast.info("Copied.")],
                ),
                spacing="3",
                align="center",
                margin_y="1rem",
            ),
            rx.hstack(
                rx.alert_dialog.action(rx.button(_("I have noted it"), on_click=S.forget_password)),
                justify="end",
            ),
            max_width="480px",
        ),
        open=S.created_password != "",
    )


def restore_email_field() -> rx.Component:
    return rx.cond(
        S.confirm_action == "restore",
        rx.vstack(
            rx.el.label(
                _("Email to restore the account under"), html_for="restore-email", class_name="xp-label"
            ),
            rx.input(
                id="restore-email",
                type="email",
                value=S.restore_email,
                on_change=S.set_restore_email,
                aria_invalid=S.restore_error != "",
                aria_describedby="restore-email-error",
                width="100%",
            ),
            rx.cond(
                S.restore_error != "",
                rx.text(S.restore_error, id="restore-email-error", color=rx.color("red", 11), size="2"),
            ),
            spacing="1",
            width="100%",
            margin_top="0.75rem",
        ),
    )


def admin_users() -> rx.Component:
    return admin_page(
        _("Users"),
        section_card(users_toolbar(), loading_rows(S.loading), users_table()),
        create_dialog(),
        password_dialog(),
        list_confirm_dialog(S, fields=restore_email_field()),
        active="/admin/users",
    )
