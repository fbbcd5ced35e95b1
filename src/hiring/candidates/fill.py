"""The one rule for adding what is known about a person to their record from elsewhere (an
import row, a merged record, a resume): fill what is empty, add labels, never overwrite."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hiring.candidates.models import Candidate
from hiring.candidates.schemas import CandidateProfile

LABEL_FIELDS = frozenset({"skills", "tags", "languages", "desired_roles"})
# What one account of a person (an import row, a merged record) may give their record: the
# profile the API accepts, with the name and product.
PERSON_FIELDS = ("name", *CandidateProfile.model_fields, "product")
# As many labels of a kind as the API accepts on a candidate.
MAX_LABELS = 100


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides hold with different values: the record's value was kept."""

    field: str
    kept: Any
    other: Any


@dataclass
class Filled:
    fields: list[str] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)


def is_empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _same(kept: Any, other: Any) -> bool:
    if isinstance(kept, str) and isinstance(other, str):
        return kept.strip().casefold() == other.strip().casefold()
    return bool(kept == other)


def _union(current: list[str], extra: list[str]) -> list[str]:
    """``current`` then the labels of ``extra`` it lacks (case-insensitively), within the cap."""
    seen = {label.casefold() for label in current}
    merged = list(current)
    for label in extra:
        if label.casefold() not in seen and len(merged) < MAX_LABELS:
            seen.add(label.casefold())
            merged.append(label)
    return merged


def fill_empty(candidate: Candidate | Any, values: Mapping[str, Any]) -> Filled:
    """Copy each of ``values`` (already checked by the API's rules) onto ``candidate`` (or
    anything with its attributes, such as an import's row not yet written) where its field
    is empty; label lists gain the labels they lack. A filled field that differs
    is left as it is and reported as a conflict."""
    filled = Filled()
    for name, value in values.items():
        if is_empty(value):
            continue
        current = getattr(candidate, name)
        if name in LABEL_FIELDS:
            merged = _union(list(current or []), list(value))
            if merged != list(current or []):
                setattr(candidate, name, merged)
                filled.fields.append(name)
        elif is_empty(current):
            setattr(candidate, name, value)
            filled.fields.append(name)
        elif not _same(current, value):
            filled.conflicts.append(FieldConflict(name, current, value))
    return filled
