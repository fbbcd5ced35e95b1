from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class Note(Base):
    """A note on a job or a candidate (exactly one of them)."""

    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint("(job_id IS NULL) <> (candidate_id IS NULL)", name="exactly_one_owner"),
        Index("ix_notes_job_id_created_at", "job_id", "created_at"),
        Index("ix_notes_candidate_id_created_at", "candidate_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("note"))
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    candidate_id: Mapped[str | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE")
    )
    body: Mapped[str] = mapped_column(Text)
    # Who the note is by, as given (the API's `author`; defaults to the writer).
    author: Mapped[str | None] = mapped_column(String(320))
    # The signed-in user who wrote it; None for an applicant's cover note (and older notes).
    created_by: Mapped[str | None] = mapped_column(String(320))
    # The public application whose cover note this is: written by the applicant, not a user.
    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
