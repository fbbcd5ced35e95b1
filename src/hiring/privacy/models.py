"""Consents to the privacy policy, given by applicants on the careers page or the apply API."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class Consent(Base):
    """One consent as it was given: when, to which policy, and how long the site said the data
    would be kept. A row of its own, never a column of the candidate: a person already known
    who applies again adds a consent without their record being changed."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_candidate_id_given_at", "candidate_id", "given_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("cns"))
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    # The application it was given with, while that exists.
    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    policy_url: Mapped[str] = mapped_column(String(2000))
    # HIRING_RETENTION_MONTHS when it was given; 0: kept until erased on request.
    retention_months: Mapped[int] = mapped_column(default=0)
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
