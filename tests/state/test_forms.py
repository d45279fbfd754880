"""The public forms' submission decorator (xplorium/state/forms.py)."""

import asyncio

from xplorium.state.forms import SubmittedForm, submission


class Form(SubmittedForm):
    def __init__(self, may_submit: bool = True):
        self.submitting = False
        self.may_submit = may_submit
        self.message = "last time's error"
        self.seen: list[bool] = []

    def _may_submit(self) -> bool:
        return self.may_submit

    def _clear_messages(self) -> None:
        self.message = ""

    @submission
    async def send_coroutine(self, value: str):
        self.seen.append(self.submitting)
        self.submitting = False
        return f"done {value}"

    @submission
    async def send_generator(self, value: str):
        self.seen.append(self.submitting)
        yield f"step {value}"
        self.submitting = False


def run(handler) -> list:
    async def collect():
        return [event async for event in handler]

    return asyncio.run(collect())


def test_a_coroutine_handler_runs_busy_and_its_returned_event_is_sent():
    form = Form()
    assert run(form.send_coroutine("a")) == [None, "done a"]
    assert form.seen == [True]
    assert form.message == ""
    assert form.submitting is False


def test_an_async_generator_handler_runs_busy_and_its_events_are_sent():
    form = Form()
    assert run(form.send_generator("b")) == [None, "step b"]
    assert form.seen == [True]
    assert form.submitting is False


def test_a_second_submission_while_one_runs_does_nothing():
    form = Form()
    form.submitting = True
    assert run(form.send_coroutine("a")) == []
    assert form.seen == []
    assert form.message == "last time's error"


def test_a_form_that_may_not_submit_yet_does_nothing():
    form = Form(may_submit=False)
    assert run(form.send_generator("b")) == []
    assert form.seen == []
