"""Staff two-factor sign-in: enrolment, codes, recovery codes, reuse, limits and the audit trail."""

import pyotp
import pytest
from sqlmodel import select

from tests.support.accounts import PASSWORD, make_user, open_session
from xplorium.config import settings
from xplorium.db import session_scope
from xplorium.models import AuditLog, RecoveryCode, TwoFactor
from xplorium.models.enums import Role
from xplorium.services import accounts, clock, sessions, two_factor
from xplorium.services.context import RequestContext
from xplorium.services.errors import Forbidden, RateLimited, Unauthenticated, ValidationFailed
from xplorium.services.ratelimit import RateLimiter


def visitor(ip: str = "198.51.100.20") -> RequestContext:
    return RequestContext(ip=ip, user_agent="pytest")


def code_at(secret: str, fake: clock.FakeClock) -> str:
    return pyotp.TOTP(secret).at(fake())


def audit_actions(user_id: int) -> list[str]:
    with session_scope() as session:
        rows = session.exec(select(AuditLog).where(AuditLog.entity_id == str(user_id)).order_by(AuditLog.id))
        return [row.action for row in rows.all()]


def enrol_by_signing_in(email: str, fake: clock.FakeClock) -> tuple[str, tuple[str, ...]]:
    challenge = accounts.sign_in(visitor(), email=email, password=PASSWORD, limiter=RateLimiter())
    assert isinstance(challenge, two_factor.Challenge) and challenge.enrolment is not None
    secret = challenge.enrolment.secret
    done = two_factor.complete_sign_in(
        visitor(), challenge=challenge.token, code=code_at(secret, fake), limiter=RateLimiter()
    )
    return secret, done.recovery_codes


def test_a_super_admin_enrols_on_first_sign_in_and_then_signs_in_with_a_code(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        boss = make_user(Role.SUPER_ADMIN, email="boss@xplorium.rs")
        challenge = accounts.sign_in(visitor(), email="boss@xplorium.rs", password=PASSWORD)
        # The password alone opens no session.
        assert isinstance(challenge, two_factor.Challenge)
        assert challenge.enrolment.qr_code.startswith("data:image/svg+xml")
        secret = challenge.enrolment.secret
        with pytest.raises(ValidationFailed) as wrong:
            two_factor.complete_sign_in(visitor(), challenge=challenge.token, code="000000")
        assert "code" in wrong.value.fields

        done = two_factor.complete_sign_in(visitor(), challenge=challenge.token, code=code_at(secret, fake))
        assert len(done.recovery_codes) == 10 and len(set(done.recovery_codes)) == 10
        issued = sessions.activate(done.pending.ticket, done.pending.binding)
        assert sessions.resolve(issued.token).role == Role.SUPER_ADMIN

        fake.advance(seconds=30)
        again = accounts.sign_in(visitor(), email="boss@xplorium.rs", password=PASSWORD)
        assert again.enrolment is None
        assert two_factor.complete_sign_in(visitor(), challenge=again.token, code=code_at(secret, fake))

    with session_scope() as session:
        stored = session.exec(select(RecoveryCode.code_hash)).all()
    assert not set(done.recovery_codes) & set(stored)
    assert audit_actions(boss.id) == ["LOGIN_FAILED", "TWO_FACTOR_ENABLED", "LOGIN", "LOGIN"]


def test_a_code_is_refused_a_second_time_and_a_wrong_one_always(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        make_user(Role.SUPER_ADMIN, email="boss@xplorium.rs")
        secret, _codes = enrol_by_signing_in("boss@xplorium.rs", fake)
        reused = code_at(secret, fake)  # the code that enrolled, still on the screen
        challenge = accounts.sign_in(visitor(), email="boss@xplorium.rs", password=PASSWORD)
        for code in (reused, "123456", "abcdef", "99999999"):
            with pytest.raises(ValidationFailed):
                two_factor.complete_sign_in(
                    visitor(), challenge=challenge.token, code=code, limiter=RateLimiter()
                )
        fake.advance(seconds=30)
        assert two_factor.complete_sign_in(visitor(), challenge=challenge.token, code=code_at(secret, fake))


def test_a_recovery_code_signs_in_once(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        boss = make_user(Role.SUPER_ADMIN, email="boss@xplorium.rs")
        _secret, codes = enrol_by_signing_in("boss@xplorium.rs", fake)
        challenge = accounts.sign_in(visitor(), email="boss@xplorium.rs", password=PASSWORD)
        spelled = codes[0].upper().replace("-", " ")  # as someone reads it off paper
        assert two_factor.complete_sign_in(visitor(), challenge=challenge.token, code=spelled)
        with pytest.raises(ValidationFailed):
            two_factor.complete_sign_in(visitor(), challenge=challenge.token, code=codes[0])
        assert two_factor.status(ctx_of(boss)).recovery_codes_left == 9
    assert "RECOVERY_CODE_USED" in audit_actions(boss.id)


def test_codes_are_rate_limited_per_staff_member(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        make_user(Role.SUPER_ADMIN, email="boss@xplorium.rs")
        secret, _codes = enrol_by_signing_in("boss@xplorium.rs", fake)
        challenge = accounts.sign_in(visitor(), email="boss@xplorium.rs", password=PASSWORD)
        limiter = RateLimiter()
        for n in range(5):
            with pytest.raises(ValidationFailed):
                two_factor.complete_sign_in(
                    visitor(f"192.0.2.{n}"), challenge=challenge.token, code="000000", limiter=limiter
                )
        fake.advance(seconds=30)
        with pytest.raises(RateLimited):
            two_factor.complete_sign_in(
                visitor("192.0.2.99"), challenge=challenge.token, code=code_at(secret, fake), limiter=limiter
            )


def test_a_challenge_expires_and_cannot_be_forged(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        boss = make_user(Role.SUPER_ADMIN, email="boss@xplorium.rs")
        challenge = accounts.sign_in(visitor(), email="boss@xplorium.rs", password=PASSWORD)
        _user_id, expires, nonce, mac = challenge.token.split(".")
        for forged in (f"{boss.id + 1}.{expires}.{nonce}.{mac}", "1.2.3.4", "", None):
            with pytest.raises(Unauthenticated):
                two_factor.complete_sign_in(visitor(), challenge=forged, code="123456")
        fake.advance(minutes=6)
        with pytest.raises(Unauthenticated):
            two_factor.complete_sign_in(
                visitor(), challenge=challenge.token, code=code_at(challenge.enrolment.secret, fake)
            )


def ctx_of(user) -> RequestContext:
    return RequestContext(actor_id=user.id, actor_role=user.role, ip="192.0.2.5")


def test_admins_choose_unless_the_setting_requires_it(clean, monkeypatch):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        admin = make_user(Role.ADMIN, email="desk@xplorium.rs")
        assert isinstance(
            accounts.sign_in(visitor(), email="desk@xplorium.rs", password=PASSWORD), accounts.SignedIn
        )
        monkeypatch.setattr(settings, "admin_two_factor_required", True)
        assert isinstance(
            accounts.sign_in(visitor(), email="desk@xplorium.rs", password=PASSWORD), two_factor.Challenge
        )
        monkeypatch.setattr(settings, "admin_two_factor_required", False)

        # Optional: switched on from the security page, then it is asked at every sign-in.
        enrolment = two_factor.start_enrolment(ctx_of(admin))
        with pytest.raises(ValidationFailed):
            two_factor.confirm_enrolment(ctx_of(admin), "000000")
        codes = two_factor.confirm_enrolment(ctx_of(admin), code_at(enrolment.secret, fake))
        assert len(codes) == 10
        assert two_factor.status(ctx_of(admin)).enabled
        assert isinstance(
            accounts.sign_in(visitor(), email="desk@xplorium.rs", password=PASSWORD), two_factor.Challenge
        )
        fake.advance(seconds=30)
        renewed = two_factor.renew_recovery_codes(ctx_of(admin), code_at(enrolment.secret, fake))
        assert not set(renewed) & set(codes)
        fake.advance(seconds=30)
        assert two_factor.disable(ctx_of(admin), code_at(enrolment.secret, fake))
        assert isinstance(
            accounts.sign_in(visitor(), email="desk@xplorium.rs", password=PASSWORD), accounts.SignedIn
        )
    assert [a for a in audit_actions(admin.id) if "TWO_FACTOR" in a or "RECOVERY" in a] == [
        "TWO_FACTOR_FAILED",
        "TWO_FACTOR_ENABLED",
        "RECOVERY_CODES_RENEWED",
        "TWO_FACTOR_DISABLED",
    ]


def test_a_super_admin_cannot_switch_it_off_and_parents_have_none(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        boss = make_user(Role.SUPER_ADMIN, email="boss@xplorium.rs")
        secret, _codes = enrol_by_signing_in("boss@xplorium.rs", fake)
        fake.advance(seconds=30)
        with pytest.raises(Forbidden):
            two_factor.disable(ctx_of(boss), code_at(secret, fake))
        parent = make_user(Role.USER, email="mama@example.com")
        assert isinstance(
            accounts.sign_in(visitor(), email="mama@example.com", password=PASSWORD), accounts.SignedIn
        )
        with pytest.raises(Forbidden):
            two_factor.start_enrolment(ctx_of(parent))
    with session_scope() as session:
        assert session.get(TwoFactor, boss.id).enabled_at is not None
    assert open_session(parent)
