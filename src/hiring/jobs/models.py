from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, JSONType, utcnow
from hiring.ids import new_id


class JobStatus(StrEnum):
    open = "open"
    closed = "closed"
    on_hold = "on_hold"


class JobType(StrEnum):
    contract = "contract"
    full_time = "full_time"
    part_time = "part_time"


class SalaryPeriod(StrEnum):
    """What one amount of a job's pay is for (schema.org's unitText, in lower case)."""

    year = "year"
    month = "month"
    week = "week"
    day = "day"
    hour = "hour"


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_created_at", "status", "created_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("job"))
    title: Mapped[str] = mapped_column(String(200))
    product: Mapped[str] = mapped_column(String(100), default="studios", index=True)
    team: Mapped[str | None] = mapped_column(String(200))
    # What the public reads beside the title (careers page, JobPosting data, job feeds); the
    # product above is an internal label and never shown to them.
    public_department: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    requirements: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str] = mapped_column(String(200), default="Remote")
    job_type: Mapped[str] = mapped_column(String(20), default=JobType.contract.value)
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.open.value)
    salary_range: Mapped[str | None] = mapped_column(String(100))
    # ISO 3166-1 alpha-2; structured pay beside salary_range, the text people read.
    country: Mapped[str | None] = mapped_column(String(2))
    salary_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    salary_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(10))
    valid_through: Mapped[date | None] = mapped_column(Date)
    remote_countries: Mapped[list[str]] = mapped_column(
        JSONType, default=list, server_default=text("'[]'")
    )
    company_id: Mapped[str | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[str | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
