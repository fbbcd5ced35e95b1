"""Public applications as the API and the careers page run them: the resume is stored and
read with no transaction open (see ``files.usecases``), then the application is taken in one
short unit of work."""

from contextlib import nullcontext
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy.orm import Session, sessionmaker

from hiring.applications import service
from hiring.applications.schemas import Application, ApplicationChannel
from hiring.candidates import duplicates
from hiring.candidates import service as candidates
from hiring.db import unit_of_work
from hiring.files import service as files
from hiring.jobs.service import get_open_job
from hiring.owners import Owner
from hiring.privacy.consent import ConsentTerms, require_consent
from hiring.storage import Storage


@dataclass(frozen=True)
class ResumeUpload:
    """A resume file sent with an application, and where to keep it."""

    source: BinaryIO
    filename: str | None
    storage: Storage
    max_bytes: int


@dataclass(frozen=True)
class Taken:
    job_id: str
    job_title: str


def apply(
    sessions: sessionmaker[Session],
    job_id: str,
    application: Application,
    channel: ApplicationChannel,
    resume: ResumeUpload | None = None,
    *,
    terms: ConsentTerms | None = None,
) -> Taken:
    """Apply to an open job (see ``service.apply_to_job``). A missing consent (when ``terms``
    ask for one), a closed or unknown job are refused before the resume is stored; a new
    person's resume is stored under the id they will get."""
    require_consent(application.consent, terms)
    with unit_of_work(sessions, write=False) as session:
        job = get_open_job(session, job_id)
        known, _matched_by = duplicates.find_existing(session, email=application.email)
        owner = Owner.candidate(known.id if known else candidates.new_candidate_id())
    received = None
    if resume is not None and not application.website:
        received = service.ReceivedResume(
            resume.storage,
            files.receive(
                resume.storage,
                owner,
                resume.source,
                resume.filename,
                max_bytes=resume.max_bytes,
                read_resume=known is None,
            ),
        )
    discarded = (
        files.discarded_on_error(received.storage, received.received) if received else nullcontext()
    )
    with discarded, unit_of_work(sessions) as session:
        job = service.apply_to_job(session, job_id, application, channel, received, terms=terms)
        return Taken(job.id, job.title)
