"""Public applications from the careers page: one person, one candidate, one assignment.

An anonymous application never changes an existing person's record. For someone already
known (by email, any case) it only attaches itself: the pipeline entry for the job, the
resume file (a file of the candidate, stored as the applicant's), the cover note (a note by
the applicant, not by a user), and an ``applications`` row keeping what they submitted, for a
recruiter to compare and, if they choose, copy onto the record (``use_details``).
"""

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.applications.models import JobApplication
from hiring.applications.schemas import (
    DETAIL_FIELDS,
    SUBMITTED_FIELDS,
    Application,
    ApplicationChannel,
    ApplicationOut,
)
from hiring.auth.models import User
from hiring.candidates import duplicates
from hiring.candidates import service as candidates
from hiring.candidates.models import Candidate, Origin, Source
from hiring.candidates.schemas import CandidateCreate
from hiring.db import fetch_page, utcnow
from hiring.errors import NotFound
from hiring.events import service as events
from hiring.files import service as files
from hiring.files.models import FileKind
from hiring.jobs.models import Job
from hiring.jobs.service import get_open_job
from hiring.notes import service as notes
from hiring.owners import Owner
from hiring.pipeline import service as pipeline
from hiring.privacy.consent import ConsentTerms, record_consent, require_consent
from hiring.storage import Storage

# The fields a new candidate is created with, besides name and email.
NEW_CANDIDATE_FIELDS = ("phone", "linkedin_url", "resume_text")
# The form field of the resume file, on the API's multipart body and the careers page alike.
RESUME_FIELD = "resume"
# A person new to us who applied is a record that came in through that channel.
CHANNEL_ORIGINS = {
    ApplicationChannel.careers_page: Origin.careers_page,
    ApplicationChannel.api: Origin.apply_api,
}


@dataclass(frozen=True)
class ReceivedResume:
    """A resume sent with an application, stored (and read, for a person not known when it
    arrived) before the application's unit of work: see ``applications.usecases``."""

    storage: Storage
    received: files.Received


def apply_to_job(
    session: Session,
    job_id: str,
    application: Application,
    channel: ApplicationChannel,
    resume: ReceivedResume | None = None,
    *,
    terms: ConsentTerms | None = None,
) -> Job:
    """Take an application to an open job (NotFound otherwise) and return the job.

    When ``terms`` ask for consent, an application without it is refused (Invalid) and the
    consent given is kept as a row of its own (``privacy.consent``), for a known person too.

    A new person becomes a candidate filled from the application (with the id its resume was
    stored under, when one was sent). A person already known by email (any
    case) keeps their record exactly as it is: what they submitted is kept on the application.
    Either way they enter the job's pipeline at `applied` unless already in it, the resume
    (received beforehand, see ``applications.usecases``) is recorded as the candidate's file,
    read into a new candidate only, and the cover note becomes a note from the applicant. A
    filled-in honeypot (``website``) stores nothing: robots get the same answer as people."""
    require_consent(application.consent, terms)
    job = get_open_job(session, job_id)
    if application.website:
        return job
    candidate, _matched_by = duplicates.find_existing(session, email=application.email)
    new_candidate = candidate is None
    if candidate is None:
        profile = application.model_dump(
            include={"name", "email", *NEW_CANDIDATE_FIELDS}, exclude_none=True
        )
        candidate = candidates.create_candidate(
            session,
            CandidateCreate(**profile, source=Source.direct),
            None,
            origin=CHANNEL_ORIGINS[channel],
            origin_details=application.campaign(),
            candidate_id=resume.received.owner.id if resume else None,
            # A public request is matched by email only, and never told whom else we hold.
            allow_duplicate=True,
        )
    else:
        pipeline.lock_candidate(session, candidate.id)
    record = JobApplication(
        candidate_id=candidate.id,
        job_id=job.id,
        submitted=application.model_dump(include=set(SUBMITTED_FIELDS), exclude_none=True),
        new_candidate=new_candidate,
        channel=channel.value,
        utm=application.campaign() or None,
    )
    session.add(record)
    session.flush()
    if terms is not None:
        record_consent(session, candidate.id, record.id, terms)
    activities.log(
        session,
        Owner.candidate(candidate.id),
        "applied",
        f"Applied to {job.title} on the careers page",
        actor=None,
        # Only a new candidate's record was filled from the application.
        body=None if new_candidate else "The details sent are kept on the application.",
        data={"job_id": job.id, "application_id": record.id, "new_candidate": new_candidate},
    )
    pipeline.ensure_assigned(session, job, candidate, actor=None)
    if resume is not None:
        # A known person's record is never changed: their resume is kept as a file, unread.
        # The person known or not is decided here, under lock; the resume was read only if
        # they were unknown when it arrived, so a person created meanwhile stays untouched.
        received = replace(resume.received, owner=Owner.candidate(candidate.id))
        stored = files.record_upload(
            session,
            resume.storage,
            received,
            user=None,
            kind=FileKind.resume if new_candidate else FileKind.other,
            keep_resume_text=True,
        )
        record.file_id = stored.record.id
    if application.cover_note:
        notes.add_note(
            session,
            Owner.candidate(candidate.id),
            application.cover_note,
            author=f"{application.name} (cover note)",
            user=None,
            application_id=record.id,
        )
    session.flush()
    events.emit(
        session,
        events.APPLICATION_CREATED,
        ApplicationOut.model_validate(record),
        candidate_id=candidate.id,
    )
    return job


def list_applications(
    session: Session, candidate_id: str, *, limit: int, offset: int = 0
) -> tuple[list[JobApplication], int]:
    """The candidate's applications from the careers page, newest first."""
    candidates.get_candidate(session, candidate_id)
    order = (JobApplication.created_at.desc(), JobApplication.id.desc())
    where = [JobApplication.candidate_id == candidate_id]
    return fetch_page(session, JobApplication, where, order, limit=limit, offset=offset)


def get_application(session: Session, candidate_id: str, application_id: str) -> JobApplication:
    """The application, only under its own candidate: its id is not valid under another."""
    found = session.get(JobApplication, application_id)
    if found is None or found.candidate_id != candidate_id:
        raise NotFound("No such application")
    return found


def use_details(
    session: Session, candidate_id: str, application_id: str, user: User
) -> tuple[JobApplication, Candidate, list[str]]:
    """Copy what the applicant submitted (name, email, phone, LinkedIn URL, resume text; the
    fields they filled in) onto the candidate through the candidates service, which logs it.
    Returns the application, the candidate and the names of the fields changed."""
    candidate = candidates.get_candidate(session, candidate_id, for_update=True)
    record = get_application(session, candidate_id, application_id)
    details = {k: v for k, v in record.submitted.items() if k in DETAIL_FIELDS}
    changed = candidates.use_submitted_details(
        session, candidate.id, details, user, application_id=record.id
    )
    record.details_used_at = utcnow()
    record.details_used_by = user.email
    session.flush()
    return record, candidate, changed
