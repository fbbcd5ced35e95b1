"""A person's data on request: one ZIP with everything held about a candidate.

``person.json`` (shape: ``PersonExport``) holds the records; ``files/<file id>-<filename>``
holds each original file byte for byte. The archive is written to a temporary file, not kept
in memory: a candidate's files may be large.
"""

import tempfile
import zipfile
from datetime import datetime
from typing import IO, Any, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hiring.activities.models import Activity
from hiring.activities.schemas import ActivityOut
from hiring.applications.models import JobApplication
from hiring.applications.schemas import ApplicationOut
from hiring.audit import service as audit
from hiring.auth.models import User
from hiring.candidates import service as candidates
from hiring.candidates.schemas import CandidateOut
from hiring.db import unit_of_work, utcnow
from hiring.filenames import sanitise_filename
from hiring.files import service as files
from hiring.files.models import StoredFile
from hiring.files.schemas import FileOut
from hiring.interviews import scorecards
from hiring.interviews import service as interviews
from hiring.interviews.schemas import InterviewOut, ScorecardOut
from hiring.notes.models import Note
from hiring.notes.schemas import NoteOut
from hiring.pipeline import service as pipeline
from hiring.pipeline.schemas import CandidateJob
from hiring.placements.models import Placement
from hiring.placements.schemas import PlacementOut
from hiring.privacy.consent import consents_of
from hiring.privacy.schemas import ConsentOut
from hiring.referrals.models import Referral
from hiring.referrals.schemas import ReferralOut
from hiring.storage import Storage

FORMAT = "hiring.person/1"
PERSON_JSON = "person.json"
# Files larger than this spill from memory to disk while the archive is written.
SPOOL_BYTES = 8 << 20
OutT = TypeVar("OutT", bound=BaseModel)


class ExportedFile(FileOut):
    path: str = Field(description="Where the original is in the archive: files/<id>-<filename>")


class Enrichment(BaseModel):
    facts: dict[str, Any] | None = Field(description="What enrichment found, as it answered")
    enriched_at: datetime | None


class PersonExport(BaseModel):
    """Everything held about one candidate, as ``person.json`` of the access export."""

    format: str = Field(default=FORMAT, description="This shape and its version")
    exported_at: datetime
    profile: CandidateOut
    enrichment: Enrichment
    pipelines: list[CandidateJob] = Field(description="Each job's pipeline with stage history")
    notes: list[NoteOut]
    activities: list[ActivityOut] = Field(description="The candidate's activity log, oldest first")
    files: list[ExportedFile]
    placements: list[PlacementOut]
    referrals: list[ReferralOut] = Field(description="Referrals of this candidate")
    applications: list[ApplicationOut] = Field(description="Applications from the careers page")
    interviews: list[InterviewOut] = Field(description="Interviews, cancelled ones included")
    scorecards: list[ScorecardOut] = Field(description="Interviewers' scorecards on them")
    consents: list[ConsentOut] = Field(description="Consents to the privacy policy, newest first")


def _rows(session: Session, model: Any, candidate_id: str, order: Any) -> list[Any]:
    """The candidate's rows of ``model``, by ``order`` then id."""
    query = select(model).where(model.candidate_id == candidate_id)
    return list(session.scalars(query.order_by(order, model.id)))


def _out(schema: type[OutT], rows: list[Any]) -> list[OutT]:
    return [schema.model_validate(row) for row in rows]


def archive_path(record: StoredFile) -> str:
    return f"files/{record.id}-{sanitise_filename(record.filename)}"


def person_record(session: Session, candidate_id: str) -> tuple[PersonExport, list[StoredFile]]:
    """The candidate's ``person.json`` content and their files (NotFound when there is none)."""
    candidate = candidates.get_candidate(session, candidate_id)
    cid = candidate.id
    stored: list[StoredFile] = _rows(session, StoredFile, cid, StoredFile.created_at)
    person = PersonExport(
        exported_at=utcnow(),
        profile=CandidateOut.model_validate(candidate),
        enrichment=Enrichment(facts=candidate.enrichment, enriched_at=candidate.enriched_at),
        pipelines=pipeline.candidate_pipelines(session, cid),
        notes=_out(NoteOut, _rows(session, Note, cid, Note.created_at)),
        activities=_out(ActivityOut, _rows(session, Activity, cid, Activity.created_at)),
        files=[
            ExportedFile(**FileOut.model_validate(f).model_dump(), path=archive_path(f))
            for f in stored
        ],
        placements=_out(PlacementOut, _rows(session, Placement, cid, Placement.start_date)),
        referrals=_out(ReferralOut, _rows(session, Referral, cid, Referral.created_at)),
        applications=_out(
            ApplicationOut, _rows(session, JobApplication, cid, JobApplication.created_at)
        ),
        interviews=interviews.outs(session, interviews.for_candidate(session, cid)),
        scorecards=[
            scorecards.scorecard_out(scorecard, email)
            for scorecard, _interview, email in scorecards.candidate_scorecards_rows(session, cid)
        ],
        consents=_out(ConsentOut, consents_of(session, cid)),
    )
    return person, stored


def export_person(session: Session, storage: Storage, candidate_id: str) -> IO[bytes]:
    """The access export of a candidate as a ZIP in a temporary file, read from its start;
    the caller closes it (which removes it)."""
    person, stored = person_record(session, candidate_id)
    return _write_archive(storage, person, stored)


def _write_archive(storage: Storage, person: PersonExport, stored: list[StoredFile]) -> IO[bytes]:
    archive = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned open)
    try:
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr(PERSON_JSON, person.model_dump_json(indent=2))
            for record in stored:
                with bundle.open(archive_path(record), "w", force_zip64=True) as target:
                    for chunk in files.open_content(storage, record):
                        target.write(chunk)
    except BaseException:
        archive.close()
        raise
    archive.seek(0)
    return archive


def audited_export_person(
    sessions: sessionmaker[Session],
    storage: Storage,
    candidate_id: str,
    *,
    actor: User,
    ip: str | None,
) -> IO[bytes]:
    """:func:`export_person`, then the export in the audit log (a short unit of work of its
    own, once the archive is built and before it leaves): the candidate's id and how many
    files went with it, never their data."""
    with unit_of_work(sessions, write=False) as session:
        person, stored = person_record(session, candidate_id)
        archive = _write_archive(storage, person, stored)
    try:
        with unit_of_work(sessions) as session:
            audit.record(
                session,
                audit.CANDIDATE_EXPORTED,
                actor=actor,
                target_type="candidate",
                target_id=candidate_id,
                ip=ip,
                details={"format": FORMAT, "files": len(stored)},
            )
    except BaseException:
        archive.close()
        raise
    return archive
