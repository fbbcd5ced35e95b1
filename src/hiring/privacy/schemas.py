from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from hiring.validation import NOT_BLANK_PATTERN


class ErasureRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(
        min_length=1,
        max_length=1000,
        json_schema_extra={"pattern": NOT_BLANK_PATTERN},
        description="Why the person is erased (e.g. their request and its date); no personal data",
    )


class ErasureOut(BaseModel):
    """The record an erasure leaves: ids and the reason, nothing about the person."""

    id: str = Field(description="The erased candidate's id; it now answers 404 `erased`")
    erased_at: datetime
    erased_by: str | None = Field(description="The id of the user who erased them")
    reason: str | None


class ConsentOut(BaseModel):
    """A consent to the privacy policy, as the applicant gave it."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    given_at: datetime = Field(description="When the applicant accepted the policy")
    policy_url: str = Field(description="The privacy policy they accepted")
    retention_months: int = Field(
        description="How long the site said their data is kept without activity, in months "
        "(0: until erased on request)"
    )
    application_id: str | None = Field(description="The application it came with, while kept")
