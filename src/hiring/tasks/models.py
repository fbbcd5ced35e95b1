from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class TaskStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


FINISHED = (TaskStatus.succeeded, TaskStatus.failed)


class Task(Base):
    """One background job: what it is, how far it got, and how it ended. ``error`` is a
    message for the user, never a record's data; ``cursor`` is the job's own bookmark (the
    last record it finished), so a retry goes on where the failed attempt stopped."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_created_at", "created_at"),
        Index("ix_tasks_created_by_created_at", "created_by", "created_at"),
        Index("ix_tasks_status_updated_at", "status", "updated_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("task"))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.queued.value)
    params: Mapped[dict[str, Any]]
    total: Mapped[int | None]
    progress: Mapped[dict[str, Any]]
    cursor: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ScheduledRun(Base):
    """When a scheduled job (by name) last started: every replica's scheduler fires, and the
    one whose conditional update of this row succeeds runs it (``periodic.claim``)."""

    __tablename__ = "scheduled_runs"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
