"""Assignments: a candidate in a job's pipeline. The assignments table is the source of truth
for who is in which job at which stage; ``candidates.job_id``/``stage`` only mirror it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class Stage(StrEnum):
    applied = "applied"
    screening = "screening"
    interview = "interview"
    offer = "offer"
    hired = "hired"
    rejected = "rejected"


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("job_id", "candidate_id"),
        Index("ix_assignments_job_id_stage", "job_id", "stage"),
        Index("ix_assignments_candidate_id_stage", "candidate_id", "stage"),
        Index("ix_assignments_stage_candidate_id", "stage", "candidate_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("asg"))
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(20), default=Stage.applied.value)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    assigned_by: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StageChange(Base):
    """One move of an assignment from one stage to another: who, when, from, to."""

    __tablename__ = "stage_changes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("stg"))
    assignment_id: Mapped[str] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
