"""Moving candidates through jobs' pipelines.

Source of truth: the ``assignments`` table says who is in which job at which stage. A
candidate's ``job_id``/``stage`` columns mirror its current assignment and are written only
by ``sync_candidate`` here, so list filters and the candidate record never disagree with it.
"""

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.candidates.models import Candidate
from hiring.db import utcnow
from hiring.errors import Conflict
from hiring.jobs.models import Job
from hiring.owners import Owner
from hiring.pipeline.models import Assignment, Stage, StageChange

CLOSED_STAGES = (Stage.hired.value, Stage.rejected.value)


def current_assignment(session: Session, candidate_id: str) -> Assignment | None:
    """The most recently moved assignment that is not rejected; else the latest rejected one."""
    return session.scalar(
        select(Assignment)
        .where(Assignment.candidate_id == candidate_id)
        .order_by(
            case((Assignment.stage == Stage.rejected.value, 1), else_=0),
            Assignment.updated_at.desc(),
            Assignment.created_at.desc(),
        )
        .limit(1)
    )


def sync_candidate(session: Session, candidate: Candidate) -> None:
    """Point the candidate's mirror columns at its current assignment."""
    session.flush()
    current = current_assignment(session, candidate.id)
    if current is None:
        candidate.job_id = None
    else:
        candidate.job_id = current.job_id
        candidate.stage = current.stage
    session.flush()


def _log_move(
    session: Session,
    assignment: Assignment,
    job: Job,
    candidate: Candidate,
    from_stage: str | None,
    actor: str | None,
) -> None:
    session.add(
        StageChange(
            assignment_id=assignment.id,
            from_stage=from_stage,
            to_stage=assignment.stage,
            actor=actor,
        )
    )
    data = {
        "job_id": job.id,
        "candidate_id": candidate.id,
        "from": from_stage,
        "to": assignment.stage,
    }
    if from_stage is None:
        kind, title_c, title_j = (
            "assigned",
            f"Added to {job.title} at {assignment.stage}",
            f"{candidate.name} added at {assignment.stage}",
        )
    else:
        kind, title_c, title_j = (
            "stage_change",
            f"{job.title}: {from_stage} → {assignment.stage}",
            f"{candidate.name}: {from_stage} → {assignment.stage}",
        )
    body = assignment.rejection_reason if assignment.stage == Stage.rejected else None
    activities.log(
        session, Owner.candidate(candidate.id), kind, title_c, actor=actor, body=body, data=data
    )
    activities.log(session, Owner.job(job.id), kind, title_j, actor=actor, body=body, data=data)


def assign(
    session: Session,
    job: Job,
    candidate: Candidate,
    *,
    stage: str = Stage.applied.value,
    actor: str | None,
) -> Assignment:
    """Put a candidate into a job's pipeline; Conflict if they are already in it."""
    existing = session.scalar(
        select(Assignment).where(
            Assignment.job_id == job.id, Assignment.candidate_id == candidate.id
        )
    )
    if existing is not None:
        raise Conflict(f"{candidate.name} is already in the pipeline of {job.title}")
    assignment = Assignment(
        job_id=job.id, candidate_id=candidate.id, stage=stage, assigned_by=actor
    )
    session.add(assignment)
    session.flush()
    _log_move(session, assignment, job, candidate, None, actor)
    sync_candidate(session, candidate)
    return assignment


def move(
    session: Session,
    assignment: Assignment,
    stage: str,
    *,
    actor: str | None,
    rejection_reason: str | None = None,
) -> Assignment:
    """Move an assignment to ``stage``, recording the history and logging on both sides."""
    job = session.get_one(Job, assignment.job_id)
    candidate = session.get_one(Candidate, assignment.candidate_id)
    from_stage = assignment.stage
    if from_stage == stage and rejection_reason is None:
        return assignment
    assignment.stage = stage
    assignment.rejection_reason = rejection_reason if stage == Stage.rejected else None
    assignment.updated_at = utcnow()
    session.flush()
    if from_stage != stage:
        _log_move(session, assignment, job, candidate, from_stage, actor)
    sync_candidate(session, candidate)
    return assignment


def job_candidates(
    session: Session, job_id: str, *, limit: int, offset: int = 0, stage: str | None = None
) -> tuple[list[tuple[Assignment, Candidate]], int]:
    """A job's assignments with their candidates, most recently moved first."""
    where = [Assignment.job_id == job_id]
    if stage:
        where.append(Assignment.stage == stage)
    rows = session.execute(
        select(Assignment, Candidate)
        .join(Candidate, Candidate.id == Assignment.candidate_id)
        .where(*where)
        .order_by(Assignment.updated_at.desc(), Assignment.id)
        .limit(limit)
        .offset(offset)
    ).all()
    total = session.scalar(select(func.count()).select_from(Assignment).where(*where)) or 0
    return [(a, c) for a, c in rows], total
