from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hiring.candidates.schemas import CandidateOut
from hiring.validation import Email, HttpUrlStr, Phone, RequiredName

MAX_COVER_NOTE = 5_000
# Campaign parameters of the link that brought the applicant (an ad, a job board, a post).
CAMPAIGN_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
CampaignValue = Annotated[
    str | None, Field(default=None, max_length=200, description="From the job link, if any")
]
MAX_RESUME_TEXT = 100_000


class Application(BaseModel):
    """What a person sends from the careers page. Empty form fields count as not sent."""

    model_config = ConfigDict(extra="forbid")

    name: RequiredName
    email: Email
    phone: Phone | None = None
    linkedin_url: HttpUrlStr | None = None
    cover_note: str | None = Field(default=None, max_length=MAX_COVER_NOTE)
    resume_text: str | None = Field(default=None, max_length=MAX_RESUME_TEXT)
    website: str | None = Field(
        default=None, max_length=500, description="Leave empty (a field only robots fill in)"
    )
    consent: bool | None = Field(
        default=None,
        description="Acceptance of the privacy policy: required (true) when the site has one",
    )
    utm_source: CampaignValue = None
    utm_medium: CampaignValue = None
    utm_campaign: CampaignValue = None
    utm_term: CampaignValue = None
    utm_content: CampaignValue = None

    def campaign(self) -> dict[str, str]:
        """The campaign parameters sent (the job ad's link carried them), by name."""
        return {name: getattr(self, name) for name in CAMPAIGN_FIELDS if getattr(self, name)}

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data


class ApplicationChannel(StrEnum):
    """Where an application was sent from."""

    careers_page = "careers_page"
    api = "api"


class ApplicationReceived(BaseModel):
    """The only answer an applicant gets: never anything about the stored candidate."""

    status: str = "received"
    job_id: str
    message: str


# What an application keeps of the form, and which of it "use these details" copies.
SUBMITTED_FIELDS = ("name", "email", "phone", "linkedin_url", "resume_text", "cover_note")
DETAIL_FIELDS = ("name", "email", "phone", "linkedin_url", "resume_text")


class Submitted(BaseModel):
    """What the applicant filled in, as validated when they sent it (null: left empty)."""

    name: str
    email: str
    phone: str | None = None
    linkedin_url: str | None = None
    resume_text: str | None = None
    cover_note: str | None = None


class ApplicationOut(BaseModel):
    """One application from the careers page, with what the applicant submitted. For a person
    already known, nothing submitted was written onto their record: a recruiter may copy it
    with `POST /api/candidates/{id}/applications/{application_id}/apply-details`."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    candidate_id: str
    job_id: str
    submitted: Submitted
    new_candidate: bool = Field(description="The application created the candidate's record")
    channel: str | None = Field(
        description="`careers_page` or `api` (the public apply endpoint); null before recorded"
    )
    utm: dict[str, str] | None = Field(description="The campaign parameters it came with")
    file_id: str | None = Field(description="The resume sent with it, a file of the candidate")
    details_used_at: datetime | None = Field(
        description="When a recruiter copied the submitted details onto the candidate"
    )
    details_used_by: str | None
    created_at: datetime


class DetailsUsed(BaseModel):
    """The outcome of using an application's details: the fields changed and the candidate."""

    application: ApplicationOut
    changed: list[str] = Field(description="Candidate fields that took the submitted value")
    candidate: CandidateOut
