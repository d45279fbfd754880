"""What every back-office state does with a service Result."""

from typing import Any

import reflex as rx

from xplorium.services.result import Result


def to_form(values: dict[str, Any]) -> dict[str, str]:
    """Service values as the strings a form shows."""
    form: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            form[key] = "on" if value else ""
        elif isinstance(value, list):
            form[key] = "\n".join(str(v) for v in value)
        else:
            form[key] = "" if value is None else str(value)
    return form


def refusal_events(result: Result) -> list:
    """What the admin sees when a service refused: the message as a toast."""
    return [rx.toast.error(result.message or "That did not work.", close_button=True)]


def checkbox(form_data: dict, name: str) -> bool:
    return str(form_data.get(name, "")).lower() in {"on", "true", "1", "yes"}
