"""Staff management of accounts and the super-admin rules."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.support.accounts import PASSWORD, make_user, open_session, session_rows
from tests.support.backoffice_staff import admin_ctx_fixture, admin_fixture, ctx_for  # noqa: F401 - fixtures
from tests.support.backoffice_staff import make_user as make_user_by_email
from tests.support.smtp import first_link
from xplorium.db import session_scope
from xplorium.models import AuditLog, User
from xplorium.models.enums import Role
from xplorium.services import accounts, sessions, user_admin
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, Forbidden, Unauthenticated, ValidationFailed
from xplorium.services.security import password_problem, verify_password


def ctx_of(user: User) -> RequestContext:
    return RequestContext(actor_id=user.id, actor_role=user.role, ip="10.1.1.1", user_agent="pytest")


def audit_actions(entity_id: int) -> list[str]:
    with session_scope() as session:
        rows = session.exec(
            select(AuditLog)
            .where(AuditLog.entity == "user", AuditLog.entity_id == str(entity_id))
            .order_by(AuditLog.id)
        ).all()
        return [r.action for r in rows]


def reload(user: User) -> User:
    with session_scope() as session:
        return session.get(User, user.id)


def test_admin_blocks_a_parent_whose_sessions_end_and_who_cannot_sign_in(clean):
    admin = make_user(Role.ADMIN)
    parent = make_user(Role.USER, email="blockme@example.com")
    token = open_session(parent)
    assert sessions.resolve(token) is not None

    row = user_admin.set_blocked(ctx_of(admin), parent.id, True)

    assert row.is_blocked
    assert sessions.resolve(token) is None
    assert all(s.revoked_at is not None for s in session_rows(parent.id))
    with pytest.raises(Unauthenticated) as refused:
        accounts.sign_in(RequestContext(ip="10.9.9.9"), email="blockme@example.com", password=PASSWORD)
    assert refused.value.message == accounts.ACCOUNT_DISABLED
    assert audit_actions(parent.id)[-2:] == ["BLOCK", "LOGIN_FAILED"]

    user_admin.set_blocked(ctx_of(admin), parent.id, False)
    assert accounts.sign_in(
        RequestContext(ip="10.9.9.9"), email="blockme@example.com", password=PASSWORD
    ).pending
    assert "UNBLOCK" in audit_actions(parent.id)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPER_ADMIN])
def test_nobody_changes_their_own_role_blocks_or_deletes_themselves(clean, role):
    me = make_user(role)
    ctx = ctx_of(me)
    for action in (
        lambda: user_admin.change_role(ctx, me.id, Role.USER),
        lambda: user_admin.set_blocked(ctx, me.id, True),
        lambda: user_admin.soft_delete(ctx, me.id),
    ):
        with pytest.raises(Forbidden):
            action()
    after = reload(me)
    assert (after.role, after.is_blocked, after.deleted_at) == (role, False, None)
    assert audit_actions(me.id) == []


def test_only_a_super_admin_touches_super_admins(clean):
    admin = make_user(Role.ADMIN)
    boss = make_user(Role.SUPER_ADMIN)
    for action in (
        lambda: user_admin.change_role(ctx_of(admin), boss.id, Role.ADMIN),
        lambda: user_admin.set_blocked(ctx_of(admin), boss.id, True),
        lambda: user_admin.soft_delete(ctx_of(admin), boss.id),
    ):
        with pytest.raises(Forbidden):
            action()
    assert reload(boss).role == Role.SUPER_ADMIN

    other_boss = make_user(Role.SUPER_ADMIN)
    user_admin.soft_delete(ctx_of(boss), other_boss.id)
    with pytest.raises(Forbidden):
        user_admin.restore(ctx_of(admin), other_boss.id, "back@example.com")
    user_admin.restore(ctx_of(boss), other_boss.id, "back@example.com")
    assert reload(other_boss).deleted_at is None
    assert audit_actions(other_boss.id) == ["DELETE", "RESTORE"]


def test_only_a_super_admin_grants_super_admin(clean):
    admin = make_user(Role.ADMIN)
    boss = make_user(Role.SUPER_ADMIN)
    parent = make_user(Role.USER)
    with pytest.raises(Forbidden):
        user_admin.change_role(ctx_of(admin), parent.id, Role.SUPER_ADMIN)
    with pytest.raises(Forbidden):
        user_admin.create_user(ctx_of(admin), email="new-boss@example.com", name="New", role=Role.SUPER_ADMIN)
    assert user_admin.change_role(ctx_of(admin), parent.id, Role.ADMIN).role == "ADMIN"
    assert user_admin.change_role(ctx_of(boss), parent.id, Role.SUPER_ADMIN).role == "SUPER_ADMIN"
    with session_scope() as session:
        entries = session.exec(select(AuditLog).where(AuditLog.action == "ROLE_CHANGE")).all()
    assert [e.changes["role"] for e in entries] == [
        {"from": "USER", "to": "ADMIN"},
        {"from": "ADMIN", "to": "SUPER_ADMIN"},
    ]


def test_parents_and_visitors_cannot_manage_users(clean):
    parent = make_user(Role.USER)
    other = make_user(Role.USER)
    with pytest.raises(Forbidden):
        user_admin.set_blocked(ctx_of(parent), other.id, True)
    with pytest.raises(Unauthenticated):
        user_admin.list_users(RequestContext())
    assert reload(other).is_blocked is False


def test_deleted_user_cannot_sign_in_and_their_address_is_no_longer_known(clean):
    admin = make_user(Role.ADMIN)
    gone = make_user(Role.USER, email="gone@example.com")
    token = open_session(gone)
    user_admin.soft_delete(ctx_of(admin), gone.id)
    assert sessions.resolve(token) is None
    with pytest.raises(Unauthenticated) as refused:
        accounts.sign_in(RequestContext(ip="10.2.2.2"), email="gone@example.com", password=PASSWORD)
    # The address was erased with the account: the answer is the one for any unknown address.
    assert refused.value.message == accounts.BAD_CREDENTIALS
    with pytest.raises(Conflict):
        user_admin.soft_delete(ctx_of(admin), gone.id)


def test_list_users_searches_filters_and_pages(clean):
    admin = make_user(Role.ADMIN, email="desk@example.com", name="Front Desk")
    for i in range(5):
        make_user(Role.USER, email=f"parent{i}@example.com", name=f"Mila {i}")
    deleted = make_user(Role.USER, email="parent_x@example.com", name="Mila Deleted")
    user_admin.soft_delete(ctx_of(admin), deleted.id)

    page = user_admin.list_users(ctx_of(admin), search="mila", page=1, page_size=2)
    assert page.total == 5
    assert page.page_count == 3
    assert len(page.items) == 2
    assert user_admin.list_users(ctx_of(admin), search="mila", include_deleted=True).total == 6
    assert [r.email for r in user_admin.list_users(ctx_of(admin), role=Role.ADMIN).items] == [
        "desk@example.com"
    ]
    # "_" is a literal, not a LIKE wildcard.
    make_user(Role.USER, email="parent_y@example.com", name="Zed")
    assert user_admin.list_users(ctx_of(admin), search="parent_").total == 1


def test_list_users_pages_like_every_admin_list(clean):
    admin = make_user(Role.ADMIN, email="desk@example.com", name="Front Desk")
    for i in range(4):
        make_user(Role.USER, email=f"parent{i}@example.com", name=f"Mila {i}")

    # A page past the end is the last page; a page or size that is not a number is the default.
    past_the_end = user_admin.list_users(ctx_of(admin), search="mila", page=9, page_size=2)
    assert (past_the_end.page, past_the_end.page_count, len(past_the_end.items)) == (2, 2, 2)
    assert not past_the_end.has_more
    unreadable = user_admin.list_users(ctx_of(admin), page="two", page_size="many")
    assert (unreadable.page, unreadable.total, len(unreadable.items)) == (1, 5, 5)


def test_staff_created_user_gets_an_email_to_choose_a_password(clean, smtp_sink):
    admin = make_user(Role.ADMIN)
    row = user_admin.create_user(
        ctx_of(admin), email="New.Staff@Example.com", name="<b>Nina</b>", role=Role.ADMIN
    )
    assert (row.email, row.name, row.role, row.has_password) == (
        "new.staff@example.com",
        "Nina",
        "ADMIN",
        True,
    )
    message = smtp_sink.wait_for("new.staff@example.com", "Your Xplorium account")
    assert "/api/auth/reset?token=" in first_link(message)
    with pytest.raises(ValidationFailed) as duplicate:
        user_admin.create_user(ctx_of(admin), email="new.staff@example.com", name="Again")
    assert "email" in duplicate.value.fields


def test_deleting_erases_personal_data_and_keeps_the_history(clean, smtp_sink):
    admin = make_user(Role.ADMIN)
    boss = make_user(Role.SUPER_ADMIN)
    parent = make_user(Role.USER, email="mila@example.com", name="Mila")
    with session_scope() as session:
        row = session.get(User, parent.id)
        row.phone, row.notes, row.tags, row.marketing_opt_in = "+381641234567", "allergic", ["vip"], True
        row.loyalty_points = 1500

    user_admin.soft_delete(ctx_of(admin), parent.id)
    gone = reload(parent)
    assert gone.email == user_admin.deleted_email(parent.id)
    assert (gone.password_hash, gone.phone, gone.notes, gone.tags) == (None, None, "", [])
    assert gone.marketing_opt_in is False
    assert (gone.name, gone.loyalty_points) == ("Mila", 1500)

    with pytest.raises(Forbidden):
        user_admin.restore(ctx_of(admin), parent.id, "mila@example.com")
    with pytest.raises(ValidationFailed):
        user_admin.restore(ctx_of(boss), parent.id, "not an email")
    assert reload(parent).deleted_at is not None

    user_admin.restore(ctx_of(boss), parent.id, "Mila@Example.com")
    back = reload(parent)
    assert (back.deleted_at, back.email, back.loyalty_points) == (None, "mila@example.com", 1500)
    assert "/api/auth/reset?token=" in first_link(smtp_sink.wait_for("mila@example.com", "open again"))


def test_restoring_under_an_email_in_use_is_refused_and_changes_nothing(clean):
    boss = make_user(Role.SUPER_ADMIN)
    make_user(Role.USER, email="taken@example.com")
    parent = make_user(Role.USER, email="leaving@example.com")
    user_admin.soft_delete(ctx_of(boss), parent.id)
    with pytest.raises(ValidationFailed) as refused:
        user_admin.restore(ctx_of(boss), parent.id, "taken@example.com")
    assert "email" in refused.value.fields
    assert reload(parent).deleted_at is not None


# The users page's service calls: the password shown once, and the super-admin rules case by case.
def test_created_user_gets_a_generated_password_that_works_and_is_never_stored_or_audited(admin_ctx):
    first = user_admin.create_user_with_password(
        admin_ctx, email="Nina@Xplorium.rs", name="Nina", role="ADMIN"
    )
    second = user_admin.create_user_with_password(admin_ctx, email="vuk@xplorium.rs", name="Vuk")
    assert password_problem(first.password) is None
    assert first.password != second.password
    assert (first.user.email, first.user.role) == ("nina@xplorium.rs", "ADMIN")
    with session_scope() as session:
        stored = session.get(User, first.user.id)
        entries = session.exec(sa.select(AuditLog)).scalars().all()
    assert stored.password_hash != first.password and verify_password(first.password, stored.password_hash)
    assert all(
        first.password not in str(e.changes) and second.password not in str(e.changes) for e in entries
    )


def test_duplicate_email_is_reported_beside_the_field(admin_ctx):
    user_admin.create_user_with_password(admin_ctx, email="nina@xplorium.rs", name="Nina")
    with pytest.raises(ValidationFailed) as error:
        user_admin.create_user_with_password(admin_ctx, email="NINA@xplorium.rs", name="Other")
    assert "email" in error.value.fields


@pytest.mark.parametrize(
    ("actor_role", "target_role", "allowed"),
    [
        (Role.ADMIN, Role.USER, True),
        (Role.ADMIN, Role.ADMIN, True),
        (Role.ADMIN, Role.SUPER_ADMIN, False),
        (Role.SUPER_ADMIN, Role.USER, True),
        (Role.SUPER_ADMIN, Role.ADMIN, True),
        (Role.SUPER_ADMIN, Role.SUPER_ADMIN, True),
    ],
)
def test_block_delete_and_restore_follow_the_super_admin_rules(clean, actor_role, target_role, allowed):
    actor = ctx_for(make_user_by_email("actor@xplorium.rs", actor_role))
    target = make_user_by_email("target@xplorium.rs", target_role)
    steps = (
        lambda: user_admin.set_blocked(actor, target.id, True),
        lambda: user_admin.set_blocked(actor, target.id, False),
        lambda: user_admin.soft_delete(actor, target.id),
    )
    for step in steps:
        if allowed:
            step()
        else:
            with pytest.raises(Forbidden):
                step()
    # Reopening a deleted account is for super admins only.
    if allowed and actor_role == Role.SUPER_ADMIN:
        user_admin.restore(actor, target.id, "target@xplorium.rs")
    elif allowed:
        with pytest.raises(Forbidden):
            user_admin.restore(actor, target.id, "target@xplorium.rs")
        user_admin.restore(
            ctx_for(make_user_by_email("boss@xplorium.rs", Role.SUPER_ADMIN)), target.id, "target@xplorium.rs"
        )
    with session_scope() as session:
        after = session.get(User, target.id)
        actions = session.exec(sa.select(AuditLog.action).order_by(AuditLog.id)).scalars().all()
    assert (after.is_blocked, after.deleted_at) == (False, None)
    assert actions == (["BLOCK", "UNBLOCK", "DELETE", "RESTORE"] if allowed else [])


def test_an_admin_cannot_create_a_super_admin_but_a_super_admin_can(clean):
    admin = ctx_for(make_user_by_email("admin@xplorium.rs", Role.ADMIN))
    boss = ctx_for(make_user_by_email("boss@xplorium.rs", Role.SUPER_ADMIN))
    with pytest.raises(Forbidden):
        user_admin.create_user_with_password(admin, email="x@xplorium.rs", name="X", role="SUPER_ADMIN")
    created = user_admin.create_user_with_password(boss, email="x@xplorium.rs", name="X", role="SUPER_ADMIN")
    assert created.user.role == "SUPER_ADMIN"
