"""A public form's submission: one at a time, and shown busy before the service is called."""

import functools
import inspect
from collections.abc import Callable


class SubmittedForm:
    """Base (beside rx.State) of a state with one form, sent by a handler marked `submission`.

    The state declares `submitting: bool`; it may say when a submission can start and what a
    new one clears.
    """

    def _may_submit(self) -> bool:
        """Whether the form can be sent now (a page may need its data loaded first)."""
        return True

    def _clear_messages(self) -> None:
        """The last submission's messages, cleared when a new one starts."""


def submission(handler: Callable) -> Callable:
    """An async form handler (a coroutine or an async generator), run once at a time.

    Before it runs, `submitting` is set, the last messages are cleared and the browser is
    shown that (a double click sends nothing twice). The handler clears `submitting` when it
    is done, or keeps it while the browser moves on to another page.
    """

    @functools.wraps(handler)
    async def wrapper(self, *args, **kwargs):
        if self.submitting or not self._may_submit():
            return
        self.submitting = True
        self._clear_messages()
        yield
        outcome = handler(self, *args, **kwargs)
        if inspect.isasyncgen(outcome):
            async for event in outcome:
                yield event
        elif (event := await outcome) is not None:
            yield event

    return wrapper


class FoundItemForm(SubmittedForm):
    """A public page's form about what its address named (an event, a party invitation):
    sent only when that was `found`; its outcome is one `message`."""

    def _may_submit(self) -> bool:
        return self.found

    def _clear_messages(self) -> None:
        self.message = ""
