from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from hiring.activities.schemas import ActivityOut
from hiring.candidates.duplicates import MatchReason
from hiring.candidates.models import Source
from hiring.pipeline.models import Stage
from hiring.privacy.schemas import ConsentOut
from hiring.validation import (
    Email,
    HttpUrlStr,
    IsoDateTime,
    LabelList,
    LongText,
    Phone,
    RequiredName,
    ShortText,
    TypedNumber,
)

Rating = Annotated[int, Field(ge=1, le=5), TypedNumber]


class CandidateProfile(BaseModel):
    """Profile fields both create and update accept."""

    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    phone: Phone | None = None
    linkedin_url: HttpUrlStr | None = None
    github_url: HttpUrlStr | None = None
    location: ShortText | None = None
    current_title: ShortText | None = None
    current_company: ShortText | None = None
    notes: LongText | None = None
    assigned_to: Email | None = None
    skills: LabelList = None  # type: ignore[assignment]
    availability: ShortText | None = None
    desired_roles: LabelList = None  # type: ignore[assignment]
    languages: LabelList = None  # type: ignore[assignment]
    salary_expectation: str | None = Field(default=None, max_length=100)
    notice_period: str | None = Field(default=None, max_length=100)
    tags: LabelList = None  # type: ignore[assignment]
    rating: Rating | None = Field(default=None, description="1 to 5")


class CandidateCreate(CandidateProfile):
    name: RequiredName
    resume_text: str | None = Field(default=None, max_length=500_000)
    resume_parsed: dict[str, Any] | None = None
    source: Source = Source.direct
    stage: Stage = Stage.applied
    job_id: str | None = Field(default=None, max_length=40)
    product: str | None = Field(
        default=None, min_length=1, max_length=100, description="Defaults to the job's product"
    )


class CandidateUpdate(CandidateProfile):
    """Only the fields sent are changed. ``archived_at``: a timestamp archives, null restores."""

    name: RequiredName = None  # type: ignore[assignment]
    stage: Stage = None  # type: ignore[assignment]
    archived_at: IsoDateTime | None = None


class CandidateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    email: str | None
    phone: str | None
    linkedin_url: str | None
    github_url: str | None
    location: str | None
    current_title: str | None
    current_company: str | None
    resume_text: str | None
    resume_parsed: dict[str, Any] | None
    source: Source
    stage: Stage
    job_id: str | None
    product: str | None
    notes: str | None
    assigned_to: str | None
    skills: list[str]
    availability: str | None
    desired_roles: list[str]
    languages: list[str]
    salary_expectation: str | None
    notice_period: str | None
    tags: list[str]
    rating: int | None
    archived_at: datetime | None
    enriched_at: datetime | None
    origin: str | None = Field(
        description="How the record came in: portal, api, careers_page, apply_api (the public "
        "apply endpoint), referral or import; null for records from before it was recorded"
    )
    origin_details: dict[str, Any] | None = Field(
        description="What came with it, e.g. the campaign (utm_source, utm_campaign…) of an "
        "application"
    )
    created_at: datetime
    updated_at: datetime


class CandidateDetail(CandidateOut):
    enrichment: dict[str, Any] | None = Field(description="The last enrichment answer, as kept")
    activities: list[ActivityOut] = Field(description="Newest first, at most 100")
    activities_total: int
    consents: list[ConsentOut] = Field(
        description="Consents to the privacy policy given with applications, newest first"
    )


class LikelyDuplicateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    candidate: CandidateOut
    reasons: list[MatchReason] = Field(
        description="What the two records share: email, linkedin, phone, name_and_company"
    )
    score: float = Field(description="0 to 1: how likely the two are one person")


class MergeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other_id: str = Field(
        min_length=1, max_length=40, description="The record folded into this one, then gone"
    )


class FieldConflictOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    field: str
    kept: Any = Field(description="The kept record's value, which stays")
    other: Any = Field(description="The merged record's value, not copied")


class MovedOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    notes: int
    files: int
    duplicate_files: int = Field(description="Files the kept record already had: kept once")
    activities: int
    pipelines: int
    combined_pipelines: int = Field(
        description="Entries in a job the kept record was in too: one entry, further stage"
    )
    placements: int
    referrals: int
    applications: int
    interviews: int = Field(description="Interviews, with their scorecards")


class MergeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    candidate: CandidateOut = Field(description="The kept record, after the merge")
    merged_id: str = Field(description="Now answers 404 `merged` naming the kept record")
    filled: list[str] = Field(description="Fields of the kept record filled from the other")
    conflicts: list[FieldConflictOut] = Field(
        description="Fields both records held with different values: the kept value stayed"
    )
    moved: MovedOut
