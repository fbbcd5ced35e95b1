from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hiring.referrals.models import ReferralStatus
from hiring.validation import (
    Currency,
    Email,
    HttpUrlStr,
    LongText,
    Money,
    MoneyOut,
    RequiredName,
)

MatchedBy = Literal["email", "linkedin_url"]


class ReferralCreate(BaseModel):
    """The referred person is either an existing ``candidate_id`` or new-person fields
    (``name``, ``email``, ``linkedin_url``, ``resume_text``). A new person whose email or
    LinkedIn URL already belongs to a candidate is linked to that candidate instead."""

    model_config = ConfigDict(extra="forbid")

    referrer_name: RequiredName
    referrer_email: Email
    candidate_id: str | None = Field(default=None, max_length=40)
    name: RequiredName | None = None
    email: Email | None = None
    linkedin_url: HttpUrlStr | None = None
    resume_text: str | None = Field(default=None, max_length=500_000)
    job_id: str | None = Field(
        default=None, max_length=40, description="The candidate also enters this job's pipeline"
    )
    status: ReferralStatus = ReferralStatus.submitted
    bonus_amount: Money | None = None
    currency: Currency = "USD"
    notes: LongText | None = None


class ReferralUpdate(BaseModel):
    """Only the fields sent are changed. A new ``job_id`` also puts the candidate in that job."""

    model_config = ConfigDict(extra="forbid")

    referrer_name: RequiredName = None  # type: ignore[assignment]
    referrer_email: Email = None  # type: ignore[assignment]
    job_id: str | None = Field(default=None, max_length=40)
    status: ReferralStatus = None  # type: ignore[assignment]
    bonus_amount: Money | None = None
    currency: Currency = None  # type: ignore[assignment]
    notes: LongText | None = None


class ReferralOut(BaseModel):
    """``candidate_created`` is false when the referral was linked to an existing candidate;
    ``matched_by`` then says how that candidate was found (null for a given ``candidate_id``)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    referrer_name: str
    referrer_email: str
    candidate_id: str | None = Field(description="Null once the candidate was erased")
    job_id: str | None
    status: ReferralStatus
    bonus_amount: MoneyOut | None
    currency: str
    notes: str | None
    candidate_created: bool
    matched_by: MatchedBy | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class ReferralFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ReferralStatus | None = None
    job_id: str | None = None
    referrer_email: str | None = None
