from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class FileKind(StrEnum):
    resume = "resume"
    cover_letter = "cover_letter"
    other = "other"


class StoredFile(Base):
    """An uploaded file of a job or a candidate (exactly one); its bytes live in storage."""

    __tablename__ = "files"
    __table_args__ = (
        CheckConstraint("(job_id IS NULL) <> (candidate_id IS NULL)", name="exactly_one_owner"),
        Index("ix_files_job_id_created_at", "job_id", "created_at"),
        Index("ix_files_candidate_id_created_at", "candidate_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("file"))
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    candidate_id: Mapped[str | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE")
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20), default=FileKind.other.value)
    storage_key: Mapped[str] = mapped_column(String(300), unique=True)
    uploaded_by: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ObjectDeletion(Base):
    """A stored object whose deletion failed after its record was gone (storage down): tried
    again on a schedule, with a growing delay, until the storage confirms it is gone."""

    __tablename__ = "object_deletions"

    storage_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    attempts: Mapped[int] = mapped_column(default=1)
    next_attempt_at: Mapped[datetime] = mapped_column(index=True)
    # The kind of the last error (never the object's content).
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
