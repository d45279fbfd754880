"""The venue's digital waiver: versioned text (Serbian and English) and guardians' signatures.

A signature is a guardian's typed-name consent to one version for one child, with the time, IP
and user agent. It covers that child (found by name and the guardian's contact) for
WAIVER_VALID_FOR, at later visits and parties too, as long as no newer version was published:
a new version asks again. Versions and signatures are only ever added, never changed.
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, select

from xplorium.constants import WAIVER_TEXT_MAX, WAIVER_VALID_FOR
from xplorium.db import session_scope
from xplorium.i18n import _, current_locale
from xplorium.models import WaiverSignature, WaiverVersion
from xplorium.models.enums import AuditAction
from xplorium.models.party import CONTACT_MAX, NAME_MAX, USER_AGENT_MAX
from xplorium.services import audit
from xplorium.services.authz import require_staff
from xplorium.services.clock import VENUE_TZ, now
from xplorium.services.context import RequestContext
from xplorium.services.errors import Conflict, FieldErrors
from xplorium.services.sanitize import clean_text

ENTITY = "waiver"


@event.listens_for(WaiverVersion, "before_update")
@event.listens_for(WaiverSignature, "before_update")
def _never_edited(_mapper, _connection, target) -> None:
    # A signed waiver is evidence: the ORM refuses to change one (or the text it agreed to).
    raise Conflict(_("A waiver is never edited; publish a new version instead."))


def child_key(child_name: str, guardian_contact: str) -> str:
    """How a child is recognised at a later visit: name and guardian's contact, normalised."""
    return f"{' '.join(child_name.lower().split())}|{guardian_contact.strip().lower()}"


def current(session: Session) -> WaiverVersion | None:
    return session.exec(select(WaiverVersion).order_by(WaiverVersion.number.desc()).limit(1)).first()


def text_of(version: WaiverVersion) -> str:
    """The version's text in the reader's language."""
    return version.body_en if current_locale() == "en" else version.body_sr


def valid_signature(session: Session, key: str, at: datetime | None = None) -> WaiverSignature | None:
    """The child's signature of the current version signed within WAIVER_VALID_FOR, if any."""
    version = current(session)
    if version is None:
        return None
    moment = at or now()
    return session.exec(
        select(WaiverSignature)
        .where(
            WaiverSignature.child_key == key,
            WaiverSignature.version_id == version.id,
            WaiverSignature.signed_at > moment - WAIVER_VALID_FOR,
        )
        .order_by(WaiverSignature.signed_at.desc())
        .limit(1)
    ).first()


def status(session: Session, keys: list[str]) -> dict[str, bool]:
    """For each child key: whether a valid signature covers it now."""
    return {key: valid_signature(session, key) is not None for key in keys}


def sign(
    session: Session,
    ctx: RequestContext,
    *,
    child_name: str,
    guardian_name: str,
    guardian_contact: str,
    consent_name: object,
    version_number: object,
) -> WaiverSignature:
    """Record a signature of the current version (reusing a valid one for the same child).

    `consent_name` is the guardian's name typed again as the signature; `version_number` is the
    version the guardian read, so a version published meanwhile asks them to read it first.
    """
    version = current(session)
    if version is None:
        raise Conflict(_("The waiver is not available yet; please ask the venue."))
    key = child_key(child_name, guardian_contact)
    existing = valid_signature(session, key)
    if existing is not None:
        return existing
    errors = FieldErrors()
    consent = clean_text(consent_name, max_length=NAME_MAX)
    if str(version_number) != str(version.number):
        errors.add("waiver", _("The waiver has changed; please read the new version and sign again."))
    if " ".join(consent.lower().split()) != " ".join(guardian_name.lower().split()):
        errors.add("consent_name", _("Type your name exactly as above to sign."))
    errors.raise_if_any()
    signature = WaiverSignature(
        version_id=version.id,
        child_key=key,
        child_name=child_name,
        guardian_name=guardian_name,
        guardian_contact=guardian_contact[:CONTACT_MAX],
        consent_name=consent,
        signed_at=now(),
        ip=(ctx.ip or "")[:64],
        user_agent=(ctx.user_agent or "")[:USER_AGENT_MAX],
    )
    session.add(signature)
    session.flush()
    audit.record(
        session, ctx, AuditAction.CREATE, "waiver_signature", signature.id, {"version": version.number}
    )
    return signature


def publish(ctx: RequestContext, body_sr: object, body_en: object) -> dict[str, Any]:
    """Staff publish a new version of the waiver (both languages); every child signs it again."""
    require_staff(ctx)
    errors = FieldErrors()
    texts = {
        "body_sr": clean_text(body_sr, max_length=WAIVER_TEXT_MAX, multiline=True),
        "body_en": clean_text(body_en, max_length=WAIVER_TEXT_MAX, multiline=True),
    }
    for name, text in texts.items():
        if len(text) < 20:
            errors.add(name, _("Write the waiver's full text (at least 20 characters)."))
    errors.raise_if_any()
    with session_scope() as session:
        latest = session.exec(select(sa.func.max(WaiverVersion.number))).one() or 0
        version = WaiverVersion(number=latest + 1, **texts, published_at=now())
        session.add(version)
        session.flush()
        audit.record(session, ctx, AuditAction.PUBLISH, ENTITY, version.id, {"number": version.number})
        return {"number": version.number}


def current_text_in(session: Session) -> dict[str, Any]:
    """The waiver to sign now, inside the caller's session: {"number", "text"} (0: none yet)."""
    version = current(session)
    if version is None:
        return {"number": 0, "text": ""}
    return {"number": version.number, "text": text_of(version)}


def admin_view(ctx: RequestContext) -> dict[str, Any]:
    """The current version's texts for the staff's editor (number 0: none yet)."""
    require_staff(ctx)
    with session_scope() as session:
        version = current(session)
        if version is None:
            return {"number": 0, "body_sr": "", "body_en": "", "published": ""}
        return {
            "number": version.number,
            "body_sr": version.body_sr,
            "body_en": version.body_en,
            "published": version.published_at.astimezone(VENUE_TZ).strftime("%d %b %Y %H:%M"),
        }
