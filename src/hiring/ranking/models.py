from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class RecommendationRun(Base):
    """One ranking of candidates for a job, kept so it can be shown again without paying."""

    __tablename__ = "recommendation_runs"
    __table_args__ = (Index("ix_recommendation_runs_job_id_created_at", "job_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("rec"))
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    engine_used: Mapped[str] = mapped_column(String(20))
    model: Mapped[str | None] = mapped_column(String(100))
    pool_size: Mapped[int]
    options: Mapped[dict[str, Any]]
    results: Mapped[dict[str, Any]]
    created_by: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CandidateEmbedding(Base):
    """A candidate's sentence-model vectors (``hiring.ranking.semantic``): ``vector`` of their
    profile, ``role_vector`` of what they do now, each float32 bytes, made by ``model`` from
    the text whose hash is ``text_hash`` (a change of text or model makes them stale)."""

    __tablename__ = "candidate_embeddings"

    candidate_id: Mapped[str] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[str] = mapped_column(String(100))
    text_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    role_vector: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
