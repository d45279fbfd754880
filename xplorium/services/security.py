"""Password hashing, password policy, and secret tokens (always from `secrets`)."""

import hashlib
import hmac
import secrets
import string

import bcrypt

from xplorium.config import settings
from xplorium.constants import BCRYPT_COST, GENERATED_PASSWORD_LENGTH, PASSWORD_MIN_LENGTH, TOKEN_BYTES
from xplorium.i18n import _

SYMBOLS = "!@#$%^&*()-_=+[]{}?"
# bcrypt only reads the first 72 bytes; longer passwords are refused, not silently cut.
PASSWORD_MAX_BYTES = 72


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=BCRYPT_COST)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    if not password_hash or len(password.encode()) > PASSWORD_MAX_BYTES:
        return False
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:
        return False


def password_problem(password: str) -> str | None:
    """Why a password breaks the policy, or None when it is acceptable."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return _("Use at least {password_min_length} characters.").format(
            password_min_length=PASSWORD_MIN_LENGTH
        )
    if len(password.encode()) > PASSWORD_MAX_BYTES:
        return _("Use at most {password_max_bytes} bytes.").format(password_max_bytes=PASSWORD_MAX_BYTES)
    missing = [
        label
        for label, present in (
            (_("a lower-case letter"), any(c.islower() for c in password)),
            (_("an upper-case letter"), any(c.isupper() for c in password)),
            (_("a digit"), any(c.isdigit() for c in password)),
            (_("a symbol"), any(not c.isalnum() and not c.isspace() for c in password)),
        )
        if not present
    ]
    if missing:
        return _("Add ") + ", ".join(missing) + "."
    return None


def generate_password(length: int = GENERATED_PASSWORD_LENGTH) -> str:
    """A random password that always satisfies the policy: one of each kind, the rest from all."""
    if length < PASSWORD_MIN_LENGTH:
        raise ValueError(f"generated passwords have at least {PASSWORD_MIN_LENGTH} characters")
    pools = (string.ascii_lowercase, string.ascii_uppercase, string.digits, SYMBOLS)
    alphabet = "".join(pools)
    characters = [secrets.choice(pool) for pool in pools]
    characters += [secrets.choice(alphabet) for _ in range(length - len(pools))]
    # Otherwise the first four characters would always be lower, upper, digit, symbol.
    secrets.SystemRandom().shuffle(characters)
    return "".join(characters)


def generate_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Tokens are stored only as a keyed hash, so a database leak does not leak sessions."""
    return hmac.new(settings.secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def generate_reference() -> str:
    """A booking reference a parent can read over the phone: no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "XP-" + "".join(secrets.choice(alphabet) for _ in range(8))
