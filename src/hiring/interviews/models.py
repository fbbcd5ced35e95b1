"""Interviews, the interviewers booked for them, the attributes a job's interviewers rate,
and the scorecards they submit. An interview goes with its candidate (erasure) and its job."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class InterviewKind(StrEnum):
    phone_screen = "phone_screen"
    technical = "technical"
    onsite = "onsite"
    culture = "culture"
    other = "other"


class InterviewStatus(StrEnum):
    """Not stored: cancelled when cancelled, else completed once it has ended."""

    scheduled = "scheduled"
    completed = "completed"
    cancelled = "cancelled"


class Recommendation(StrEnum):
    strong_no = "strong_no"
    no = "no"
    yes = "yes"
    strong_yes = "strong_yes"


class ScorecardAttribute(Base):
    """One thing a job's interviewers rate (e.g. "System design"), in the job's order."""

    __tablename__ = "scorecard_attributes"
    __table_args__ = (UniqueConstraint("job_id", "name"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("sca"))
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)


class Interview(Base):
    """An interview of a candidate for a job. Times are stored in UTC; ``timezone`` (IANA)
    is where it is held, for invites and local times. ``sequence`` counts reschedules (the
    calendar invite's SEQUENCE)."""

    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_candidate_id_starts_at", "candidate_id", "starts_at"),
        Index("ix_interviews_job_id_starts_at", "job_id", "starts_at"),
        Index("ix_interviews_starts_at", "starts_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("int"))
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    location: Mapped[str | None] = mapped_column(String(500))
    video_url: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    cancelled_at: Mapped[datetime | None]
    organizer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class InterviewInterviewer(Base):
    """A user booked on an interview."""

    __tablename__ = "interview_interviewers"
    __table_args__ = (Index("ix_interview_interviewers_user_id", "user_id"),)

    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


class Scorecard(Base):
    """One interviewer's feedback on one interview: a rating (1 to 4) per attribute of the job's
    scorecard and an overall recommendation."""

    __tablename__ = "scorecards"
    __table_args__ = (UniqueConstraint("interview_id", "interviewer_id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("scr"))
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    interviewer_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    recommendation: Mapped[str] = mapped_column(String(20))
    ratings: Mapped[dict[str, Any]]
    notes: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
