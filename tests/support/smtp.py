"""A local SMTP sink (aiosmtpd) that keeps every message it receives, for tests to read.

It can also act as a troubled server: refuse the next messages with a temporary error
(`refuse_next`), or take its time over each recipient (`slow_seconds`).
"""

import asyncio
import re
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from tests.support.appserver import free_port
from xplorium.jobs import worker


@dataclass(frozen=True)
class ReceivedMail:
    to: tuple[str, ...]
    subject: str
    body: str
    message_id: str = ""
    # (file name, bytes) of each attachment, e.g. the QR codes of a confirmation.
    attachments: tuple[tuple[str, bytes], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str:
        return next((value.strip() for key, value in self.headers if key.lower() == name.lower()), "")


class SmtpSink:
    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self._messages: list[ReceivedMail] = []
        self._lock = threading.Lock()
        self._refusals = 0
        self.refused = 0
        self.slow_seconds = 0.0
        self._controller = Controller(self, hostname=self.host, port=self.port)

    @property
    def env(self) -> dict[str, str]:
        """Environment for an app process that should send its mail here."""
        return {"SMTP_HOST": self.host, "SMTP_PORT": str(self.port)}

    def refuse_next(self, count: int) -> None:
        """Answer the next `count` messages with "451 try again later" (and keep none of them)."""
        with self._lock:
            self._refusals, self.refused = count, 0

    async def handle_RCPT(self, _server, _session, envelope, address, _options) -> str:
        # A slow server: a sender killed meanwhile has not handed the message over.
        if self.slow_seconds:
            await asyncio.sleep(self.slow_seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server, _session, envelope) -> str:
        with self._lock:
            if self._refusals > 0:
                self._refusals -= 1
                self.refused += 1
                return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        with self._lock:
            self._messages.append(
                ReceivedMail(
                    to=tuple(addr.lower() for addr in envelope.rcpt_tos),
                    subject=str(message["Subject"]),
                    body=body.get_content() if body is not None else "",
                    message_id=str(message["Message-ID"] or ""),
                    attachments=tuple(
                        (part.get_filename() or "", part.get_content()) for part in message.iter_attachments()
                    ),
                    headers=tuple((str(k), str(v)) for k, v in message.items()),
                )
            )
        return "250 Message accepted"

    def start(self) -> "SmtpSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def clear(self) -> None:
        """Forget what arrived so far, and what this process had queued, and behave well again
        (the sink lives for the whole session)."""
        worker.drain()
        with self._lock:
            self._messages.clear()
            self._refusals = self.refused = 0
            self.slow_seconds = 0.0

    def messages(self, to: str | None = None, *, run_queue: bool = True) -> list[ReceivedMail]:
        # Mail is sent by job workers: run this process's queue first, so that what the tests
        # queued here has arrived and "no mail was sent" is a real check. `run_queue=False`
        # when another worker of this process is running it.
        if run_queue:
            worker.drain()
        with self._lock:
            found = list(self._messages)
        return [m for m in found if to is None or to.lower() in m.to]

    def to(self, address: str) -> list[ReceivedMail]:
        return self.messages(address)

    def wait_for(
        self,
        address: str,
        subject_contains: str = "",
        timeout: float = 20,
        after: int = 0,
        *,
        run_queue: bool = True,
    ) -> ReceivedMail:
        """The first message to `address` (past the first `after` ones) whose subject matches.

        `run_queue=False`: another process's worker sends it (see `messages`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            matching = [
                m for m in self.messages(address, run_queue=run_queue) if subject_contains in m.subject
            ]
            if len(matching) > after:
                return matching[after]
            time.sleep(0.1)
        raise AssertionError(f"no mail with {subject_contains!r} arrived in {timeout}s")


def body_of(message: ReceivedMail) -> str:
    return message.body


def first_link(message: ReceivedMail) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, "the email has no link"
    return match.group(0)
