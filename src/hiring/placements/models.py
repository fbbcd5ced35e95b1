from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id

MONEY = Numeric(14, 2)


class PlacementStatus(StrEnum):
    active = "active"
    completed = "completed"
    cancelled = "cancelled"


class PayPeriod(StrEnum):
    year = "year"
    month = "month"
    day = "day"
    hour = "hour"


class Placement(Base):
    """A hire: who started in which job, when, and on what terms. The record (its money) stays
    when the candidate is erased: ``candidate_id`` is then null ("Erased candidate")."""

    __tablename__ = "placements"
    __table_args__ = (Index("ix_placements_job_id_start_date", "job_id", "start_date"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("plc"))
    candidate_id: Mapped[str | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="SET NULL"), index=True
    )
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    salary: Mapped[Decimal | None] = mapped_column(MONEY)
    rate: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    period: Mapped[str | None] = mapped_column(String(10))
    fee: Mapped[Decimal | None] = mapped_column(MONEY)
    status: Mapped[str] = mapped_column(
        String(20), default=PlacementStatus.active.value, index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
