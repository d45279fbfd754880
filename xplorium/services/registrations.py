"""Parents' registrations for public events, the waiting list, and cancellation by secret link.

A registration is CONFIRMED while its guests fit in the event's capacity and nobody is waiting
before it; otherwise it joins the waiting list (WAITLISTED). When a confirmed registration is
cancelled, the waiting list is promoted strictly in order (first come, first served): the
first waiting registration is confirmed if its guests fit, then the next, and promotion stops
at the first one that does not fit, so nobody is overtaken. Each registration can be cancelled
only through the link emailed to it; the database keeps only a hash of the link's token.
"""

from collections.abc import Mapping
from urllib.parse import quote as url_quote

import sqlalchemy as sa
import structlog
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from xplorium import formatting
from xplorium.config import settings
from xplorium.constants import (
    REGISTRATION_GUESTS_MAX,
    REGISTRATION_GUESTS_MIN,
    REGISTRATION_LIMIT,
    SHORT_TEXT_MAX,
    TOKEN_BYTES,
    VENUE_NAME,
)
from xplorium.db import session_scope
from xplorium.i18n import N_, _, current_locale, ngettext, use_locale
from xplorium.models import Event, EventRegistration
from xplorium.models.enums import AuditAction, EventStatus, NotificationKind, RegistrationStatus
from xplorium.services import audit, catalog, clock, mail
from xplorium.services.bilingual import localized
from xplorium.services.bookings.validation import email_field
from xplorium.services.clock import local_now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors, NotFound, ValidationFailed
from xplorium.services.notifications import notify_staff
from xplorium.services.ratelimit import get_limiter
from xplorium.services.sanitize import clean_text
from xplorium.services.security import generate_token, hash_token

log = structlog.get_logger(__name__)

CANCEL_PATH = "/events/cancel"
INVALID_LINK = N_("This cancellation link is not valid.")
ALREADY_REGISTERED = N_("This email address is already registered for this event.")
STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: N_("Confirmed"),
    RegistrationStatus.WAITLISTED: N_("On the waiting list"),
    RegistrationStatus.CANCELLED: N_("Cancelled"),
}
# A token is url-safe base64 of TOKEN_BYTES bytes; anything much longer is not one of ours.
TOKEN_MAX = TOKEN_BYTES * 2


def cancel_url(token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}{CANCEL_PATH}?token={url_quote(token)}"


def _validate(data: Mapping) -> tuple[str, str, int]:
    errors = FieldErrors()
    name = clean_text(data.get("name"), max_length=SHORT_TEXT_MAX)
    if len(name) < 2:
        errors.add("name", _("Enter your name."))
    email = email_field(errors, data.get("email"))
    try:
        guests = int(str(data.get("guest_count")).strip())
    except (TypeError, ValueError):
        guests = 0
    if not REGISTRATION_GUESTS_MIN <= guests <= REGISTRATION_GUESTS_MAX:
        errors.add(
            "guest_count",
            _("Register {registration_guests_min} to {registration_guests_max} people at a time.").format(
                registration_guests_min=REGISTRATION_GUESTS_MIN,
                registration_guests_max=REGISTRATION_GUESTS_MAX,
            ),
        )
    errors.raise_if_any()
    return name, email, guests


def _counts(session: Session, event_id: int) -> tuple[int, int]:
    """(confirmed guests, waiting registrations) of an event, in one query."""
    confirmed = sa.func.coalesce(
        sa.func.sum(
            sa.case((EventRegistration.status == RegistrationStatus.CONFIRMED, EventRegistration.guest_count))
        ),
        0,
    )
    waiting = sa.func.count(sa.case((EventRegistration.status == RegistrationStatus.WAITLISTED, 1)))
    row = session.exec(select(confirmed, waiting).where(EventRegistration.event_id == event_id)).one()
    return int(row[0]), int(row[1])


def _lock_event(session: Session, **where) -> Event | None:
    """The event row, locked until the transaction ends: registrations of one event go one at a time."""
    query = select(Event).with_for_update()
    for column, value in where.items():
        query = query.where(getattr(Event, column) == value)
    return session.exec(query).first()


def _title(event: Event) -> str:
    """The event's title in the language of the email being written."""
    return localized(event.title, event.title_en)


def _event_facts(event: Event) -> str:
    return (
        f"{_title(event)}, {formatting.day(event.date)} "
        f"{formatting.time_of_day(event.start_time)}–{formatting.time_of_day(event.end_time)}"
    )


def register(ctx: RequestContext, slug: str, data: Mapping) -> dict:
    """Register for a published upcoming event: confirmed while places last, else waiting list."""
    name, email, guests = _validate(data)
    attempts, window = REGISTRATION_LIMIT
    limiter = get_limiter()
    limiter.hit("registration:email", email, attempts, window)
    limiter.hit("registration:ip", ctx.ip_or_unknown, attempts, window)

    slug = (slug or "").strip().lower()
    if not catalog.valid_slug(slug):
        raise NotFound(_("Event not found."))
    token = generate_token()
    try:
        with session_scope() as session:
            event = _lock_event(session, slug=slug, status=EventStatus.PUBLISHED)
            if event is None:
                raise NotFound(_("Event not found."))
            if event.date < local_now().date():
                raise Conflict(_("This event has already taken place."))
            if guests > event.capacity:
                raise ValidationFailed(
                    {
                        "guest_count": _("This event has {capacity} places in all.").format(
                            capacity=event.capacity
                        )
                    }
                )
            existing = session.exec(
                select(EventRegistration.id).where(
                    EventRegistration.event_id == event.id,
                    EventRegistration.email == email,
                    EventRegistration.status != RegistrationStatus.CANCELLED,
                )
            ).first()
            if existing is not None:
                raise Conflict(_(ALREADY_REGISTERED))
            confirmed, waiting = _counts(session, event.id)
            fits = waiting == 0 and confirmed + guests <= event.capacity
            registration = EventRegistration(
                event_id=event.id,
                name=name,
                email=email,
                guest_count=guests,
                status=RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITLISTED,
                cancel_token_hash=hash_token(token),
                # The language of the page it was made on: its emails are written in it.
                language=current_locale(),
            )
            session.add(registration)
            session.flush()
            audit.record(
                session,
                ctx,
                AuditAction.CREATE,
                "event_registration",
                registration.id,
                {"event_id": event.id, "guest_count": guests, "status": registration.status.value},
            )
            status_label = _(STATUS_LABELS[registration.status])
            notify_staff(
                session,
                NotificationKind.NEW_REGISTRATION,
                _("New registration for {title}").format(title=event.title),
                f"{_people(guests)} · {status_label}",
                f"/admin/events?slug={event.slug}",
            )
            if fits and confirmed + guests == event.capacity:
                notify_staff(
                    session,
                    NotificationKind.EVENT_FULL,
                    _("{title} is full").format(title=event.title),
                    _("All {capacity} places are taken; new registrations join the waiting list.").format(
                        capacity=event.capacity
                    ),
                    f"/admin/events?slug={event.slug}",
                )
            with use_locale(registration.language):
                mail.queue(session, email, *_registration_email(event, name, guests, fits, token))
            result = {
                "status": registration.status.value,
                "status_label": status_label,
                "event_title": event.title,
                "guest_count": guests,
            }
    except IntegrityError as error:
        # The partial unique index caught a second live registration made at the same instant.
        if getattr(error.orig, "sqlstate", None) == "23505":
            raise Conflict(_(ALREADY_REGISTERED)) from None
        raise
    catalog.invalidate_events(slug)
    log.info("event_registration", status=result["status"])
    return result


def _registration_email(event: Event, name: str, guests: int, confirmed: bool, token: str) -> tuple[str, str]:
    people = _people(guests)
    if confirmed:
        subject = _("You are registered: {title}").format(title=_title(event))
        opening = ngettext(
            "your place is confirmed for {people}.", "your places are confirmed for {people}.", guests
        ).format(people=people)
    else:
        subject = _("Waiting list: {title}").format(title=_title(event))
        opening = _(
            "the event is full, so you are on the waiting list for {people}. We will email you as soon as a place frees up."
        ).format(people=people)
    body = "\n".join(
        [
            _("Dear {name},").format(name=name),
            "",
            opening,
            "",
            _event_facts(event),
            event.location or "",
            "",
            _("If you cannot come, please cancel with this link so someone else can have your place:"),
            cancel_url(token),
            "",
            _("See you at {venue}!").format(venue=VENUE_NAME),
        ]
    )
    return subject, body


def promote_waitlist(session: Session, ctx: RequestContext, event: Event) -> list[EventRegistration]:
    """Confirm waiting registrations in order while they fit; the caller holds the event lock."""
    if event.status != EventStatus.PUBLISHED or event.date < local_now().date():
        return []
    confirmed, _waiting = _counts(session, event.id)
    waiting = session.exec(
        select(EventRegistration)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(EventRegistration.created_at, EventRegistration.id)
    ).all()
    promoted = []
    now = clock.now()
    for registration in waiting:
        if confirmed + registration.guest_count > event.capacity:
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        session.add(registration)
        confirmed += registration.guest_count
        promoted.append(registration)
    if promoted:
        session.flush()
    for registration in promoted:
        audit.record(
            session,
            ctx,
            AuditAction.UPDATE,
            "event_registration",
            registration.id,
            {
                "status": {
                    "from": RegistrationStatus.WAITLISTED.value,
                    "to": RegistrationStatus.CONFIRMED.value,
                }
            },
        )
        with use_locale(registration.language):
            _email_place_freed(session, event, registration)
    return promoted


def _email_place_freed(session: Session, event: Event, registration: EventRegistration) -> None:
    people = _people(registration.guest_count)
    mail.queue(
        session,
        registration.email,
        _("A place is yours: {title}").format(title=_title(event)),
        "\n".join(
            [
                _("Dear {name},").format(name=registration.name),
                "",
                _("good news: a place freed up and your registration for {people} is now confirmed.").format(
                    people=people
                ),
                "",
                _event_facts(event),
                event.location or "",
                "",
                _("If you cannot come after all, please use the cancellation link from your first email."),
            ]
        ),
    )


def _find_by_token(session: Session, token: str) -> EventRegistration | None:
    token = (token or "").strip()
    if not token or len(token) > TOKEN_MAX:
        return None
    return session.exec(
        select(EventRegistration).where(EventRegistration.cancel_token_hash == hash_token(token))
    ).first()


def registration_for_token(token: str) -> dict:
    """What the cancellation page shows before the parent confirms: the event, not the person."""
    with session_scope() as session:
        registration = _find_by_token(session, token)
        if registration is None:
            raise NotFound(_(INVALID_LINK))
        event = session.get(Event, registration.event_id)
        return {
            "event_title": event.title,
            "event_slug": event.slug,
            "date_label": formatting.day(event.date),
            "time_label": f"{formatting.time_of_day(event.start_time)}–{formatting.time_of_day(event.end_time)}",
            "guest_count": registration.guest_count,
            "status": registration.status.value,
            "status_label": _(STATUS_LABELS[registration.status]),
        }


def cancel_registration(ctx: RequestContext, token: str) -> dict:
    """Cancel the registration this secret token belongs to; works once."""
    with session_scope() as session:
        found = _find_by_token(session, token)
        if found is None:
            raise NotFound(_(INVALID_LINK))
        event = _lock_event(session, id=found.event_id)
        # Re-read under the event lock: a concurrent use of the same link must see the first one's result.
        registration = session.exec(
            select(EventRegistration)
            .where(EventRegistration.id == found.id)
            .execution_options(populate_existing=True)
        ).one()
        if registration.status == RegistrationStatus.CANCELLED:
            raise Conflict(_("This registration is already cancelled."))
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        before = registration.status.value
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = clock.now()
        session.add(registration)
        session.flush()
        audit.record(
            session,
            ctx,
            AuditAction.CANCEL,
            "event_registration",
            registration.id,
            {"status": {"from": before, "to": RegistrationStatus.CANCELLED.value}, "by": "registrant"},
        )
        promoted = promote_waitlist(session, ctx, event) if was_confirmed else []
        with use_locale(registration.language):
            mail.queue(
                session,
                registration.email,
                _("Registration cancelled: {title}").format(title=_title(event)),
                _(
                    "Dear {name},\n\nyour registration for {event_facts} is cancelled. Thank you for letting us know."
                ).format(name=registration.name, event_facts=_event_facts(event)),
            )
        result = {
            "event_title": event.title,
            "event_slug": event.slug,
            "status": registration.status.value,
            "status_label": _(STATUS_LABELS[registration.status]),
            "promoted": len(promoted),
        }
        slug = event.slug
    catalog.invalidate_events(slug)
    return result


def _people(count: int) -> str:
    return ngettext("{count} person", "{count} people", count).format(count=count)
