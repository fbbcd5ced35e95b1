from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Source
from hiring.pipeline.models import Stage
from hiring.validation import LongText, RequiredName

FILTERS_DESCRIPTION = "The candidate filter object (every filter given must hold)"


class SegmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: RequiredName
    description: LongText | None = None
    filters: CandidateFilters = Field(
        default_factory=CandidateFilters, description=FILTERS_DESCRIPTION
    )


class SegmentUpdate(BaseModel):
    """Only the fields sent are changed; ``filters`` replaces the whole filter object."""

    model_config = ConfigDict(extra="forbid")

    name: RequiredName = None  # type: ignore[assignment]
    description: LongText | None = None
    filters: CandidateFilters = Field(default=None, description=FILTERS_DESCRIPTION)  # type: ignore[assignment]


class SegmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    description: str | None
    filters: dict[str, Any] = Field(description="Only the filters set (defaults left out)")
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class PreviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filters: CandidateFilters = Field(description=FILTERS_DESCRIPTION)


class CandidateSummary(BaseModel):
    """The key fields of a candidate, for previews."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    email: str | None
    phone: str | None
    location: str | None
    current_title: str | None
    current_company: str | None
    stage: Stage
    source: Source
    skills: list[str]
    tags: list[str]
    rating: int | None
    archived_at: datetime | None
    created_at: datetime


class PreviewOut(BaseModel):
    total: int = Field(description="All candidates matching")
    total_exact: bool = Field(
        description="Whether `total` is exact (on PostgreSQL, an estimate beyond 10,000)"
    )
    candidates: list[CandidateSummary] = Field(description="The first 50, newest first")
