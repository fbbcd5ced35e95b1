"""The one merge rule of enrichment: fill what is empty, never overwrite what a person entered."""

from typing import Any, Protocol

from hiring.db import utcnow


class Enrichable(Protocol):
    enrichment: dict[str, Any] | None
    enriched_at: Any


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def merge_enrichment(
    record: Enrichable, found: dict[str, Any], payload: dict[str, Any] | None
) -> dict[str, dict[str, Any]]:
    """Copy each value of ``found`` into the same-named field of ``record`` when that field is
    empty, keep ``payload`` (None: nothing matched) and stamp ``enriched_at``.

    Returns the changed fields as ``{field: {"from": old, "to": new}}``.
    """
    changed: dict[str, dict[str, Any]] = {}
    for field, value in found.items():
        current = getattr(record, field)
        if not is_empty(value) and is_empty(current):
            setattr(record, field, value)
            changed[field] = {"from": current, "to": value}
    record.enrichment = {
        "source": "apollo",
        "matched": payload is not None,
        "data": payload,
        "changed": changed,
    }
    record.enriched_at = utcnow()
    return changed
