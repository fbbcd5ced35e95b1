"""Applications from the careers page: what a person sent, kept beside the candidate's record.

A public application never writes onto an existing person: what the applicant submitted
(name, email, phone, LinkedIn URL, resume text, cover note) stays here until a recruiter
chooses to use it (``applications.service.use_details``).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class JobApplication(Base):
    """One application of a candidate to a job, as the applicant sent it."""

    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_candidate_id_created_at", "candidate_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("app"))
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    # The fields the applicant filled in, as validated (see ``applications.schemas.Submitted``).
    submitted: Mapped[dict[str, Any]]
    # Where it was sent from (``ApplicationChannel``) and the campaign (utm_*) it came with.
    channel: Mapped[str | None] = mapped_column(String(20))
    utm: Mapped[dict[str, Any] | None]
    # True when the application created the candidate (their record was filled from it).
    new_candidate: Mapped[bool] = mapped_column(default=False)
    # The resume sent with the application (the candidate's file), while it exists.
    file_id: Mapped[str | None] = mapped_column(
        ForeignKey("files.id", ondelete="SET NULL"), index=True
    )
    # When and by whom the submitted details were copied onto the candidate.
    details_used_at: Mapped[datetime | None]
    details_used_by: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
