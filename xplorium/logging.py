"""Structured logging; request context (request id, route) is bound with structlog contextvars."""

import logging
import re
import sys

import structlog

from xplorium.config import settings

# Database errors quote the offending key ("Key (email)=(ana@example.com) already exists"),
# and an exception's text can end up in any log line; email addresses never leave the process.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def redact_emails(_logger, _method, event_dict: dict) -> dict:
    for key, value in event_dict.items():
        if isinstance(value, str) and "@" in value:
            event_dict[key] = _EMAIL.sub("[email]", value)
    return event_dict


class _StderrLogger:
    """Writes each line to whatever sys.stderr is at that moment (a logger bound to the stream
    of the moment it was configured would keep writing to a stream that has been replaced)."""

    def msg(self, message: str) -> None:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()

    log = debug = info = warning = warn = error = critical = exception = fatal = msg


class _NoJobArguments(logging.Filter):
    """Keeps procrastinate's warnings and errors about itself, drops its lines about jobs: their
    text carries the job's arguments (email addresses, mail bodies with links). The worker logs
    failed attempts itself, without them (xplorium/jobs/tasks.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("procrastinate"):
            return True
        return record.levelno >= logging.WARNING and not (hasattr(record, "job") or hasattr(record, "jobs"))


def configure_logging() -> None:
    level = getattr(logging, settings.log_level.upper(), logging.INFO)
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _NoJobArguments) for f in handler.filters):
            handler.addFilter(_NoJobArguments())
    renderer = (
        structlog.processors.JSONRenderer()
        if settings.log_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redact_emails,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=lambda *_args: _StderrLogger(),
        cache_logger_on_first_use=True,
    )
