from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class Activity(Base):
    """Something that happened to a job or a candidate (exactly one of them)."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("(job_id IS NULL) <> (candidate_id IS NULL)", name="exactly_one_owner"),
        Index("ix_activities_job_id_created_at", "job_id", "created_at"),
        Index("ix_activities_candidate_id_created_at", "candidate_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("act"))
    job_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    candidate_id: Mapped[str | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE")
    )
    activity_type: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(320))
    data: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
