"""HTML forms to service schemas: what was typed goes back to the page with errors per field."""

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from hiring.errors import HiringError
from hiring.validation import FROM_TEXT

M = TypeVar("M", bound=BaseModel)
FORM_ERROR = "_form"

_MESSAGES = {
    "string_too_short": "Required",
    "string_type": "Required",
    "missing": "Required",
    "enum": "Choose one of the options",
    "int_parsing": "Enter a whole number",
}


def typed(form: FormData, fields: Iterable[str]) -> dict[str, str]:
    """The text of each field as the user typed it (to fill the form again)."""
    values = {}
    for name in fields:
        value = form.get(name)
        values[name] = value if isinstance(value, str) else ""
    return values


def chosen_file(form: FormData, name: str) -> UploadFile | None:
    """The file chosen in a file field; a form sent without one carries an empty, nameless part."""
    value = form.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None


def split_list(text: str) -> list[str]:
    """``"Python, Go\\nSQL"`` → ``["Python", "Go", "SQL"]``."""
    return [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]


def to_payload(
    values: dict[str, str], *, lists: Iterable[str] = (), blank_is_null: bool
) -> dict[str, Any]:
    """Typed text to schema input: lists are split; blanks are null (edit) or left out (create)."""
    list_fields = set(lists)
    payload: dict[str, Any] = {}
    for name, text in values.items():
        text = text.strip()
        if name in list_fields:
            payload[name] = split_list(text)
        elif text:
            payload[name] = text
        elif blank_is_null:
            payload[name] = None
    return payload


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = str(error.get("msg", "Invalid value"))
    return message.removeprefix("Value error, ")


def validate(schema: type[M], payload: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """The schema instance, or the first error message of each field."""
    try:
        return schema.model_validate(payload, context=FROM_TEXT), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            loc = error.get("loc") or (FORM_ERROR,)
            errors.setdefault(str(loc[0]), _message(error))
        return None, errors


def service_errors(session: Session, error: HiringError) -> dict[str, str]:
    """A refused service call as form errors. Undoes whatever the call had already flushed, so
    the page can be shown again without committing half a change."""
    session.rollback()
    return form_errors(error)


def form_errors(error: HiringError) -> dict[str, str]:
    """A refusal as form errors: by field where it names them, else one for the form."""
    errors = {d["field"]: d["message"] for d in error.details if d.get("field")}
    return errors or {FORM_ERROR: error.message}


def param_errors(error: HiringError) -> dict[str, str]:
    """A refusal's details by parameter (``stage.0`` is ``stage``), the first message each."""
    errors: dict[str, str] = {}
    for detail in error.details:
        name = str(detail.get("field") or FORM_ERROR).split(".")[0]
        message = str(detail.get("message") or "Invalid value")
        errors.setdefault(name, message.removeprefix("Value error, "))
    return errors or {FORM_ERROR: error.message}
