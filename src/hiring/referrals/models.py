from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id
from hiring.placements.models import MONEY


class ReferralStatus(StrEnum):
    submitted = "submitted"
    in_review = "in_review"
    interviewing = "interviewing"
    hired = "hired"
    rejected = "rejected"
    paid = "paid"


class Referral(Base):
    """Who referred whom, for which job, and whether a bonus is owed or paid. The record (its
    referrer and bonus) stays when the candidate is erased: ``candidate_id`` is then null."""

    __tablename__ = "referrals"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("ref"))
    referrer_name: Mapped[str] = mapped_column(String(200))
    referrer_email: Mapped[str] = mapped_column(String(320), index=True)
    candidate_id: Mapped[str | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="SET NULL"), index=True
    )
    job_id: Mapped[str | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(
        String(20), default=ReferralStatus.submitted.value, index=True
    )
    bonus_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    notes: Mapped[str | None] = mapped_column(Text)
    candidate_created: Mapped[bool] = mapped_column(default=False)
    matched_by: Mapped[str | None] = mapped_column(String(20))
    created_by: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
