"""The one translator from request parameters to the candidate filter object: the list
endpoint's query, the portal's candidate table and the segment builder all go through it.

Parameters carry the API's documented names (``date_from``/``date_to`` are the filter's
``created_from``/``created_to``; ``show_archived`` is a shorthand for ``archived``). Values
may be text as an address or a form sends it, or already parsed by FastAPI: either way the
filter object's own rules check them, and a refusal names the parameter as it was sent.
"""

from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from hiring.candidates.filters import ArchivedFilter, CandidateFilters, validated_filters
from hiring.errors import Invalid

# Parameter → filter field, where the API's names differ from the filter object's.
RENAMED = {"date_from": "created_from", "date_to": "created_to"}
FIELD_PARAMS = {field: param for param, field in RENAMED.items()}
# Parameters that may repeat (any of / all of); one value is a list of one.
LIST_PARAMS = frozenset({"stage", "source", "skills", "tags", "languages"})
# A label list's mode means nothing without the list.
MODES = {"skills_mode": "skills", "tags_mode": "tags", "languages_mode": "languages"}
PARAMS = (
    "search",
    "job_id",
    "stage",
    "source",
    "product",
    "location",
    "skills",
    "skills_mode",
    "tags",
    "tags_mode",
    "languages",
    "languages_mode",
    "rating_min",
    "has_email",
    "has_phone",
    "date_from",
    "date_to",
    "updated_from",
    "archived",
    "show_archived",
)
_flag = TypeAdapter(bool)


def _given(value: object) -> object | None:
    """The value, or None when it says nothing: blank text, an empty list, a list of blanks."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list | tuple):
        items = [item for item in value if _given(item) is not None]
        return items or None
    return value


def _archived(params: Mapping[str, object]) -> tuple[object | None, list[dict[str, Any]]]:
    """``archived`` as given, else what ``show_archived`` (a yes/no) stands for."""
    archived = _given(params.get("archived"))
    if archived is not None:
        return archived, []
    show = _given(params.get("show_archived"))
    if show is None:
        return None, []
    try:
        include = _flag.validate_python(show[-1] if isinstance(show, list) else show)
    except ValidationError as exc:
        return None, [{"field": "show_archived", "message": exc.errors()[0]["msg"]}]
    return (ArchivedFilter.include if include else ArchivedFilter.exclude), []


def _param_name(field: str) -> str:
    """A refused filter field (``created_from``, ``stage.0``) under its parameter's name."""
    head, dot, rest = field.partition(".")
    return FIELD_PARAMS.get(head, head) + dot + rest


def filters_from_params(params: Mapping[str, object]) -> CandidateFilters:
    """``CandidateFilters`` from request parameters by the API's names. Blank values are not
    given; other names are ignored. Raises ``Invalid`` naming each refused parameter."""
    values: dict[str, object] = {}
    for name in PARAMS:
        value = _given(params.get(name))
        if value is None or name in ("archived", "show_archived"):
            continue
        if name in MODES and _given(params.get(MODES[name])) is None:
            continue
        if name in LIST_PARAMS:
            value = value if isinstance(value, list) else [value]
        elif isinstance(value, list):
            value = value[-1]  # a single-valued parameter sent twice: the last one counts
        values[RENAMED.get(name, name)] = value
    archived, details = _archived(params)
    if archived is not None:
        values["archived"] = archived
    try:
        filters = validated_filters(values)
    except Invalid as error:
        details += [
            detail | {"field": _param_name(str(detail.get("field", "")))}
            for detail in error.details
        ]
        raise Invalid(error.message, details) from error
    if details:
        raise Invalid("Some fields are invalid", details)
    return filters
