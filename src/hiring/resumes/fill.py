"""The one rule for what a resume gives its candidate: the values it states, checked by the
API's rules, fill the candidate's EMPTY fields (labels are merged, nothing is overwritten).

Used by a resume uploaded to a candidate (API, portal, public application, import) through
``apply_resume``, and by the portal's New candidate form when it is prefilled from a resume.
"""

from typing import Any

from pydantic import TypeAdapter, ValidationError

from hiring.candidates.fill import fill_empty
from hiring.candidates.models import Candidate
from hiring.resumes.schemas import Position, ResumeParsed
from hiring.validation import Email, HttpUrlStr, LabelList, Phone, RequiredName, ShortText

_CHECKS: dict[str, TypeAdapter[Any]] = {
    "name": TypeAdapter(RequiredName),
    "email": TypeAdapter(Email),
    "phone": TypeAdapter(Phone),
    "linkedin_url": TypeAdapter(HttpUrlStr),
    "github_url": TypeAdapter(HttpUrlStr),
    "location": TypeAdapter(ShortText),
    "current_title": TypeAdapter(ShortText),
    "current_company": TypeAdapter(ShortText),
    "languages": TypeAdapter(LabelList),
    "skills": TypeAdapter(LabelList),
}
# What a resume may fill, in the order ``filled`` reports it.
RESUME_FIELDS = tuple(_CHECKS)


def current_position(parsed: ResumeParsed) -> Position | None:
    """The position held now (one that runs to the present), else the first one listed."""
    ongoing = next((p for p in parsed.experience if p.end == "present"), None)
    return ongoing or (parsed.experience[0] if parsed.experience else None)


def _first_valid(name: str, values: list[Any]) -> Any:
    for value in values:
        if value is None or value == []:
            continue
        try:
            return _CHECKS[name].validate_python(value)
        except ValidationError:
            continue
    return None


def resume_values(parsed: ResumeParsed) -> dict[str, Any]:
    """The candidate fields a resume states, each valid by the API's rules (None when the
    resume states none, or none that is valid)."""
    current = current_position(parsed)
    stated: dict[str, list[Any]] = {
        "name": [parsed.name],
        "email": parsed.emails,
        "phone": parsed.phones,
        "linkedin_url": [parsed.links.linkedin],
        "github_url": [parsed.links.github],
        "location": [parsed.location],
        # The headline under the name says the title when no position is listed.
        "current_title": [current.title] if current else [parsed.headline],
        "current_company": [current.company if current else None],
        "languages": [parsed.languages],
        "skills": [parsed.skills],
    }
    return {name: _first_valid(name, stated[name]) for name in RESUME_FIELDS}


def fill_from_resume(candidate: Candidate, parsed: ResumeParsed) -> list[str]:
    """Fill ``candidate``'s empty fields from the resume; the fields filled, in order."""
    return fill_empty(candidate, resume_values(parsed)).fields


def prefill_form(values: dict[str, str], parsed: ResumeParsed) -> tuple[dict[str, str], list[str]]:
    """New-candidate form ``values`` with their empty fields filled from the resume by the same
    rule, and the fields filled. Lists are written as the form writes them (comma-separated)."""
    scratch = Candidate(
        **{
            name: _form_list(values.get(name, ""))
            if name in ("skills", "languages")
            else (values.get(name) or "").strip() or None
            for name in RESUME_FIELDS
        }
    )
    filled = fill_from_resume(scratch, parsed)
    merged = dict(values)
    for name in filled:
        value = getattr(scratch, name)
        merged[name] = ", ".join(value) if isinstance(value, list) else value
    return merged, filled


def _form_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]
