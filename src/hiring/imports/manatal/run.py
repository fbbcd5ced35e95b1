"""`hiring import manatal`: every Manatal candidate into Hiring, as a recorded import.

Pages are read from Manatal with no transaction open, with each candidate's profiles (and
resume list); then each page is written in one short unit of work by the file import's rules
(``imports.upsert``): a candidate already imported (same Manatal id) is that record, anyone
else is matched by email, LinkedIn profile or phone, and a match only gains what it lacks.
A new or matched record keeps the Manatal id, so the next run finds it again. Resumes are
then fetched and stored one by one through the upload path (same size limit, same reading);
bytes a candidate already has are not stored twice. A dry run writes nothing: every page goes
into one transaction that is rolled back, and no resume is fetched.
"""

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from hiring.auth.models import User
from hiring.candidates.models import Candidate, Source
from hiring.config import Settings
from hiring.db import end_unit_of_work, open_session, unit_of_work
from hiring.errors import HiringError
from hiring.files import usecases as files
from hiring.files.models import FileKind
from hiring.imports import service
from hiring.imports.manatal import records
from hiring.imports.manatal.client import ManatalClient, ManatalError, Page
from hiring.imports.models import CandidateImport, ImportStatus
from hiring.imports.upsert import Report, import_rows
from hiring.owners import Owner
from hiring.resumes.limits import MB
from hiring.storage import Storage

SOURCE = Source.manatal.value
FILENAME = "Manatal Open API"


@dataclass
class Fetched:
    """One page as read from Manatal: rows numbered from the first candidate of the run."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    ids: dict[int, str] = field(default_factory=dict)
    resumes: dict[int, tuple[str, str]] = field(default_factory=dict)


@dataclass
class Outcome:
    """What a run did: the import's report, resumes stored, and the problems met."""

    report: Report = field(default_factory=Report)
    total: int = 0
    resumes: int = 0
    resume_errors: list[str] = field(default_factory=list)
    # Manatal's id of each row, to name a refused row in the report.
    ids: dict[int, str] = field(default_factory=dict)
    import_id: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class ManatalImport:
    sessions: sessionmaker[Session]
    storage: Storage
    settings: Settings
    client: ManatalClient

    def _fetch(self, page: Page, first_row: int, *, with_resumes: bool) -> Fetched:
        fetched = Fetched()
        for number, candidate in enumerate(page.results, start=first_row):
            manatal_id = records.manatal_id(candidate)
            if manatal_id is None:
                continue
            social = self.client.social_media(manatal_id)
            fetched.rows.append((number, records.row_values(candidate, social)))
            fetched.ids[number] = manatal_id
            if with_resumes:
                link = records.resume_link(self.client.resumes(manatal_id))
                if link is not None:
                    fetched.resumes[number] = link
        return fetched

    def _write(
        self, session: Session, fetched: Fetched, actor: User, report: Report
    ) -> dict[int, str]:
        """Write a page's rows; every record written keeps its Manatal id. Returns the
        candidate id of each row written."""
        linked = {
            c.manatal_id: c
            for c in session.scalars(
                select(Candidate).where(Candidate.manatal_id.in_(set(fetched.ids.values())))
            )
        }
        known = {n: linked[mid] for n, mid in fetched.ids.items() if mid in linked}
        written = import_rows(session, fetched.rows, actor, report, source=SOURCE, known=known)
        # Manatal ids already on a record, and the records holding one.
        taken, kept = set(linked), {c.id for c in linked.values()}
        for number, person in written.items():
            manatal_id = fetched.ids[number]
            # One Manatal record per person: a second record of the same person (same email)
            # leaves the first one's id in place.
            if manatal_id in taken or person.id in kept:
                continue
            if isinstance(person, Candidate):
                if person.manatal_id is not None:
                    continue
                person.manatal_id = manatal_id
            else:  # inserted by the import as a row, not an ORM object
                session.execute(
                    update(Candidate).where(Candidate.id == person.id).values(manatal_id=manatal_id)
                )
            taken.add(manatal_id)
            kept.add(person.id)
        session.flush()
        return {number: person.id for number, person in written.items()}

    def _store_resumes(
        self, fetched: Fetched, written: dict[int, str], actor: User, outcome: Outcome
    ) -> None:
        max_bytes = self.settings.max_upload_mb * MB
        for number, (url, filename) in fetched.resumes.items():
            if number not in written:
                continue
            try:
                data = self.client.download(url, max_bytes=max_bytes)
                stored = files.upload(
                    self.sessions,
                    self.storage,
                    Owner.candidate(written[number]),
                    io.BytesIO(data),
                    filename,
                    user=actor,
                    max_bytes=max_bytes,
                    kind=FileKind.resume,
                )
            except (ManatalError, HiringError) as exc:
                outcome.resume_errors.append(
                    f"Manatal candidate {fetched.ids[number]}: {exc.message}"
                )
                continue
            if not stored.duplicate:
                outcome.resumes += 1

    def run(
        self,
        actor: User,
        *,
        dry_run: bool = False,
        with_resumes: bool = True,
        on_start: Callable[[int], None] | None = None,
        on_page: Callable[[Outcome], None] | None = None,
    ) -> Outcome:
        """Import every Manatal candidate. A ManatalError before anything was written (a bad
        token) is raised; one met later stops the run, recorded as failed in ``error``."""
        pages = self.client.pages()
        first = next(pages)
        outcome = Outcome(total=first.count)
        if on_start is not None:
            on_start(first.count)
        fetch_resumes = with_resumes and not dry_run
        if dry_run:
            session = open_session(self.sessions, write=True)
            try:
                self._each_page(first, pages, outcome, on_page, fetch_resumes, session, actor)
            finally:
                end_unit_of_work(session, succeeded=False)
            return outcome
        with unit_of_work(self.sessions) as session:
            record = _start(session, actor, first.count)
            outcome.import_id = record.id
        try:
            self._each_page(first, pages, outcome, on_page, fetch_resumes, None, actor)
        except ManatalError as exc:
            outcome.error = exc.message
            self._failed(record.id, outcome.report)
            return outcome
        except BaseException:
            # Interrupted (Ctrl-C) or a bug: never left "running" for ever.
            self._failed(record.id, outcome.report)
            raise
        with unit_of_work(self.sessions) as session:
            service.finish(session, record.id, outcome.report)
        return outcome

    def _failed(self, import_id: str, report: Report) -> None:
        with unit_of_work(self.sessions) as session:
            service.recorder(import_id)(session, report.rows, report)
            service.mark(session, import_id, ImportStatus.failed)

    def _each_page(
        self,
        first: Page,
        rest: Iterator[Page],
        outcome: Outcome,
        on_page: Callable[[Outcome], None] | None,
        with_resumes: bool,
        dry_session: Session | None,
        actor: User,
    ) -> None:
        page: Page | None = first
        number = 1
        while page is not None:
            fetched = self._fetch(page, number, with_resumes=with_resumes)
            number += len(page.results)
            outcome.ids |= fetched.ids
            if dry_session is not None:
                self._write(dry_session, fetched, actor, outcome.report)
            else:
                with unit_of_work(self.sessions) as session:
                    written = self._write(session, fetched, actor, outcome.report)
                    service.recorder(str(outcome.import_id))(session, number - 1, outcome.report)
                self._store_resumes(fetched, written, actor, outcome)
            if on_page is not None:
                on_page(outcome)
            page = next(rest, None)


def _start(session: Session, actor: User, total: int) -> CandidateImport:
    """The import's record, running, shown in `GET /api/imports` like a file's."""
    options = service.ImportOptions(FILENAME, SOURCE, {}, dry_run=False)
    return service.create_import(session, actor, total, options, ImportStatus.running)
