"""Checks every request passes before its route runs: text the database cannot store, and
query parameters the route does not know."""

import json
import re
from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel

from hiring.errors import Invalid

# A JSON escape of NUL or of a UTF-16 surrogate: only bodies holding one are looked into.
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
NUL_MESSAGE = "Text may not contain NUL characters"
SURROGATE_MESSAGE = "Text may not contain lone UTF-16 surrogates (\\ud800-\\udfff)"


def _unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None. NUL: PostgreSQL refuses it and SQLite would keep
    it silently. A lone surrogate (which JSON's \\u escapes can spell) is not text at all:
    no database or response can encode it. A valid pair was already joined by the parser."""
    if "\x00" in text:
        return NUL_MESSAGE
    if any("\ud800" <= c <= "\udfff" for c in text):
        return SURROGATE_MESSAGE
    return None


def _first_unstorable(value: Any, path: str = "") -> tuple[str, str] | None:
    """The (field, reason) of the first unstorable text in a parsed JSON document."""
    if isinstance(value, str):
        reason = _unstorable(value)
        return (path or "body", reason) if reason else None
    items: Any = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for key, item in items:
        key_reason = _unstorable(key) if isinstance(key, str) else None
        name = f"{path}.{key}" if path else str(key)
        if key_reason:
            return name, key_reason
        found = _first_unstorable(item, name)
        if found:
            return found
    return None


async def refuse_unstorable_text(request: Request) -> None:
    """Every route's first dependency: NUL characters and lone surrogates in the query string,
    a JSON body or form fields are refused with 422 naming the field, the same way everywhere
    (as JSON for the API, as a page for the portal). Uploaded files' bytes are not looked
    into: they are files, not text."""
    if b"%00" in request.scope.get("query_string", b""):
        raise Invalid(NUL_MESSAGE)
    for name, value in request.query_params.multi_items():
        reason = _unstorable(value)
        if reason:
            raise Invalid.field(name, reason)
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("application/json"):
        body = await request.body()
        if _SUSPECT_ESCAPE.search(body):
            try:
                document = json.loads(body)
            except ValueError:
                return  # not JSON: the route answers 400
            found = _first_unstorable(document)
            if found:
                raise Invalid.field(*found)
    elif content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        for name, field in form.multi_items():
            reason = _unstorable(field) if isinstance(field, str) else None
            if reason:
                raise Invalid.field(name, reason)


def query_names(dependant: Dependant) -> set[str]:
    """The query parameters a route (its endpoint and every dependency) reads."""
    names: set[str] = set()
    for param in dependant.query_params:
        model = param.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            # A model of query parameters: its fields are the parameters.
            names |= {field.alias or name for name, field in model.model_fields.items()}
        else:
            names.add(param.alias)
    for sub in dependant.dependencies:
        names |= query_names(sub)
    return names


def refuse_unknown_query_params(request: Request) -> None:
    """An API route refuses query parameters it does not read (422 naming the first), so a
    typo such as ``stgae=hired`` is not silently ignored and everyone returned."""
    route = request.scope.get("route")
    known = getattr(route, "query_names", None)
    if known is None or not request.url.path.startswith("/api/"):
        return
    for name in request.query_params:
        if name not in known:
            expected = ", ".join(sorted(known)) or "none"
            raise Invalid.field(
                name, f"Unknown query parameter {name!r} (this endpoint takes: {expected})"
            )
