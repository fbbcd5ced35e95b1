"""Which column of an import file holds which candidate field, and a row's values by field.

Headers are matched case-, space- and punctuation-insensitively against common names
(``E-mail Address`` is ``email``) and the columns of the candidates export; a mapping sent
with the file (column → field, or null to leave a column out) wins over the guess.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hiring.candidates.fill import LABEL_FIELDS, PERSON_FIELDS
from hiring.errors import Invalid

# Candidate fields an import fills, plus the parts a name or a location may come in.
CANDIDATE_FIELDS = (*PERSON_FIELDS, "source")
PART_FIELDS = ("first_name", "last_name", "city", "country")
# Spreadsheets often hold profile links without their scheme (linkedin.com/in/jane).
URL_FIELDS = frozenset({"linkedin_url", "github_url"})
FIELDS = frozenset(CANDIDATE_FIELDS + PART_FIELDS)

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "candidate name", "contact name"),
    "first_name": ("first name", "firstname", "given name", "forename"),
    "last_name": ("last name", "lastname", "surname", "family name"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "work email"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "cell", "telephone", "tel"),
    "linkedin_url": ("linkedin", "linkedin url", "linkedin profile", "profile url"),
    "github_url": ("github", "github url", "github profile"),
    "location": ("location", "address"),
    "city": ("city", "town"),
    "country": ("country",),
    "current_title": ("title", "position", "headline", "job title", "current title", "role"),
    "current_company": ("company", "current company", "employer", "organization"),
    "skills": ("skills", "skill"),
    "tags": ("tags", "tag", "labels"),
    "languages": ("languages", "language"),
    "desired_roles": ("desired roles",),
    "notes": ("notes", "note", "comments", "comment"),
}


def normalise(header: str) -> str:
    """``E-mail Address`` → ``emailaddress``: what two spellings of a header share."""
    return re.sub(r"[\W_]+", "", header.casefold())


KNOWN_HEADERS = {normalise(field): field for field in FIELDS} | {
    normalise(alias): field for field, aliases in ALIASES.items() for alias in aliases
}


@dataclass(frozen=True)
class Columns:
    """The field each column holds (by position); columns left out are not listed."""

    fields: dict[int, str]

    def described(self, header: Sequence[str]) -> dict[str, str | None]:
        """Column → field for every column, as a mapping a user may send back."""
        return {name: self.fields.get(index) for index, name in enumerate(header)}

    def values(self, cells: Sequence[str]) -> dict[str, Any]:
        """The row's non-empty values by candidate field: a name from its parts, a location
        from city and country, labels split on ``;`` and ``,``, links given a scheme."""
        found: dict[str, Any] = {}
        for index, field in self.fields.items():
            text = cells[index].strip()
            if not text:
                continue
            if field in LABEL_FIELDS:
                labels = [label.strip() for label in re.split(r"[;,]", text)]
                found[field] = found.get(field, []) + [label for label in labels if label]
            elif field in URL_FIELDS and "://" not in text:
                found.setdefault(field, f"https://{text}")
            else:
                found.setdefault(field, text)
        parts = [found.pop(part, None) for part in PART_FIELDS]
        first_name, last_name, city, country = parts
        if "name" not in found and (first_name or last_name):
            found["name"] = " ".join(p for p in (first_name, last_name) if p)
        if "location" not in found and (city or country):
            found["location"] = ", ".join(p for p in (city, country) if p)
        if "source" in found:
            found["source"] = found["source"].lower()
        return found


def _guess(header: str) -> str | None:
    return KNOWN_HEADERS.get(normalise(header))


def resolve(header: Sequence[str], mapping: Mapping[str, str | None] | None) -> Columns:
    """The columns' fields: ``mapping`` (column → field or None) where it names a column,
    else the guess from the header. Unknown fields or columns, and no name, are 422."""
    mapping = dict(mapping or {})
    unknown_columns = sorted(set(mapping) - set(header))
    if unknown_columns:
        raise Invalid.field(
            "mapping", f"The file has no column named {', '.join(map(repr, unknown_columns))}"
        )
    unknown_fields = sorted({f for f in mapping.values() if f is not None and f not in FIELDS})
    if unknown_fields:
        raise Invalid.field(
            "mapping",
            f"Unknown field {', '.join(map(repr, unknown_fields))}; "
            f"fields: {', '.join(sorted(FIELDS))}",
        )
    fields: dict[int, str] = {}
    for index, column in enumerate(header):
        field = mapping[column] if column in mapping else _guess(column)
        # The export's id, stage, job_id and timestamps match no field: they are left out.
        if field is not None:
            fields[index] = field
    chosen = set(fields.values())
    if "name" not in chosen and not chosen & {"first_name", "last_name"}:
        raise Invalid.field(
            "mapping",
            "No column holds the name: name a column Name (or First name and Last name), "
            "or map one to name",
        )
    return Columns(fields)
