from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from hiring.validation import HttpUrlStr, Phone, RequiredName

MAX_COVER_NOTE = 5_000
MAX_RESUME_TEXT = 100_000


class Application(BaseModel):
    """What a person sends from the careers page. Empty form fields count as not sent."""

    model_config = ConfigDict(extra="forbid")

    name: RequiredName
    email: EmailStr
    phone: Phone | None = None
    linkedin_url: HttpUrlStr | None = None
    cover_note: str | None = Field(default=None, max_length=MAX_COVER_NOTE)
    resume_text: str | None = Field(default=None, max_length=MAX_RESUME_TEXT)
    website: str | None = Field(
        default=None, max_length=500, description="Leave empty (a field only robots fill in)"
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data


class ApplicationReceived(BaseModel):
    """The only answer an applicant gets: never anything about the stored candidate."""

    status: str = "received"
    job_id: str
    message: str
