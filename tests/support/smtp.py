"""A local SMTP sink (aiosmtpd) that keeps every message it receives, for tests to read."""

import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from tests.support.appserver import free_port


@dataclass(frozen=True)
class ReceivedMail:
    to: tuple[str, ...]
    subject: str
    body: str


class SmtpSink:
    def __init__(self) -> None:
        self.port = free_port()
        self.host = "127.0.0.1"
        self._messages: list[ReceivedMail] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname=self.host, port=self.port)

    async def handle_DATA(self, _server, _session, envelope) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        with self._lock:
            self._messages.append(
                ReceivedMail(
                    to=tuple(addr.lower() for addr in envelope.rcpt_tos),
                    subject=str(message["Subject"]),
                    body=body.get_content() if body is not None else "",
                )
            )
        return "250 Message accepted"

    def start(self) -> "SmtpSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def clear(self) -> None:
        """Forget what arrived so far (the sink lives for the whole session)."""
        with self._lock:
            self._messages.clear()

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self._messages)

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.messages if address.lower() in m.to]

    def wait_for(self, address: str, subject_contains: str = "", timeout: float = 15) -> ReceivedMail:
        """The first message to `address` whose subject contains the text; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.to(address):
                if subject_contains in message.subject:
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no mail with {subject_contains!r} arrived in {timeout}s")
