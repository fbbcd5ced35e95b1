from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from hiring.interviews.models import InterviewKind, InterviewStatus, Recommendation
from hiring.validation import (
    NOT_BLANK_PATTERN,
    DateFrom,
    DateTo,
    Email,
    HttpUrlStr,
    IsoDateTime,
    LongText,
    RequiredName,
    RowId,
)

MAX_ATTRIBUTES = 30
MAX_INTERVIEWERS = 20
TIMEZONE_HELP = "IANA time zone where it is held, e.g. Europe/Berlin"
TIME_HELP = (
    "ISO 8601; without an offset it is a wall-clock time in `timezone` (a time skipped by a "
    "daylight saving change is refused)"
)
Rating = Annotated[int, Field(ge=1, le=4)]


def _distinct_names(attributes: list["AttributeIn"]) -> list["AttributeIn"]:
    seen: set[str] = set()
    for attribute in attributes:
        key = attribute.name.casefold()
        if key in seen:
            raise ValueError(f"Attribute {attribute.name!r} is named twice")
        seen.add(key)
    return attributes


def _distinct_emails(emails: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for email in emails:
        seen.setdefault(email.lower(), None)
    return list(seen)


TimeZoneName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description=TIMEZONE_HELP,
        json_schema_extra={"pattern": NOT_BLANK_PATTERN},
    ),
]
Interviewers = Annotated[
    list[Email],
    Field(min_length=1, max_length=MAX_INTERVIEWERS, description="The interviewers' user emails"),
    AfterValidator(_distinct_emails),
]


class AttributeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[RequiredName, Field(max_length=100)]
    description: LongText | None = None


class ScorecardTemplate(BaseModel):
    """The things a job's interviewers rate, in order; PUT replaces them all."""

    model_config = ConfigDict(extra="forbid")

    attributes: Annotated[
        list[AttributeIn], Field(max_length=MAX_ATTRIBUTES), AfterValidator(_distinct_names)
    ]


class AttributeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    description: str | None


class ScorecardTemplateOut(BaseModel):
    job_id: str
    attributes: list[AttributeOut]


class InterviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate_id: RowId = Field(
        description="Added to the job's pipeline at `interview` if not in it"
    )
    job_id: RowId
    starts_at: IsoDateTime = Field(description=TIME_HELP)
    ends_at: IsoDateTime = Field(description=f"After starts_at. {TIME_HELP}")
    timezone: TimeZoneName
    interviewers: Interviewers
    kind: InterviewKind
    location: Annotated[str, Field(max_length=500)] | None = None
    video_url: HttpUrlStr | None = None
    notes: LongText | None = None
    allow_overlap: bool = Field(
        default=False, description="Book interviewers even when they have an interview then"
    )


class InterviewUpdate(BaseModel):
    """Reschedule (times, time zone) or change the interviewers, kind, place or notes. A new
    time or time zone bumps the invite's SEQUENCE; the same rules apply to the result."""

    model_config = ConfigDict(extra="forbid")

    starts_at: IsoDateTime = Field(default=None, description=TIME_HELP)  # type: ignore[assignment]
    ends_at: IsoDateTime = Field(default=None, description=TIME_HELP)  # type: ignore[assignment]
    timezone: TimeZoneName = None  # type: ignore[assignment]
    interviewers: Interviewers = None  # type: ignore[assignment]
    kind: InterviewKind = None  # type: ignore[assignment]
    location: Annotated[str, Field(max_length=500)] | None = None
    video_url: HttpUrlStr | None = None
    notes: LongText | None = None
    allow_overlap: bool = False


class InterviewOut(BaseModel):
    id: str
    candidate_id: str
    job_id: str
    starts_at: datetime = Field(description="UTC")
    ends_at: datetime = Field(description="UTC")
    timezone: str
    local_starts_at: datetime = Field(description="starts_at in the interview's time zone")
    local_ends_at: datetime = Field(description="ends_at in the interview's time zone")
    kind: InterviewKind
    status: InterviewStatus
    interviewers: list[str] = Field(description="The interviewers' emails")
    location: str | None
    video_url: str | None
    notes: str | None
    sequence: int = Field(description="Times rescheduled: the invite's SEQUENCE")
    organizer: str | None = Field(description="Email of who scheduled it")
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime


class InterviewFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate_id: str | None = None
    job_id: str | None = None
    interviewer: str | None = None
    date_from: DateFrom | None = None
    date_to: DateTo | None = None
    status: InterviewStatus | None = None


class ScorecardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recommendation: Recommendation
    ratings: Annotated[
        dict[Annotated[str, Field(max_length=100)], Rating],
        Field(max_length=MAX_ATTRIBUTES, description="Attribute name → 1 to 4"),
    ] = {}
    notes: LongText | None = None


class ScorecardOut(BaseModel):
    id: str
    interview_id: str
    interviewer: str = Field(description="The interviewer's email")
    recommendation: Recommendation
    ratings: dict[str, int]
    notes: str | None
    submitted_at: datetime
    updated_at: datetime


class ScorecardSummary(BaseModel):
    recommendations: dict[Recommendation, int] = Field(description="How many of each")
    averages: dict[str, float] = Field(description="Average rating per attribute rated")


class JobScorecards(BaseModel):
    """A candidate's scorecards for one job. An interviewer of the candidate for this job who
    has not submitted theirs sees none of the others' (no anchoring): ``hidden`` counts them
    and ``summary`` is null."""

    job_id: str
    job_title: str
    scorecards: list[ScorecardOut]
    hidden: int
    summary: ScorecardSummary | None
