"""One result shape for state handlers and HTTP routes; no stack trace ever reaches a user."""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import structlog

from xplorium.i18n import N_, _
from xplorium.services.errors import ServiceError

log = structlog.get_logger(__name__)

UNEXPECTED_MESSAGE = N_("Something went wrong on our side. Please try again in a moment.")


@dataclass
class Result:
    ok: bool
    data: Any = None
    code: str = "ok"
    message: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    details: dict = field(default_factory=dict)
    status: int = 200

    def to_dict(self) -> dict:
        body = asdict(self)
        body.pop("status")
        return body


def failure(error: Exception) -> Result:
    if isinstance(error, ServiceError):
        return Result(
            ok=False,
            code=error.code,
            message=error.message,
            fields=error.fields,
            details=error.details,
            status=error.status,
        )
    log.exception("unexpected_error", error_type=type(error).__name__)
    return Result(ok=False, code="internal", message=_(UNEXPECTED_MESSAGE), status=500)


def run(operation: Callable[..., Any], *args, **kwargs) -> Result:
    """Call a service operation and wrap its value or its error in a Result."""
    try:
        return Result(ok=True, data=operation(*args, **kwargs))
    except Exception as error:  # noqa: BLE001 - the one place every error becomes a Result
        return failure(error)
