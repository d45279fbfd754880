"""The users page's service calls: the password shown once, and the super-admin rules case by case."""

import pytest
import sqlalchemy as sa

from tests.support.backoffice_staff import ctx_for, make_user
from xplorium.db import session_scope
from xplorium.models import AuditLog, User
from xplorium.models.enums import Role
from xplorium.services import user_admin
from xplorium.services.errors import Forbidden, ValidationFailed
from xplorium.services.security import password_problem, verify_password


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
    actor = ctx_for(make_user("actor@xplorium.rs", actor_role))
    target = make_user("target@xplorium.rs", target_role)
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
            ctx_for(make_user("boss@xplorium.rs", Role.SUPER_ADMIN)), target.id, "target@xplorium.rs"
        )
    with session_scope() as session:
        after = session.get(User, target.id)
        actions = session.exec(sa.select(AuditLog.action).order_by(AuditLog.id)).scalars().all()
    assert (after.is_blocked, after.deleted_at) == (False, None)
    assert actions == (["BLOCK", "UNBLOCK", "DELETE", "RESTORE"] if allowed else [])


def test_an_admin_cannot_create_a_super_admin_but_a_super_admin_can(clean):
    admin = ctx_for(make_user("admin@xplorium.rs", Role.ADMIN))
    boss = ctx_for(make_user("boss@xplorium.rs", Role.SUPER_ADMIN))
    with pytest.raises(Forbidden):
        user_admin.create_user_with_password(admin, email="x@xplorium.rs", name="X", role="SUPER_ADMIN")
    created = user_admin.create_user_with_password(boss, email="x@xplorium.rs", name="X", role="SUPER_ADMIN")
    assert created.user.role == "SUPER_ADMIN"
