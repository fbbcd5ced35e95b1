from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from hiring.jobs.schemas import JobOut
from hiring.validation import (
    Domain,
    Email,
    HttpUrlStr,
    LongText,
    Phone,
    RequiredName,
    ShortText,
    TypedNumber,
)

FIRST_FOUNDED_YEAR = 1600


def _check_founded_year(value: int) -> int:
    if not FIRST_FOUNDED_YEAR <= value <= datetime.now(UTC).year:
        raise ValueError(f"Founded year must be between {FIRST_FOUNDED_YEAR} and this year")
    return value


FoundedYear = Annotated[
    int,
    # The bounds as of when the document is made; the check reads the clock each time.
    Field(
        json_schema_extra=lambda schema: schema.update(
            minimum=FIRST_FOUNDED_YEAR, maximum=datetime.now(UTC).year
        )
    ),
    TypedNumber,
    AfterValidator(_check_founded_year),
]
EmployeeCount = Annotated[int, Field(ge=0, le=10_000_000), TypedNumber]


class CompanyFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    domain: Domain | None = None
    website: HttpUrlStr | None = None
    industry: ShortText | None = None
    employee_count: EmployeeCount | None = None
    linkedin_url: HttpUrlStr | None = None
    location: ShortText | None = None
    description: LongText | None = None
    founded_year: FoundedYear | None = None


class CompanyCreate(CompanyFields):
    name: RequiredName


class CompanyUpdate(CompanyFields):
    """Only the fields sent are changed; the name cannot be set to null."""

    name: RequiredName = None  # type: ignore[assignment]


class CompanyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    domain: str | None
    website: str | None
    industry: str | None
    employee_count: int | None
    linkedin_url: str | None
    location: str | None
    description: str | None
    founded_year: int | None
    enriched_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ContactFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    phone: Phone | None = None
    title: ShortText | None = None
    company_id: str | None = Field(default=None, max_length=40)
    linkedin_url: HttpUrlStr | None = None
    location: ShortText | None = None
    notes: LongText | None = None


class ContactCreate(ContactFields):
    name: RequiredName


class ContactUpdate(ContactFields):
    """Only the fields sent are changed; the name cannot be set to null."""

    name: RequiredName = None  # type: ignore[assignment]


class ContactOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    email: str | None
    phone: str | None
    title: str | None
    company_id: str | None
    linkedin_url: str | None
    location: str | None
    notes: str | None
    enriched_at: datetime | None
    created_at: datetime
    updated_at: datetime


class CompanyDetail(CompanyOut):
    enrichment: dict | None
    contacts: list[ContactOut] = Field(description="Alphabetical, at most 200")
    contacts_total: int
    jobs: list[JobOut] = Field(description="Newest first, at most 200")
    jobs_total: int


class ContactDetail(ContactOut):
    enrichment: dict | None
