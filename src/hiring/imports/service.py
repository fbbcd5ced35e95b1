"""Candidate imports as the API and the CLI run them.

A file is read and its columns mapped before anything is written; the rows are then written
a batch at a time, each batch its own short unit of work together with the import's progress
(the last row done), so a job that is retried goes on after it. A dry run runs the same code
in one transaction that is rolled back. Small files are imported in the request; larger ones
are kept in the object store and imported by a background job (``hiring.imports.jobs``).
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from hiring.audit import service as audit
from hiring.auth.models import User
from hiring.config import Settings
from hiring.db import end_unit_of_work, fetch_by_id, fetch_page, open_session, unit_of_work, utcnow
from hiring.errors import Invalid
from hiring.ids import new_id
from hiring.imports.mapping import Columns, resolve
from hiring.imports.models import CandidateImport, ImportStatus
from hiring.imports.readers import ReadLimits, Table, read_table
from hiring.imports.upsert import Report, import_rows
from hiring.resumes.limits import MB, ParseLimits

# Progress of the rows written so far, recorded in the unit of work that wrote them.
Progress = Callable[[Session, int, Report], None]
# Told the report so far after each batch (the CLI's progress bar).
BatchDone = Callable[[Report], None]


def read_limits(settings: Settings) -> ReadLimits:
    # A cell is an element or three (row, cell, value): room for the largest sheet allowed.
    elements = (settings.import_max_rows + 1) * (settings.import_max_columns * 3 + 1)
    archive = ParseLimits(
        max_uncompressed_bytes=settings.import_max_uncompressed_mb * MB,
        max_compression_ratio=settings.resume_max_compression_ratio,
        max_xml_elements=elements,
    )
    return ReadLimits(settings.import_max_rows, settings.import_max_columns, archive)


def parse_mapping(raw: str | None) -> dict[str, str | None]:
    """The ``mapping`` form field: a JSON object of column → field name (or null); none, or
    JSON null, is no mapping."""
    refused = Invalid.field(
        "mapping", "Send the mapping as a JSON object of column name to field name or null"
    )
    if raw is None or not raw.strip():
        return {}
    try:
        mapping = json.loads(raw)
    except ValueError as exc:
        raise refused from exc
    if mapping is None:
        return {}
    if not isinstance(mapping, dict) or not all(
        isinstance(v, str | None) for v in mapping.values()
    ):
        raise refused
    return mapping


@dataclass(frozen=True)
class ImportFile:
    table: Table
    columns: Columns
    rows: int

    def batches(self, size: int, after_row: int = 0) -> Iterator[list[tuple[int, dict[str, Any]]]]:
        """The rows after ``after_row`` as (row number, values by field), ``size`` at a time."""
        batch: list[tuple[int, dict[str, Any]]] = []
        for number, cells in self.table.rows():
            if number <= after_row:
                continue
            batch.append((number, self.columns.values(cells)))
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch


def open_file(data: bytes, mapping: dict[str, str | None], limits: ReadLimits) -> ImportFile:
    """Read and map the file, counting its rows: 422 when it cannot be imported at all."""
    table = read_table(data, limits)
    columns = resolve(table.header, mapping)
    return ImportFile(table, columns, table.count())


def run_rows(
    sessions: sessionmaker[Session],
    file: ImportFile,
    actor: User,
    report: Report,
    *,
    source: str,
    dry_run: bool,
    batch_rows: int,
    after_row: int = 0,
    progress: Progress | None = None,
    on_batch: BatchDone | None = None,
) -> Report:
    """Import the rows after ``after_row`` into ``report``: each batch committed with its
    ``progress``, or, for a dry run, all of them in one transaction rolled back at the end."""
    if dry_run:
        session = open_session(sessions, write=True)
        try:
            for batch in file.batches(batch_rows, after_row):
                import_rows(session, batch, actor, report, source=source)
                session.flush()
                if on_batch is not None:
                    on_batch(report)
        finally:
            end_unit_of_work(session, succeeded=False)
        return report
    for batch in file.batches(batch_rows, after_row):
        with unit_of_work(sessions) as session:
            import_rows(session, batch, actor, report, source=source)
            if progress is not None:
                progress(session, batch[-1][0], report)
        if on_batch is not None:
            on_batch(report)
    return report


def new_import_id() -> str:
    return new_id("imp")


@dataclass(frozen=True)
class ImportOptions:
    """What was asked with the file."""

    filename: str | None
    source: str
    mapping: dict[str, str | None]
    dry_run: bool

    def record(self, status: ImportStatus, rows: int, report: Report) -> CandidateImport:
        """The import's record (not yet added to a session)."""
        return CandidateImport(
            filename=(self.filename or "")[:255] or None,
            status=status.value,
            dry_run=self.dry_run,
            source=self.source,
            mapping=self.mapping,
            rows_total=rows,
            rows_done=report.rows,
            report=report.as_dict(),
        )


def create_import(
    session: Session,
    user: User,
    rows: int,
    options: ImportOptions,
    status: ImportStatus,
    import_id: str | None = None,
) -> CandidateImport:
    """The record of an import of ``rows`` rows (a file's, or Manatal's), audited."""
    record = options.record(status, rows, Report())
    record.id = import_id or new_import_id()
    record.created_by = user.id
    session.add(record)
    session.flush()
    audit.record(
        session,
        audit.IMPORT_RUN,
        actor=user,
        target_type="import",
        target_id=record.id,
        details={"rows": rows, "dry_run": options.dry_run, "source": options.source},
    )
    return record


def recorder(import_id: str) -> Progress:
    """Record an import's progress in the unit of work that wrote its rows."""

    def record(session: Session, last_row: int, report: Report) -> None:
        record = get_import(session, import_id, for_update=True)
        record.rows_done = report.rows
        record.report = report.as_dict()
        if record.task is not None:
            # The task's bookmark: a retry goes on after the last row written.
            record.task.cursor = str(last_row)
            record.task.progress = {"rows": report.rows}
        session.flush()

    return record


def finish(session: Session, import_id: str, report: Report) -> CandidateImport:
    record = get_import(session, import_id, for_update=True)
    record.status = ImportStatus.done.value
    record.rows_done = report.rows
    record.report = report.as_dict()
    record.file_key = None
    record.finished_at = utcnow()
    session.flush()
    return record


def mark(session: Session, import_id: str, status: ImportStatus) -> CandidateImport:
    record = get_import(session, import_id, for_update=True)
    record.status = status.value
    session.flush()
    return record


def get_import(session: Session, import_id: str, *, for_update: bool = False) -> CandidateImport:
    return fetch_by_id(session, CandidateImport, import_id, what="import", for_update=for_update)


def list_imports(session: Session, *, limit: int, offset: int) -> tuple[list[CandidateImport], int]:
    """Every import, newest first."""
    order = (CandidateImport.created_at.desc(), CandidateImport.id.desc())
    return fetch_page(session, CandidateImport, [], order, limit=limit, offset=offset)
