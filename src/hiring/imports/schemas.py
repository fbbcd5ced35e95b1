from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from hiring.imports.models import CandidateImport, ImportStatus
from hiring.tasks.models import TaskStatus


class RowError(BaseModel):
    row: int = Field(description="The spreadsheet's row number (the header is row 1)")
    field: str
    message: str


class ImportReport(BaseModel):
    rows: int = Field(description="Rows read under the header")
    created: int = Field(description="New candidates")
    updated: int = Field(description="Known people who gained fields or labels")
    skipped: int = Field(description="Empty rows, and rows with nothing new about a known person")
    failed: int = Field(description="Rows refused by the API's rules (see errors)")
    errors: list[RowError] = Field(description="The first 1000 errors")
    errors_total: int = Field(description="Every error, listed or not")


class ImportOut(BaseModel):
    """An import: its status, progress and (when done) report."""

    id: str | None = Field(description="None for a dry run answered at once (not stored)")
    status: ImportStatus = Field(description="queued, running, done, failed")
    dry_run: bool
    background: bool = Field(description="Run by a background job (the file had many rows)")
    filename: str | None
    source: str = Field(description="The source of rows without a source column")
    mapping: dict[str, str | None] = Field(description="Column → field, as sent")
    rows_total: int
    rows_done: int
    report: ImportReport = Field(description="So far, while the import runs")
    error: str | None = Field(description="Why a background import failed")
    created_by: str | None = Field(description="The id of the user who ran it")
    created_at: datetime | None
    finished_at: datetime | None
    links: dict[str, str] = Field(description="self: where to follow it")

    @classmethod
    def of(cls, record: CandidateImport) -> "ImportOut":
        """The import as shown; a background import whose job failed for good is failed."""
        status = ImportStatus(record.status)
        error = record.task.error if record.task is not None else None
        if record.task is not None and record.task.status == TaskStatus.failed:
            status = ImportStatus.failed
        values: dict[str, Any] = {
            "id": record.id,
            "status": status,
            "dry_run": record.dry_run,
            "background": record.task_id is not None,
            "filename": record.filename,
            "source": record.source,
            "mapping": record.mapping,
            "rows_total": record.rows_total,
            "rows_done": record.rows_done,
            "report": record.report,
            "error": error,
            "created_by": record.created_by,
            "created_at": record.created_at,
            "finished_at": record.finished_at,
            "links": {"self": f"/api/imports/{record.id}"} if record.id else {},
        }
        return cls.model_validate(values)
