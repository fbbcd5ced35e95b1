"""Erasure: a person removed for good on request.

In one transaction: the candidate row and everything that is only about them (notes,
activities, files, pipeline entries, applications, interviews with their scorecards,
enrichment facts, search index and label rows) go; records the business must keep (a
placement's money, a referral's referrer) stay with the person replaced by ``ERASED_NAME``;
a job's log and stored rankings lose the name and email. The erasure itself is recorded with
ids only (who, when, why), so the id answers 404 ``erased``. The files' objects are deleted
once the transaction commits; one that cannot be deleted then is an orphan that ``hiring
files sweep`` removes later (it is logged).

SQLite keeps deleted bytes in free pages, the WAL and the full-text index's old segments:
every connection runs with ``secure_delete`` on, the erasure merges the full-text index, and
after the commit the WAL is checkpointed and truncated, so the person's data is gone from the
database's files. PostgreSQL: the rows are deleted (space is reclaimed by autovacuum).
"""

import logging
import re
from typing import Any

from sqlalchemy import ColumnElement, Engine, String, cast, event, or_, select, text
from sqlalchemy.orm import Session

from hiring.activities.models import Activity
from hiring.audit import service as audit
from hiring.auth.models import User
from hiring.candidates import removed
from hiring.candidates import service as candidates
from hiring.candidates.models import Candidate, RemovalReason, RemovedCandidate
from hiring.events import service as events
from hiring.files import service as files
from hiring.owners import Owner
from hiring.pipeline.models import Assignment
from hiring.placements.models import Placement
from hiring.privacy.schemas import ErasureOut
from hiring.ranking.models import RecommendationRun
from hiring.referrals.models import Referral
from hiring.storage import Storage
from hiring.webhooks import service as webhooks

log = logging.getLogger("hiring.privacy")


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the WAL into the database file and truncate it, on a connection of its
    own outside any transaction (a checkpoint cannot run inside one)."""
    connection = engine.raw_connection()
    try:
        busy, _frames, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        connection.close()
    if busy:
        # Readers kept older pages in use; the next checkpoint (SQLite's automatic one, or
        # the next erasure's) finishes the job.
        log.warning("The WAL could not be fully checkpointed after an erasure")


def _needles(candidate: Candidate) -> list[re.Pattern[str]]:
    """What identifies the person in text others wrote about them: name and email."""
    values = (candidate.name, candidate.email)
    return [re.compile(re.escape(v.strip()), re.IGNORECASE) for v in values if v and v.strip()]


def scrubbed(value: Any, needles: list[re.Pattern[str]]) -> Any:
    """``value`` (text, or JSON made of lists and objects) with each needle replaced."""
    if isinstance(value, str):
        for needle in needles:
            value = needle.sub(removed.ERASED_NAME, value)
        return value
    if isinstance(value, list):
        return [scrubbed(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: scrubbed(item, needles) for key, item in value.items()}
    return value


def _mentions(column: Any, ids: list[str]) -> ColumnElement[bool]:
    """JSON ``column`` holds any of ``ids`` (as text: the same on SQLite and PostgreSQL)."""
    as_text = cast(column, String)
    return or_(*(as_text.contains(i, autoescape=True) for i in ids))


def _scrub_job_logs(
    session: Session, candidate_id: str, kept: list[str], needles: list[re.Pattern[str]]
) -> None:
    """Jobs' activities about the person (naming them, their placements or referrals) keep
    what happened, without the name or email."""
    job_ids = select(Assignment.job_id).where(Assignment.candidate_id == candidate_id)
    about = session.scalars(
        select(Activity).where(
            Activity.job_id.is_not(None),
            or_(Activity.job_id.in_(job_ids), _mentions(Activity.data, [candidate_id, *kept])),
        )
    )
    for activity in about:
        activity.title = scrubbed(activity.title, needles)
        activity.body = scrubbed(activity.body, needles)
        activity.data = scrubbed(activity.data, needles)


def _scrub_rankings(session: Session, candidate_id: str) -> None:
    """Stored recommendation runs drop the person's entry."""
    runs = session.scalars(
        select(RecommendationRun).where(_mentions(RecommendationRun.results, [candidate_id]))
    )
    for run in runs:
        items = run.results.get("recommendations", [])
        run.results = run.results | {
            "recommendations": [i for i in items if i.get("candidate_id") != candidate_id]
        }


def _anonymise_kept_records(
    session: Session, candidate_id: str, needles: list[re.Pattern[str]]
) -> list[str]:
    """Placements and referrals stay for the business, unlinked from the person and with
    their name and email taken out of the notes; returns their ids."""
    kept: list[Placement | Referral] = [
        *session.scalars(select(Placement).where(Placement.candidate_id == candidate_id)),
        *session.scalars(select(Referral).where(Referral.candidate_id == candidate_id)),
    ]
    for row in kept:
        row.candidate_id = None
        row.notes = scrubbed(row.notes, needles)
    return [row.id for row in kept]


def erase_person(
    session: Session, storage: Storage, candidate_id: str, reason: str, user: User | None
) -> RemovedCandidate:
    """Erase the candidate (see the module's description); returns the erasure's record.
    Erasing an erased id again changes nothing and answers the first erasure. Without a
    ``user`` the erasure is the retention run's (``RETENTION_LABEL`` in the audit log)."""
    earlier = removed.removal_of(session, candidate_id)
    if earlier is not None and earlier.reason == RemovalReason.erased:
        return earlier
    candidate = candidates.get_candidate(session, candidate_id, for_update=True)
    needles = _needles(candidate)
    kept = _anonymise_kept_records(session, candidate.id, needles)
    _scrub_job_logs(session, candidate.id, kept, needles)
    _scrub_rankings(session, candidate.id)
    files.forget_owner_files(session, storage, Owner.candidate(candidate.id))
    session.delete(candidate)
    session.flush()
    events.forget_person(session, candidate.id)
    webhooks.forget_person(session, candidate.id)
    events.emit(session, events.CANDIDATE_ERASED, {"id": candidate.id}, candidate_id=candidate.id)
    removed.record_removal(
        session,
        candidate.id,
        RemovalReason.erased,
        removed_by=user.id if user else None,
        reason_text=reason,
    )
    # Ids only: the reason is free text and may name the person.
    audit.record(
        session,
        audit.CANDIDATE_ERASED,
        actor=user,
        target_type="candidate",
        target_id=candidate.id,
        label=None if user else audit.RETENTION_LABEL,
    )
    engine = session.get_bind().engine
    if engine.dialect.name == "sqlite":
        # A full-text delete only marks the old entries; merging the index drops them.
        session.execute(text("INSERT INTO candidates_fts(candidates_fts) VALUES ('optimize')"))
        event.listen(session, "after_commit", lambda _committed: checkpoint(engine), once=True)
    return session.get_one(RemovedCandidate, candidate.id)


def erasure_out(record: RemovedCandidate) -> ErasureOut:
    return ErasureOut(
        id=record.id,
        erased_at=record.removed_at,
        erased_by=record.removed_by,
        reason=record.reason_text,
    )
