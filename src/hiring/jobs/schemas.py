from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from hiring.candidates.models import Candidate
from hiring.jobs.models import JobStatus, JobType, SalaryPeriod
from hiring.pipeline.models import Assignment, Stage
from hiring.validation import (
    CountryCode,
    IsoDate,
    KnownCurrency,
    LongText,
    Money,
    MoneyOut,
    PublicLabel,
    RequiredName,
    ShortText,
)

COUNTRY_HELP = "Where the job is (ISO 3166-1 alpha-2); when not sent, read from the location"
REMOTE_COUNTRIES_HELP = (
    "Remote jobs: the countries applicants may live in (default: HIRING_COMPANY_COUNTRY)"
)
PAY_HELP = "Structured pay for job boards; with salary_currency and salary_period"
DEPARTMENT_HELP = (
    "The department the public reads on the careers page and in the job feeds (the product "
    "is internal); empty: none shown"
)
RemoteCountries = list[CountryCode]


class PostingFields(BaseModel):
    """What job boards and search engines read of a job, beside its text."""

    model_config = ConfigDict(extra="forbid")

    country: CountryCode | None = Field(default=None, description=COUNTRY_HELP)
    salary_min: Money | None = Field(default=None, description=PAY_HELP)
    salary_max: Money | None = Field(default=None, description="At least salary_min")
    salary_currency: KnownCurrency | None = None
    salary_period: SalaryPeriod | None = None
    valid_through: IsoDate | None = Field(default=None, description="Last day to apply")
    remote_countries: RemoteCountries = Field(
        default_factory=list, max_length=250, description=REMOTE_COUNTRIES_HELP
    )


class JobCreate(PostingFields):
    model_config = ConfigDict(extra="forbid")

    title: RequiredName
    product: RequiredName = "studios"
    team: ShortText | None = None
    public_department: PublicLabel | None = Field(default=None, description=DEPARTMENT_HELP)
    description: LongText | None = None
    requirements: LongText | None = None
    location: RequiredName = "Remote"
    job_type: JobType = JobType.contract
    status: JobStatus = JobStatus.open
    salary_range: str | None = Field(default=None, max_length=100, description="Pay as shown")
    company_id: str | None = Field(default=None, max_length=40)
    contact_id: str | None = Field(default=None, max_length=40, description="Hiring manager")


class JobUpdate(PostingFields):
    """Only the fields sent are changed; required fields cannot be set to null."""

    model_config = ConfigDict(extra="forbid")

    title: RequiredName = None  # type: ignore[assignment]
    product: RequiredName = None  # type: ignore[assignment]
    team: ShortText | None = None
    public_department: PublicLabel | None = Field(default=None, description=DEPARTMENT_HELP)
    description: LongText | None = None
    requirements: LongText | None = None
    location: RequiredName = None  # type: ignore[assignment]
    job_type: JobType = None  # type: ignore[assignment]
    status: JobStatus = None  # type: ignore[assignment]
    salary_range: str | None = Field(default=None, max_length=100, description="Pay as shown")
    company_id: str | None = Field(default=None, max_length=40)
    contact_id: str | None = Field(default=None, max_length=40, description="Hiring manager")


class JobAd(BaseModel):
    """An open job as strangers read it on the careers page, in its JobPosting data and in the
    job feeds: never the internal product, team or salary text."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    public_department: str | None
    location: str
    job_type: JobType
    description: str | None
    requirements: str | None
    created_at: datetime
    updated_at: datetime
    country: str | None
    salary_min: MoneyOut | None
    salary_max: MoneyOut | None
    salary_currency: str | None
    salary_period: SalaryPeriod | None
    valid_through: date | None
    remote_countries: list[str]

    @property
    def is_remote(self) -> bool:
        return "remote" in self.location.lower()


class JobPublic(JobAd):
    """What anyone may read of an open job through the API: the spec lists its product among
    the public fields, so it stays here (and only here)."""

    product: str


class JobOut(JobPublic):
    team: str | None
    status: JobStatus
    salary_range: str | None
    company_id: str | None
    contact_id: str | None


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
