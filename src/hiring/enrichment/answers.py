"""Apollo's answers, checked field by field: wrong types are dropped, long text trimmed."""

from datetime import UTC, datetime
from typing import Any

from pydantic import EmailStr, TypeAdapter, ValidationError

from hiring.validation import Domain, HttpUrlStr, Phone

TEXT_LIMIT = 200
PAYLOAD_TEXT_LIMIT = 2_000
PAYLOAD_LIST_LIMIT = 50
PAYLOAD_DEPTH = 6
# Apollo's stand-in for an email the plan may not reveal.
LOCKED_EMAIL = "email_not_unlocked"

_email = TypeAdapter(EmailStr)
_url = TypeAdapter(HttpUrlStr)
_phone = TypeAdapter(Phone)
_domain = TypeAdapter(Domain)


def _checked(adapter: TypeAdapter[Any], value: Any) -> Any:
    if not isinstance(value, str):
        return None
    try:
        return adapter.validate_python(value.strip())
    except ValidationError:
        return None


def _text(value: Any, limit: int = TEXT_LIMIT) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[:limit]


def _int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if low <= value <= high else None


def _location(raw: dict[str, Any]) -> str | None:
    parts = [_text(raw.get(key), 80) for key in ("city", "state", "country")]
    return _text(", ".join(p for p in parts if p))


def _email_of(person: dict[str, Any]) -> str | None:
    email = _checked(_email, person.get("email"))
    if email is None or LOCKED_EMAIL in email or person.get("email_status") == "unavailable":
        return None
    return str(email).lower()


def _phone_of(person: dict[str, Any]) -> str | None:
    numbers = person.get("phone_numbers")
    for entry in numbers if isinstance(numbers, list) else []:
        if isinstance(entry, dict):
            for key in ("sanitized_number", "raw_number"):
                phone = _checked(_phone, entry.get(key))
                if phone:
                    return str(phone)
    return None


def _company_of(person: dict[str, Any]) -> str | None:
    organization = person.get("organization")
    if isinstance(organization, dict) and _text(organization.get("name")):
        return _text(organization.get("name"))
    history = person.get("employment_history")
    for job in history if isinstance(history, list) else []:
        if isinstance(job, dict) and job.get("current") is True:
            return _text(job.get("organization_name"))
    return None


def person_facts(person: dict[str, Any]) -> dict[str, Any]:
    """What a person answer can fill: email, phone, linkedin_url, github_url, title, company,
    location, and the person's organization facts (under ``organization``)."""
    organization = person.get("organization")
    facts = {
        "email": _email_of(person),
        "phone": _phone_of(person),
        "linkedin_url": _checked(_url, person.get("linkedin_url")),
        "github_url": _checked(_url, person.get("github_url")),
        "title": _text(person.get("title")),
        "company": _company_of(person),
        "location": _location(person),
        "organization": organization_facts(organization) if isinstance(organization, dict) else {},
    }
    return {key: value for key, value in facts.items() if value}


def organization_facts(organization: dict[str, Any]) -> dict[str, Any]:
    """What an organization answer can fill on a company."""
    this_year = datetime.now(UTC).year
    facts = {
        "name": _text(organization.get("name")),
        "domain": _checked(_domain, organization.get("primary_domain")),
        "website": _checked(_url, organization.get("website_url")),
        "industry": _text(organization.get("industry")),
        "employee_count": _int(organization.get("estimated_num_employees"), 0, 10_000_000),
        "linkedin_url": _checked(_url, organization.get("linkedin_url")),
        "location": _location(organization),
        "description": _text(organization.get("short_description"), 5_000),
        "founded_year": _int(organization.get("founded_year"), 1600, this_year),
    }
    return {key: value for key, value in facts.items() if value is not None}


def prune(value: Any, depth: int = PAYLOAD_DEPTH) -> Any:
    """A JSON-safe copy of an answer, small enough to keep: long strings and lists trimmed,
    deep nesting cut, anything that is not JSON dropped."""
    if isinstance(value, str):
        return value[:PAYLOAD_TEXT_LIMIT]
    if value is None or isinstance(value, bool | int | float):
        return value
    if depth <= 0:
        return None
    if isinstance(value, list):
        return [prune(item, depth - 1) for item in value[:PAYLOAD_LIST_LIMIT]]
    if isinstance(value, dict):
        items = list(value.items())[: PAYLOAD_LIST_LIMIT * 4]
        return {str(k)[:100]: prune(v, depth - 1) for k, v in items}
    return None
