"""Which sessions are current staff sessions (the live board asks for all its watchers at once)."""

from tests.support.accounts import make_user, open_session
from xplorium.models.enums import Role
from xplorium.services import sessions


def test_only_current_staff_sessions_may_watch_checked_all_at_once(clean):
    admin_token = open_session(make_user(Role.ADMIN))
    other_admin = open_session(make_user(Role.SUPER_ADMIN))
    parent_token = open_session(make_user(Role.USER))
    keys = {token: sessions.token_key(token) for token in (admin_token, other_admin, parent_token)}
    assert sessions.staff_keys(keys.values()) == {keys[admin_token], keys[other_admin]}
    assert sessions.token_key(None) is None and sessions.token_key("a:b") is None
    sessions.revoke(admin_token)
    assert sessions.staff_keys(keys.values()) == {keys[other_admin]}
    assert sessions.staff_keys([]) == set()
