"""Candidate imports: one row per file imported, with who ran it, how far it got and its
report. A background import's job is a task (``hiring.tasks``); its status is the import's."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Base, utcnow
from hiring.ids import new_id
from hiring.tasks.models import Task


class ImportStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class CandidateImport(Base):
    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_created_at", "created_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("imp"))
    filename: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default=ImportStatus.queued.value)
    dry_run: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(20))
    # The mapping sent with the file (column → field or None); the rest is guessed again.
    mapping: Mapped[dict[str, Any]]
    # The uploaded file in the object store while a background job needs it.
    file_key: Mapped[str | None] = mapped_column(String(300))
    task_id: Mapped[str | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    rows_total: Mapped[int]
    rows_done: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict[str, Any]]
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    task: Mapped[Task | None] = relationship()
