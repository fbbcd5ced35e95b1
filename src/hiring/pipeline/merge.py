"""Pipelines when two records of one person become one (``hiring.candidates.merge``)."""

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hiring.candidates.models import Candidate
from hiring.db import utcnow
from hiring.pipeline.models import Assignment, Stage, StageChange
from hiring.pipeline.service import sync_candidate

# How far along a pipeline each stage is, for combining two entries of one person in one job:
# the further one wins, and rejected loses to every active stage and to hired.
STAGE_ORDER = {
    Stage.rejected.value: 0,
    Stage.applied.value: 1,
    Stage.screening.value: 2,
    Stage.interview.value: 3,
    Stage.offer.value: 4,
    Stage.hired.value: 5,
}


@dataclass(frozen=True)
class TakenOver:
    """Entries given to the kept record as they were, and entries combined with the kept
    record's own entry in the same job."""

    moved: int
    combined: int


def _entries(session: Session, candidate_id: str) -> list[Assignment]:
    return list(
        session.scalars(
            select(Assignment)
            .where(Assignment.candidate_id == candidate_id)
            .order_by(Assignment.id)
            .with_for_update()
        )
    )


def shared_jobs(session: Session, kept_id: str, other_id: str) -> int:
    """In how many jobs' pipelines both candidates are."""
    kept_jobs = select(Assignment.job_id).where(Assignment.candidate_id == kept_id)
    query = select(func.count()).where(
        Assignment.candidate_id == other_id, Assignment.job_id.in_(kept_jobs)
    )
    return session.scalar(query) or 0


def take_over(
    session: Session, kept: Candidate, other: Candidate, *, actor: str | None
) -> TakenOver:
    """Give ``other``'s pipeline entries to ``kept`` (both rows locked by the caller). In a
    job both are in, kept's entry stays, at the further of the two stages (``STAGE_ORDER``;
    the move to it is recorded), and the dropped entry's stage history joins its own, so
    every move stays readable. The candidate's mirror then follows its current entry."""
    kept_entries = {entry.job_id: entry for entry in _entries(session, kept.id)}
    moved = combined = 0
    for entry in _entries(session, other.id):
        same_job = kept_entries.get(entry.job_id)
        if same_job is None:
            entry.candidate_id = kept.id
            moved += 1
            continue
        session.execute(
            update(StageChange)
            .where(StageChange.assignment_id == entry.id)
            .values(assignment_id=same_job.id)
            .execution_options(synchronize_session="fetch")
        )
        if STAGE_ORDER[entry.stage] > STAGE_ORDER[same_job.stage]:
            session.add(
                StageChange(
                    assignment_id=same_job.id,
                    from_stage=same_job.stage,
                    to_stage=entry.stage,
                    actor=actor,
                )
            )
            same_job.stage = entry.stage
            same_job.rejection_reason = entry.rejection_reason
            same_job.updated_at = utcnow()
        session.delete(entry)
        combined += 1
    sync_candidate(session, kept)
    return TakenOver(moved=moved, combined=combined)
