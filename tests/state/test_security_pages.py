"""The sign-in code step and /admin/security as their handlers run them (in-process state trees)."""

import pyotp
from sqlmodel import select

from tests.support.accounts import PASSWORD, make_user, open_session, session_rows
from tests.support.states import drive, error_toasts, new_root, state_snapshot, substate
from xplorium.db import session_scope
from xplorium.models import TwoFactor
from xplorium.models.enums import Role
from xplorium.services import clock, sessions
from xplorium.state.account import SignInState
from xplorium.state.backoffice.security import SecurityState


def scripts(events: list) -> str:
    return " ".join(str(value) for event in events for _name, value in getattr(event, "args", ()))


def test_a_super_admin_signs_in_with_the_code_step_and_sees_recovery_codes_once(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        make_user(Role.SUPER_ADMIN, email="boss@xplorium.rs")
        root = new_root(path="/signin")
        form = substate(root, SignInState)
        events = drive(form.submit({"email": "boss@xplorium.rs", "password": PASSWORD}))
        assert "/api/auth/complete" not in scripts(events)
        assert form.second_step and form.enrol_qr.startswith("data:image/svg+xml")
        # The challenge stays on the server: nothing the browser receives contains it.
        assert form._challenge and form._challenge not in state_snapshot(root)

        drive(form.submit_code({"code": "000000"}))
        assert "not right" in form.code_error

        code = pyotp.TOTP(form.enrol_secret).at(fake())
        drive(form.submit_code({"code": code}))
        assert len(form.recovery_codes) == 10
        assert form.enrol_secret == ""

        events = drive(form.finish_enrolment())
        assert "/api/auth/complete?ticket=" in scripts(events)
        assert form.recovery_codes == []


def test_the_security_page_lists_sessions_and_signs_out_everywhere_else(clean):
    admin = make_user(Role.ADMIN, name="Desk")
    here, elsewhere = open_session(admin, ip="192.0.2.1"), open_session(admin, ip="192.0.2.2")
    root = new_root(here, path="/admin/security")
    page = substate(root, SecurityState)
    drive(page.load())
    assert page.loaded and not page.two_factor_on and not page.two_factor_required
    assert sorted(s.ip for s in page.sessions) == ["192.0.2.1", "192.0.2.2"]
    assert [s.ip for s in page.sessions if s.current] == ["192.0.2.1"]

    drive(page.sign_out_others())
    assert sessions.resolve(elsewhere) is None
    assert sessions.resolve(here) is not None
    assert len(page.sessions) == 1 and page.sessions[0].current
    assert sum(row.revoked_at is None for row in session_rows(admin.id)) == 1


def test_an_admin_turns_two_factor_on_from_the_security_page(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        admin = make_user(Role.ADMIN)
        root = new_root(open_session(admin), path="/admin/security")
        page = substate(root, SecurityState)
        drive(page.load())
        drive(page.start_enrolment())
        assert page.enrol_qr.startswith("data:image/svg+xml")
        assert error_toasts(drive(page.confirm_enrolment({"code": 123456}))) != []
        drive(page.confirm_enrolment({"code": pyotp.TOTP(page.enrol_secret).at(fake())}))
        assert page.two_factor_on and page.recovery_left == 10 and len(page.recovery_codes) == 10
        drive(page.hide_codes())
        assert page.recovery_codes == []
    with session_scope() as session:
        assert session.exec(select(TwoFactor).where(TwoFactor.user_id == admin.id)).one().enabled_at
