"""Public applications from the careers page: one person, one candidate, one assignment."""

from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.applications.schemas import Application
from hiring.candidates import service as candidates
from hiring.candidates.models import Candidate, Source
from hiring.candidates.schemas import CandidateCreate
from hiring.files import service as files
from hiring.files.models import FileKind
from hiring.jobs.models import Job
from hiring.jobs.service import get_open_job
from hiring.notes import service as notes
from hiring.owners import Owner
from hiring.pipeline import service as pipeline
from hiring.storage import Storage

FILLABLE = ("phone", "linkedin_url", "resume_text")
# The form field of the resume file, on the API's multipart body and the careers page alike.
RESUME_FIELD = "resume"


@dataclass
class ResumeUpload:
    """A resume file sent with an application, and where to keep it."""

    source: BinaryIO
    filename: str | None
    storage: Storage
    max_bytes: int


def _fill_empty(candidate: Candidate, application: Application) -> list[str]:
    """Copy the applicant's values into fields the candidate has no value for; never overwrite
    what a recruiter already knows. The names of the fields filled."""
    filled = []
    for field in FILLABLE:
        value = getattr(application, field)
        if value and not getattr(candidate, field):
            setattr(candidate, field, value)
            filled.append(field)
    return filled


def apply_to_job(
    session: Session, job_id: str, application: Application, resume: ResumeUpload | None = None
) -> Job:
    """Take an application to an open job (NotFound otherwise) and return the job.

    The candidate is matched by email (any case) or created; they enter the job's pipeline at
    `applied` unless already in it; the cover note becomes a note; a resume file is stored as
    the candidate's resume and fills only empty fields. A filled-in honeypot (``website``)
    stores nothing: robots get the same answer as people."""
    job = get_open_job(session, job_id)
    if application.website:
        return job
    candidate, _matched_by = candidates.find_existing(session, email=application.email)
    filled: list[str] = []
    if candidate is None:
        profile = application.model_dump(include={"name", "email", *FILLABLE}, exclude_none=True)
        candidate = candidates.create_candidate(
            session, CandidateCreate(**profile, source=Source.direct), None
        )
    else:
        pipeline.lock_candidate(session, candidate.id)
        filled = _fill_empty(candidate, application)
    activities.log(
        session,
        Owner.candidate(candidate.id),
        "applied",
        f"Applied to {job.title} on the careers page",
        actor=None,
        data={"job_id": job.id, "filled_fields": filled},
    )
    pipeline.ensure_assigned(session, job, candidate, actor=None)
    if resume is not None:
        files.upload(
            session,
            resume.storage,
            Owner.candidate(candidate.id),
            resume.source,
            resume.filename,
            user=None,
            max_bytes=resume.max_bytes,
            kind=FileKind.resume,
            keep_resume_text=True,
        )
    if application.cover_note:
        notes.add_note(
            session,
            Owner.candidate(candidate.id),
            application.cover_note,
            author=f"{application.name} (cover note)",
            user=None,
        )
    return job
