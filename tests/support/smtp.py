"""A local SMTP server (aiosmtpd) that keeps every message it receives, for reading in tests."""

import re
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.support.appserver import free_port


class _Collector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, _server, _session, envelope):
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self._collector = _Collector()
        self._controller = Controller(self._collector, hostname=self.host, port=self.port)

    @property
    def env(self) -> dict[str, str]:
        """Environment for an app process that should send its mail here."""
        return {"SMTP_HOST": self.host, "SMTP_PORT": str(self.port)}

    def start(self) -> "SmtpSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        with self._collector.lock:
            found = list(self._collector.messages)
        return [m for m in found if to is None or to.lower() in str(m["To"]).lower()]

    def wait_for(
        self, to: str, subject_contains: str = "", timeout: float = 20, after: int = 0
    ) -> EmailMessage:
        """The first message to `to` (past the first `after` ones) whose subject matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            matching = [m for m in self.messages(to) if subject_contains in str(m["Subject"])]
            if len(matching) > after:
                return matching[after]
            time.sleep(0.2)
        raise AssertionError(f"no email with {subject_contains!r} arrived in {timeout}s")


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def first_link(message: EmailMessage) -> str:
    match = re.search(r"https?://\S+", body_of(message))
    assert match, "the email has no link"
    return match.group(0)
