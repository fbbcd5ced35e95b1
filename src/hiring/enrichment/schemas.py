from collections import Counter
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hiring.candidates.filters import CandidateFilters
from hiring.validation import RowId, YesNo

BATCH_LIMIT = 50

CandidateId = RowId


class Outcome(StrEnum):
    matched = "matched"
    missed = "missed"
    failed = "failed"
    skipped = "skipped"


class EnrichBatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate_ids: list[CandidateId] = Field(
        min_length=1, max_length=BATCH_LIMIT, json_schema_extra={"uniqueItems": True}
    )
    force: YesNo = Field(default=False, description="Also enrich recently enriched candidates")

    @field_validator("candidate_ids")
    @classmethod
    def _no_duplicates(cls, ids: list[str]) -> list[str]:
        duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
        if duplicates:
            raise ValueError(f"Duplicate ids: {', '.join(duplicates)}")
        return ids


class EnrichResult(BaseModel):
    """What happened to one record. ``changed``: ``{field: {"from": old, "to": new}}``."""

    id: str
    outcome: Outcome
    reason: str | None = Field(
        default=None,
        description="Why it failed or was skipped: rate_limited, timeout, unauthorized, "
        "apollo_error, bad_response, rejected, unreachable, mismatched, "
        "not_enough_identifiers, enriched_recently, deleted (while Apollo was answering)",
    )
    message: str | None = None
    retryable: bool | None = Field(default=None, description="Whether trying later can help")
    changed: dict[str, dict[str, Any]] = {}


class EnrichBatchOut(BaseModel):
    results: list[EnrichResult] = Field(description="In the order the ids were sent")
    counts: dict[Outcome, int]


class EnrichSegmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    force: YesNo = Field(default=False, description="Also enrich recently enriched candidates")


class EnrichAllRequest(EnrichSegmentRequest):
    filters: CandidateFilters = Field(
        description="The candidates list's filter object; {} for every candidate"
    )
