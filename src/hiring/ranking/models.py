from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
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
