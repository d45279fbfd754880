"""The one error hierarchy every service raises and every handler and route turns into a Result."""

from dataclasses import dataclass, field


@dataclass
class ServiceError(Exception):
    message: str
    code: str = "error"
    status: int = 400
    fields: dict[str, str] = field(default_factory=dict)
    details: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class NotFound(ServiceError):
    def __init__(self, message: str = "Not found."):
        super().__init__(message, code="not_found", status=404)


class Forbidden(ServiceError):
    def __init__(self, message: str = "You are not allowed to do that."):
        super().__init__(message, code="forbidden", status=403)


class Unauthenticated(ServiceError):
    def __init__(self, message: str = "Please sign in."):
        super().__init__(message, code="unauthenticated", status=401)


class ValidationFailed(ServiceError):
    def __init__(self, fields: dict[str, str], message: str = "Please correct the marked fields."):
        super().__init__(message, code="validation", status=422, fields=dict(fields))


class Conflict(ServiceError):
    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message, code="conflict", status=409, details=details or {})


class RateLimited(ServiceError):
    def __init__(self, retry_after_seconds: int):
        retry_after_seconds = max(1, int(retry_after_seconds))
        super().__init__(
            f"Too many attempts. Please try again in {_duration(retry_after_seconds)}.",
            code="rate_limited",
            status=429,
            details={"retry_after": retry_after_seconds},
        )


def _duration(seconds: int) -> str:
    """'40 seconds', '1 minute', '15 minutes': rounded up, so waiting that long always works."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class FieldErrors:
    """Collects per-field messages, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)
