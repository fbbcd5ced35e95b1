"""Starting an import, in the request for a small file or as a background job for a large
one, and the job that imports a large file.

The job reads the file from the object store (any worker or replica can take it), then
writes its rows a batch at a time, each batch in its own unit of work with the import's
progress and the task's bookmark (the last row written): a retry goes on after the bookmark,
and a batch interrupted before its commit is simply written again, matching the same people.
"""

import io
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from hiring.auth.models import User
from hiring.config import Settings
from hiring.db import unit_of_work
from hiring.errors import Unavailable
from hiring.imports import service
from hiring.imports.models import ImportStatus
from hiring.imports.schemas import ImportOut
from hiring.imports.upsert import Report
from hiring.storage import ObjectMissing, Storage, StorageError
from hiring.tasks import service as tasks
from hiring.tasks.queue import Job, JobFailed, TaskQueue

IMPORT_CANDIDATES = "import_candidates"
CONTENT = "application/octet-stream"


@dataclass(frozen=True)
class Importer:
    """What an import needs from the app: the database, the object store, the queue and the
    import settings."""

    sessions: sessionmaker[Session]
    storage: Storage
    settings: Settings

    def start(
        self,
        queue: TaskQueue,
        user: User,
        data: bytes,
        *,
        filename: str | None,
        mapping: dict[str, str | None],
        source: str,
        dry_run: bool,
    ) -> ImportOut:
        """Import ``data``: at once when it has at most ``import_background_rows`` rows (the
        import done, or for a dry run its report, not stored), else queued."""
        file = service.open_file(data, mapping, service.read_limits(self.settings))
        options = service.ImportOptions(filename, source, mapping, dry_run)
        if file.rows > self.settings.import_background_rows:
            return self._queue(queue, user, data, file, options)
        return self.import_now(user, file, options)

    def import_now(
        self,
        user: User,
        file: service.ImportFile,
        options: service.ImportOptions,
        on_batch: service.BatchDone | None = None,
    ) -> ImportOut:
        """Import every row now (a batch per unit of work, ``on_batch`` told after each): the
        import done, or for a dry run its report, not stored."""
        if options.dry_run:
            report = self._run(file, user, source=options.source, dry_run=True, on_batch=on_batch)
            return ImportOut.of(options.record(ImportStatus.done, file.rows, report))
        with unit_of_work(self.sessions) as session:
            record = service.create_import(session, user, file.rows, options, ImportStatus.running)
        report = self._run(
            file,
            user,
            source=options.source,
            dry_run=False,
            import_id=record.id,
            on_batch=on_batch,
        )
        with unit_of_work(self.sessions) as session:
            return ImportOut.of(service.finish(session, record.id, report))

    def _queue(
        self,
        queue: TaskQueue,
        user: User,
        data: bytes,
        file: service.ImportFile,
        options: service.ImportOptions,
    ) -> ImportOut:
        """Keep the file in the object store (no transaction open meanwhile), record the
        import and its task, then queue the task."""
        import_id = service.new_import_id()
        key = f"imports/{import_id}"
        try:
            self.storage.put(key, io.BytesIO(data), max_bytes=len(data), content_type=CONTENT)
        except StorageError as exc:
            raise Unavailable("File storage is not answering; try again later") from exc
        try:
            with unit_of_work(self.sessions) as session:
                record = service.create_import(
                    session, user, file.rows, options, ImportStatus.queued, import_id
                )
                task = tasks.create_task(
                    session, IMPORT_CANDIDATES, {"import_id": import_id}, user, total=file.rows
                )
                record.file_key = key
                record.task_id = task.id
        except BaseException:
            self.storage.delete(key)
            raise
        queue.enqueue(task.id)
        with unit_of_work(self.sessions, write=False) as session:
            return ImportOut.of(service.get_import(session, import_id))

    def _run(
        self,
        file: service.ImportFile,
        user: User,
        *,
        source: str,
        dry_run: bool,
        import_id: str | None = None,
        report: Report | None = None,
        after_row: int = 0,
        on_batch: service.BatchDone | None = None,
    ) -> Report:
        return service.run_rows(
            self.sessions,
            file,
            user,
            report or Report(),
            source=source,
            dry_run=dry_run,
            batch_rows=self.settings.import_batch_rows,
            after_row=after_row,
            progress=service.recorder(import_id) if import_id else None,
            on_batch=on_batch,
        )

    def __call__(self, job: Job) -> None:
        """The background job of one import (``job.params["import_id"]``)."""
        import_id = str(job.params["import_id"])
        with unit_of_work(self.sessions) as session:
            record = service.mark(session, import_id, ImportStatus.running)
            user = session.get(User, record.created_by) if record.created_by else None
            if user is None:
                raise JobFailed(
                    "The user who started this import no longer exists", retryable=False
                )
            if record.file_key is None:
                raise JobFailed("The import's file is no longer kept", retryable=False)
            key, mapping, source, dry_run = (
                record.file_key,
                dict(record.mapping),
                record.source,
                record.dry_run,
            )
            report = Report() if dry_run else Report.of(record.report)
        try:
            data = b"".join(self.storage.open(key))
        except ObjectMissing as exc:
            raise JobFailed("The import's file is no longer kept", retryable=False) from exc
        file = service.open_file(data, mapping, service.read_limits(self.settings))
        after_row = 0 if dry_run or job.cursor is None else int(job.cursor)
        report = self._run(
            file,
            user,
            source=source,
            dry_run=dry_run,
            import_id=None if dry_run else import_id,
            report=report,
            after_row=after_row,
        )
        with unit_of_work(self.sessions) as session:
            service.finish(session, import_id, report)
        self.storage.delete(key)
