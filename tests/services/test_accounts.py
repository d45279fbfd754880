"""Sign-up, sign-in, rate limits, password reset and profile, against PostgreSQL and Redis."""

from datetime import timedelta
from decimal import Decimal

import pytest
import redis
from sqlmodel import select

from tests.support.accounts import PASSWORD, make_user, open_session, session_rows
from tests.support.smtp import body_of, first_link
from xplorium.config import settings
from xplorium.constants import PRIVACY_POLICY_VERSION
from xplorium.db import session_scope
from xplorium.i18n import use_locale
from xplorium.models import AuditLog, Booking, PasswordResetToken, User
from xplorium.models.enums import BookingStatus, BookingType, Role
from xplorium.services import accounts, clock, sessions
from xplorium.services.context import RequestContext
from xplorium.services.errors import RateLimited, Unauthenticated, ValidationFailed
from xplorium.services.ratelimit import RateLimiter

NEW_PASSWORD = "Slide&Swing-2026"


def visitor(ip: str = "198.51.100.1") -> RequestContext:
    return RequestContext(ip=ip, user_agent="pytest")


def actions() -> list[str]:
    with session_scope() as session:
        return [a.action for a in session.exec(select(AuditLog).order_by(AuditLog.id)).all()]


def user_by_email(email: str) -> User:
    with session_scope() as session:
        return session.exec(select(User).where(User.email == email)).one()


def two_limiters() -> tuple[RateLimiter, RateLimiter]:
    """Two limiter clients on one Redis, each with its own connection, as two app processes have."""
    return tuple(
        RateLimiter(redis.Redis.from_url(settings.redis_url, decode_responses=True)) for _ in range(2)
    )


# ---------------------------------------------------------------- sign up


def test_sign_up_creates_a_parent_with_consent_who_then_signs_in(clean, smtp_sink):
    answer = accounts.sign_up(
        visitor(),
        name="  Jelena <i>Petrović</i> ",
        email="Jelena@Example.COM",
        password=PASSWORD,
        accept_privacy=True,
        marketing_opt_in=True,
    )
    assert answer == accounts.SIGN_UP_ANSWER
    user = user_by_email("jelena@example.com")
    assert (user.name, user.role, user.marketing_opt_in) == ("Jelena Petrović", Role.USER, True)
    assert user.consent_version == PRIVACY_POLICY_VERSION and user.consent_at is not None
    assert user.password_hash.startswith("$2b$12$")
    assert "/signin" in body_of(smtp_sink.wait_for("jelena@example.com", "Welcome"))
    assert accounts.sign_in(visitor(), email="jelena@example.com", password=PASSWORD).user_id == user.id
    assert actions() == ["CREATE", "LOGIN"]


def test_sign_up_enforces_the_password_policy_and_consent(clean):
    with pytest.raises(ValidationFailed) as refused:
        accounts.sign_up(visitor(), name="", email="not-an-email", password="password", accept_privacy=False)
    assert set(refused.value.fields) == {"name", "email", "password", "accept_privacy"}
    assert "upper-case" in refused.value.fields["password"]
    for weak in ("Sh0rt!", "alllowercase1!", "NoDigits!!", "NoSymbols123"):
        with pytest.raises(ValidationFailed):
            accounts.sign_up(visitor(), name="A", email="a@example.com", password=weak, accept_privacy=True)
    with session_scope() as session:
        assert session.exec(select(User)).all() == []


def test_sign_up_answers_the_same_whether_or_not_the_email_has_an_account(clean, smtp_sink):
    """Unlike before, sign-up does not tell a stranger which emails have accounts: the
    answer is one text, and only the mailbox's owner learns (by email) that one existed."""
    make_user(email="taken@example.com", name="Owner")
    make_user(email="claim@example.com", password=None)
    make_user(email="blocked@example.com", is_blocked=True)
    answers = {
        email: accounts.sign_up(
            visitor(), name="Stranger", email=email, password=NEW_PASSWORD, accept_privacy=True
        )
        for email in ("TAKEN@example.com", "claim@example.com", "blocked@example.com", "new@example.com")
    }
    assert set(answers.values()) == {accounts.SIGN_UP_ANSWER}
    owner_mail = body_of(smtp_sink.wait_for("taken@example.com", "Your Xplorium account"))
    assert "already have one" in owner_mail and "/reset" in owner_mail
    # The existing account is untouched: its password still works, the stranger's does not.
    assert user_by_email("taken@example.com").name == "Owner"
    assert accounts.sign_in(visitor("192.0.2.9"), email="taken@example.com", password=PASSWORD)
    with pytest.raises(Unauthenticated):
        accounts.sign_in(visitor("192.0.2.9"), email="taken@example.com", password=NEW_PASSWORD)


def test_sign_up_over_a_guest_customer_record_asks_the_mailbox_owner(clean, smtp_sink):
    guest = make_user(email="guest@example.com", password=None)
    answer = accounts.sign_up(
        visitor(), name="Guest", email="guest@example.com", password=PASSWORD, accept_privacy=True
    )
    assert answer == accounts.SIGN_UP_ANSWER
    assert user_by_email("guest@example.com").password_hash is None
    link = first_link(smtp_sink.wait_for("guest@example.com", "Finish creating"))
    token = link.split("token=")[1]
    accounts.reset_password(visitor(), token=token, new_password=NEW_PASSWORD)
    assert accounts.sign_in(visitor(), email="guest@example.com", password=NEW_PASSWORD).user_id == guest.id


# ---------------------------------------------------------------- sign in


def test_sign_in_with_wrong_password_or_unknown_email_gives_one_answer_and_is_audited(clean):
    make_user(email="mama@example.com")
    for email, password in (("mama@example.com", "Wrong-pass-1"), ("nobody@example.com", PASSWORD)):
        with pytest.raises(Unauthenticated) as refused:
            accounts.sign_in(visitor(), email=email, password=password)
        assert refused.value.message == accounts.BAD_CREDENTIALS
    assert actions() == ["LOGIN_FAILED", "LOGIN_FAILED"]
    with session_scope() as session:
        entries = session.exec(select(AuditLog)).all()
    assert all(e.changes == {"reason": "bad_credentials"} for e in entries)


def test_blocked_and_deleted_users_get_the_same_refusal(clean):
    make_user(email="blocked@example.com", is_blocked=True)
    make_user(email="deleted@example.com", deleted_at=clock.now())
    messages = set()
    for email in ("blocked@example.com", "deleted@example.com"):
        with pytest.raises(Unauthenticated) as refused:
            accounts.sign_in(visitor(), email=email, password=PASSWORD)
        messages.add(refused.value.message)
    assert messages == {accounts.ACCOUNT_DISABLED}


def test_sixth_failed_sign_in_is_refused_even_with_the_right_password_across_two_processes(clean):
    make_user(email="target@example.com")
    first, second = two_limiters()
    for attempt in range(5):
        limiter = first if attempt % 2 == 0 else second
        with pytest.raises(Unauthenticated):
            accounts.sign_in(
                visitor(f"203.0.113.{attempt}"),
                email="target@example.com",
                password="Wrong-1!",
                limiter=limiter,
            )
    with pytest.raises(RateLimited) as refused:
        accounts.sign_in(
            visitor("203.0.113.99"), email="target@example.com", password=PASSWORD, limiter=second
        )
    assert "try again in 15 minutes" in refused.value.message
    assert refused.value.details["retry_after"] > 14 * 60
    # The refused attempt never reached the password check: no LOGIN was recorded.
    assert actions() == ["LOGIN_FAILED"] * 5


def test_sign_in_limit_per_ip_covers_many_emails(clean):
    first, second = two_limiters()
    for attempt in range(5):
        with pytest.raises(Unauthenticated):
            accounts.sign_in(
                visitor("192.0.2.50"),
                email=f"guess{attempt}@example.com",
                password="x",
                limiter=(first, second)[attempt % 2],
            )
    make_user(email="real@example.com")
    with pytest.raises(RateLimited):
        accounts.sign_in(visitor("192.0.2.50"), email="real@example.com", password=PASSWORD, limiter=first)
    assert accounts.sign_in(visitor("192.0.2.51"), email="real@example.com", password=PASSWORD, limiter=first)


def test_sign_up_is_limited_per_email(clean):
    """Five attempts per address in 15 minutes, from however many addresses they come."""
    limiter, _ = two_limiters()
    for n in range(5):
        accounts.sign_up(
            visitor(f"192.0.2.{70 + n}"),
            name="N",
            email="target@example.com",
            password=PASSWORD,
            accept_privacy=True,
            limiter=limiter,
        )
    with pytest.raises(RateLimited):
        accounts.sign_up(
            visitor("192.0.2.99"),
            name="N",
            email="Target@Example.com",
            password=PASSWORD,
            accept_privacy=True,
            limiter=limiter,
        )


def test_sign_up_is_limited_per_ip(clean):
    limiter, _ = two_limiters()
    for n in range(5):
        accounts.sign_up(
            visitor("192.0.2.60"),
            name="N",
            email=f"n{n}@example.com",
            password=PASSWORD,
            accept_privacy=True,
            limiter=limiter,
        )
    with pytest.raises(RateLimited):
        accounts.sign_up(
            visitor("192.0.2.60"),
            name="N",
            email="n6@example.com",
            password=PASSWORD,
            accept_privacy=True,
            limiter=limiter,
        )


# ---------------------------------------------------------------- sessions


def test_session_expires_seven_days_after_sign_in(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        token = open_session(make_user(Role.USER))
        fake.advance(days=6, hours=23, minutes=59)
        assert sessions.resolve(token) is not None
        fake.advance(minutes=1)
        assert sessions.resolve(token) is None


def test_admin_session_ends_after_30_idle_minutes_but_activity_keeps_it(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        admin_token = open_session(make_user(Role.ADMIN))
        parent_token = open_session(make_user(Role.USER))
        for _ in range(4):  # two hours of steady activity
            fake.advance(minutes=29)
            assert sessions.resolve(admin_token) is not None
        fake.advance(minutes=30)
        assert sessions.resolve(admin_token) is None
        # Activity does not bring an idle-ended session back.
        fake.advance(minutes=1)
        assert sessions.resolve(admin_token) is None
        # Parents are not subject to the idle rule.
        assert sessions.resolve(parent_token) is not None


def test_last_seen_is_written_at_most_once_a_minute(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        admin = make_user(Role.ADMIN)
        token = open_session(admin)
        started = session_rows(admin.id)[0].last_seen_at
        fake.advance(seconds=30)
        sessions.resolve(token)
        assert session_rows(admin.id)[0].last_seen_at == started
        fake.advance(seconds=31)
        sessions.resolve(token)
        assert session_rows(admin.id)[0].last_seen_at == fake()


def test_activation_ticket_is_single_use_short_lived_and_not_a_token(clean):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        user = make_user(Role.USER)
        with session_scope() as session:
            pending = sessions.create_pending(session, session.get(User, user.id), visitor())
        assert sessions.resolve(pending.ticket) is None
        assert sessions.activate(pending.ticket, pending.binding) is not None
        assert sessions.activate(pending.ticket, pending.binding) is None
        with session_scope() as session:
            late = sessions.create_pending(session, session.get(User, user.id), visitor())
        fake.advance(minutes=3)
        assert sessions.activate(late.ticket, late.binding) is None
    stored = {row.token_hash for row in session_rows(user.id)}
    assert not {pending.ticket, pending.binding, late.ticket, late.binding} & stored


def test_a_ticket_redeemed_without_its_binding_is_refused(clean):
    """Login CSRF: the ticket alone (a link sent to someone else's browser) signs nobody in."""
    user = make_user(Role.USER)
    with session_scope() as session:
        pending = sessions.create_pending(session, session.get(User, user.id), visitor())
    with session_scope() as session:  # another sign-in, in another browser
        other = sessions.create_pending(session, session.get(User, user.id), visitor())
    assert sessions.activate(pending.ticket, None) is None
    assert sessions.activate(pending.ticket, other.binding) is None
    assert sessions.activate(pending.ticket, pending.binding) is not None


def test_sign_out_revokes_the_session_and_is_audited(clean):
    user = make_user(Role.USER)
    token = open_session(user)
    other = open_session(user)
    assert accounts.sign_out(visitor(), token)
    assert sessions.resolve(token) is None
    assert sessions.resolve(other) is not None
    assert not accounts.sign_out(visitor(), token)
    assert actions() == ["LOGOUT"]


# ---------------------------------------------------------------- password reset


def test_password_reset_flow_by_email(clean, smtp_sink):
    user = make_user(Role.USER, email="reset.me@example.com")
    token_a, token_b = open_session(user), open_session(user)
    answer = accounts.request_password_reset(visitor(), email="Reset.Me@example.com")
    assert answer == accounts.RESET_ANSWER
    message = smtp_sink.wait_for("reset.me@example.com", "Reset your Xplorium password")
    link = first_link(message)
    assert link.startswith(settings.public_base_url)
    reset_token = link.split("token=")[1]
    assert "one hour" in body_of(message)

    with pytest.raises(ValidationFailed) as weak:
        accounts.reset_password(visitor(), token=reset_token, new_password="weak")
    assert "password" in weak.value.fields

    accounts.reset_password(visitor(), token=reset_token, new_password=NEW_PASSWORD)
    # Every session of the user ended.
    assert sessions.resolve(token_a) is None and sessions.resolve(token_b) is None
    with pytest.raises(Unauthenticated):
        accounts.sign_in(visitor("198.51.100.2"), email="reset.me@example.com", password=PASSWORD)
    assert accounts.sign_in(visitor("198.51.100.2"), email="reset.me@example.com", password=NEW_PASSWORD)
    # Single use.
    with pytest.raises(ValidationFailed):
        accounts.reset_password(visitor(), token=reset_token, new_password="Another-pass-9")
    assert "PASSWORD_RESET" in actions()


def test_reset_answers_the_same_for_unknown_addresses_and_sends_nothing(clean, smtp_sink):
    before = len(smtp_sink.messages())
    assert accounts.request_password_reset(visitor(), email="nobody@example.com") == accounts.RESET_ANSWER
    with session_scope() as session:
        assert session.exec(select(PasswordResetToken)).all() == []
    assert len(smtp_sink.messages()) == before


def test_reset_link_expires_after_an_hour(clean, smtp_sink):
    fake = clock.FakeClock()
    with clock.use_clock(fake):
        make_user(email="late@example.com")
        accounts.request_password_reset(visitor(), email="late@example.com")
        token = first_link(smtp_sink.wait_for("late@example.com", "Reset")).split("token=")[1]
        fake.advance(minutes=59)
        assert accounts.reset_token_expiry(token) is not None
        fake.advance(minutes=1)
        assert accounts.reset_token_expiry(token) is None
        with pytest.raises(ValidationFailed):
            accounts.reset_password(visitor(), token=token, new_password=NEW_PASSWORD)


def test_reset_is_limited_to_three_an_hour(clean):
    limiter, other = two_limiters()
    for _ in range(3):
        accounts.request_password_reset(visitor("192.0.2.70"), email="someone@example.com", limiter=limiter)
    with pytest.raises(RateLimited) as refused:
        accounts.request_password_reset(visitor("192.0.2.71"), email="someone@example.com", limiter=other)
    assert "minutes" in refused.value.message


# ---------------------------------------------------------------- profile


def ctx_of(user: User) -> RequestContext:
    return RequestContext(actor_id=user.id, actor_role=user.role, ip="10.3.3.3")


def test_profile_update_validates_phone_and_is_audited_without_personal_data(clean):
    user = make_user(Role.USER, name="Old Name")
    with pytest.raises(ValidationFailed) as refused:
        accounts.update_profile(
            ctx_of(user), name="", phone="12", preferred_contact="PIGEON", marketing_opt_in=False
        )
    assert set(refused.value.fields) == {"name", "phone", "preferred_contact"}

    profile = accounts.update_profile(
        ctx_of(user), name="Ana Anić", phone="064 123 4567", preferred_contact="SMS", marketing_opt_in=True
    )
    assert (profile.name, profile.phone, profile.preferred_contact) == ("Ana Anić", "+381 64 1234567", "SMS")
    saved = user_by_email(user.email)
    assert (saved.phone, saved.sms_opt_in, saved.marketing_opt_in) == ("+381641234567", True, True)
    with session_scope() as session:
        entry = session.exec(select(AuditLog).where(AuditLog.action == "UPDATE")).one()
    assert entry.changes["name"] == "[redacted]" and entry.changes["phone"] == "[redacted]"
    assert entry.changes["marketing_opt_in"] == {"from": False, "to": True}


def test_change_password_needs_the_current_one_and_ends_other_sessions(clean):
    user = make_user(Role.USER)
    this_token, other_token = open_session(user), open_session(user)
    this_session = sessions.resolve(this_token).session_id
    with pytest.raises(ValidationFailed) as refused:
        accounts.change_password(ctx_of(user), current_password="Wrong-1!", new_password=NEW_PASSWORD)
    assert "current_password" in refused.value.fields
    ended = accounts.change_password(
        ctx_of(user), current_password=PASSWORD, new_password=NEW_PASSWORD, keep_session_id=this_session
    )
    assert ended == 1
    assert sessions.resolve(this_token) is not None and sessions.resolve(other_token) is None


def test_booking_history_shows_the_bookings_tied_to_the_account(clean):
    user = make_user(Role.USER, email="family@example.com")
    stranger = make_user(Role.USER, email="stranger@example.com")

    def booking(reference: str, email: str, user_id: int | None, day: int) -> Booking:
        from datetime import date, datetime, time

        start = datetime(2026, 3, day, 10, 0)
        return Booking(
            reference=reference,
            type=BookingType.PLAYGROUND,
            status=BookingStatus.APPROVED,
            date=date(2026, 3, day),
            start_time=time(10, 0),
            duration_minutes=120,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            blocked_until=start + timedelta(hours=2, minutes=45),
            guest_count=4,
            contact_name="Family",
            email=email,
            phone="+381641234567",
            price_quote=Decimal("2500"),
            user_id=user_id,
        )

    with session_scope() as session:
        session.add(booking("XP-AAAA1111", "family@example.com", user.id, 2))
        session.add(booking("XP-BBBB2222", "FAMILY@example.com", None, 5))
        session.add(booking("XP-CCCC3333", "stranger@example.com", stranger.id, 9))

    history = accounts.booking_history(ctx_of(user))
    # Bookings are tied to an account when made (guest bookings by their email); one that is
    # not tied is not the account's to see or cancel, whatever email it carries.
    assert [b.reference for b in history["items"]] == ["XP-AAAA1111"]
    assert history["items"][0].price == "2,500 RSD"
    assert (history["items"][0].type_label, history["items"][0].status_label) == (
        "Playroom visit",
        "Confirmed",
    )
    assert accounts.booking_history(ctx_of(make_user(Role.USER)))["items"] == []
    # A Serbian parent reads the type, the status and the price in Serbian.
    with use_locale("sr_Latn"):
        (line,) = accounts.booking_history(ctx_of(user))["items"]
    assert (line.type_label, line.status_label, line.price) == ("Poseta igraonici", "Potvrđeno", "2.500 RSD")


def test_reset_in_background_answers_before_delivering_and_still_delivers(clean, smtp_sink):
    make_user(email="later@example.com")
    before = len(smtp_sink.messages("later@example.com"))
    answer = accounts.request_password_reset(visitor(), email="later@example.com", in_background=True)
    assert answer == accounts.RESET_ANSWER
    smtp_sink.wait_for("later@example.com", "Reset your Xplorium password", after=before)
