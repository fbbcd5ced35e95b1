from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from hiring.candidates.models import Candidate
from hiring.jobs.models import JobStatus, JobType
from hiring.pipeline.models import Assignment, Stage
from hiring.validation import LongText, RequiredName, ShortText

PUBLIC_FIELDS = (
    "id",
    "title",
    "product",
    "location",
    "job_type",
    "description",
    "requirements",
    "created_at",
)


class JobCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: RequiredName
    product: RequiredName = "studios"
    team: ShortText | None = None
    description: LongText | None = None
    requirements: LongText | None = None
    location: RequiredName = "Remote"
    job_type: JobType = JobType.contract
    status: JobStatus = JobStatus.open
    salary_range: str | None = Field(default=None, max_length=100)
    company_id: str | None = Field(default=None, max_length=40)
    contact_id: str | None = Field(default=None, max_length=40, description="Hiring manager")


class JobUpdate(BaseModel):
    """Only the fields sent are changed; required fields cannot be set to null."""

    model_config = ConfigDict(extra="forbid")

    title: RequiredName = None  # type: ignore[assignment]
    product: RequiredName = None  # type: ignore[assignment]
    team: ShortText | None = None
    description: LongText | None = None
    requirements: LongText | None = None
    location: RequiredName = None  # type: ignore[assignment]
    job_type: JobType = None  # type: ignore[assignment]
    status: JobStatus = None  # type: ignore[assignment]
    salary_range: str | None = Field(default=None, max_length=100)
    company_id: str | None = Field(default=None, max_length=40)
    contact_id: str | None = Field(default=None, max_length=40, description="Hiring manager")


class JobPublic(BaseModel):
    """What anyone may see of an open job."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    product: str
    location: str
    job_type: JobType
    description: str | None
    requirements: str | None
    created_at: datetime


class JobOut(JobPublic):
    team: str | None
    status: JobStatus
    salary_range: str | None
    company_id: str | None
    contact_id: str | None
    updated_at: datetime


class JobCandidate(BaseModel):
    """A candidate in a job's pipeline, with the stage they have in this job."""

    candidate_id: str
    name: str
    email: str | None
    current_title: str | None
    current_company: str | None
    location: str | None
    assignment_id: str
    stage: Stage
    rejection_reason: str | None
    assigned_by: str | None
    assigned_at: datetime
    stage_updated_at: datetime

    @classmethod
    def from_row(cls, assignment: Assignment, candidate: Candidate) -> "JobCandidate":
        return cls(
            candidate_id=candidate.id,
            name=candidate.name,
            email=candidate.email,
            current_title=candidate.current_title,
            current_company=candidate.current_company,
            location=candidate.location,
            assignment_id=assignment.id,
            stage=Stage(assignment.stage),
            rejection_reason=assignment.rejection_reason,
            assigned_by=assignment.assigned_by,
            assigned_at=assignment.created_at,
            stage_updated_at=assignment.updated_at,
        )


class JobDetail(JobOut):
    candidates: list[JobCandidate]
    candidates_total: int
