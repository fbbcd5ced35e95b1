"""Moving candidates through jobs' pipelines.

Source of truth: the ``assignments`` table says who is in which job at which stage. A
candidate's ``job_id``/``stage`` columns mirror its current assignment and are written only
by ``sync_candidate`` here, so list filters and the candidate record never disagree with it.

Locking: every write locks the candidate row first, then the assignment row, so concurrent
moves of one assignment queue up (PostgreSQL ``FOR UPDATE``; SQLite writers already serialise
at ``BEGIN IMMEDIATE``) and each move starts from the stage the previous one left.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.candidates.models import Candidate
from hiring.candidates.stages import refresh_stage_bits
from hiring.db import utcnow
from hiring.errors import Conflict, Invalid, NotFound
from hiring.events import service as events
from hiring.jobs.models import Job
from hiring.owners import Owner
from hiring.pipeline.models import Assignment, Stage, StageChange
from hiring.pipeline.schemas import AssignmentOut, CandidateJob, StageChangeOut

CLOSED_STAGES = (Stage.hired.value, Stage.rejected.value)


def lock_candidate(session: Session, candidate_id: str) -> Candidate:
    """Lock the candidate row (and re-read it). Flows that add rows referring to a candidate
    and then move it call this first: the references' key-share locks would otherwise
    deadlock against a concurrent flow's lock on PostgreSQL."""
    session.flush()
    return session.get_one(Candidate, candidate_id, with_for_update=True, populate_existing=True)


def lock_existing(session: Session, candidate_ids: Sequence[str]) -> dict[str, Candidate]:
    """Lock (and re-read) those of the candidates that exist, in id order: every bulk write
    locks in this one order, so two of them never deadlock."""
    session.flush()
    rows = session.scalars(
        select(Candidate)
        .where(Candidate.id.in_(candidate_ids))
        .order_by(Candidate.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {candidate.id: candidate for candidate in rows}


def lock_candidates(session: Session, candidate_ids: Sequence[str]) -> list[Candidate]:
    """Lock many candidates for a bulk change (in id order, like ``bulk_move``) and return
    them in the order asked, once each; NotFound, before anything changes, if one is unknown."""
    wanted = list(dict.fromkeys(candidate_ids))
    known = lock_existing(session, wanted)
    missing = [
        {"field": f"candidate_ids.{index}", "message": f"{candidate_id}: no such candidate"}
        for index, candidate_id in enumerate(wanted)
        if candidate_id not in known
    ]
    if missing:
        raise NotFound("No such candidate", missing)
    return [known[candidate_id] for candidate_id in wanted]


def _lock_assignment(session: Session, assignment: Assignment) -> None:
    """Lock and re-read the row; NotFound when a concurrent unassign removed it."""
    try:
        session.refresh(assignment, with_for_update=True)
    except InvalidRequestError as exc:
        raise NotFound("This candidate is no longer in this job's pipeline") from exc


def find_assignment(session: Session, job_id: str, candidate_id: str) -> Assignment | None:
    return session.scalar(
        select(Assignment).where(
            Assignment.job_id == job_id, Assignment.candidate_id == candidate_id
        )
    )


def get_assignment(session: Session, job_id: str, candidate_id: str) -> Assignment:
    """The assignment of a candidate to a job; NotFound when the candidate is not in it."""
    assignment = find_assignment(session, job_id, candidate_id)
    if assignment is None:
        raise NotFound("This candidate is not in this job's pipeline")
    return assignment


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
    """Point the candidate's mirror columns at its current assignment, and its stage bits at
    every stage it is at."""
    session.flush()
    current = current_assignment(session, candidate.id)
    if current is None:
        candidate.job_id = None
    else:
        candidate.job_id = current.job_id
        candidate.stage = current.stage
    refresh_stage_bits(session, [candidate.id])


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
    lock_candidate(session, candidate.id)
    existing = find_assignment(session, job.id, candidate.id)
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
    """Move an assignment to ``stage``, recording the history and logging on both sides.

    The rows are locked and re-read first, so ``from`` is the stage a concurrent move left."""
    candidate = lock_candidate(session, assignment.candidate_id)
    _lock_assignment(session, assignment)
    job = session.get_one(Job, assignment.job_id)
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
    if from_stage != stage:
        stage_changed(session, candidate, job.id, from_stage, stage, actor)
    return assignment


def stage_changed(
    session: Session,
    candidate: Candidate,
    job_id: str | None,
    from_stage: str | None,
    to_stage: str,
    actor: str | None,
) -> None:
    """The ``candidate.stage_changed`` event: the candidate, and the move (``job_id`` null
    for a candidate outside any pipeline)."""
    move = {"job_id": job_id, "from": from_stage, "to": to_stage, "by": actor}
    events.candidate_changed(session, events.CANDIDATE_STAGE_CHANGED, candidate, stage_change=move)


def place(
    session: Session, job: Job, candidate: Candidate, stage: str, *, actor: str | None
) -> Assignment:
    """Make sure the candidate is in the job's pipeline at ``stage``: move the assignment,
    or create it at ``stage`` when there is none."""
    existing = find_assignment(session, job.id, candidate.id)
    if existing is None:
        return assign(session, job, candidate, stage=stage, actor=actor)
    return move(session, existing, stage, actor=actor)


def ensure_assigned(
    session: Session, job: Job, candidate: Candidate, *, actor: str | None
) -> Assignment:
    """The candidate's assignment to the job, created at ``applied`` when missing (never moved)."""
    existing = find_assignment(session, job.id, candidate.id)
    return existing or assign(session, job, candidate, actor=actor)


def unassign(session: Session, assignment: Assignment, *, actor: str | None) -> None:
    """Take a candidate out of a job's pipeline (its history goes with it), log it on both
    sides and point the candidate's mirror at its next current assignment."""
    candidate = lock_candidate(session, assignment.candidate_id)
    _lock_assignment(session, assignment)
    job = session.get_one(Job, assignment.job_id)
    data = {"job_id": job.id, "candidate_id": candidate.id, "stage": assignment.stage}
    session.delete(assignment)
    activities.log(
        session,
        Owner.candidate(candidate.id),
        "unassigned",
        f"Removed from {job.title}",
        actor=actor,
        data=data,
    )
    activities.log(
        session,
        Owner.job(job.id),
        "unassigned",
        f"{candidate.name} removed from the pipeline",
        actor=actor,
        data=data,
    )
    sync_candidate(session, candidate)


def bulk_move(
    session: Session,
    job: Job,
    candidate_ids: Sequence[str],
    stage: str,
    *,
    actor: str | None,
    rejection_reason: str | None = None,
) -> list[Assignment]:
    """Move many of a job's candidates to ``stage``: all of them, or none (Invalid lists every
    refused id in ``details``)."""
    wanted = list(dict.fromkeys(candidate_ids))
    # Lock in one order (candidates, then assignments, by id) so bulk moves never deadlock.
    known = set(lock_existing(session, wanted))
    found = {
        a.candidate_id: a
        for a in session.scalars(
            select(Assignment)
            .where(Assignment.job_id == job.id, Assignment.candidate_id.in_(known))
            .order_by(Assignment.id)
            .with_for_update()
        )
    }
    errors: list[dict[str, Any]] = []
    for index, candidate_id in enumerate(wanted):
        if candidate_id not in known:
            message = f"{candidate_id}: no such candidate"
        elif candidate_id not in found:
            message = f"{candidate_id}: not in this job's pipeline"
        else:
            continue
        errors.append({"field": f"candidate_ids.{index}", "message": message})
    if errors:
        raise Invalid(
            f"{len(errors)} of {len(wanted)} candidates cannot be moved; none were", errors
        )
    return [
        move(session, found[cid], stage, actor=actor, rejection_reason=rejection_reason)
        for cid in wanted
    ]


def bulk_assign(
    session: Session, job: Job, candidate_ids: Sequence[str], *, actor: str | None
) -> list[Assignment]:
    """Make sure each candidate is in the job's pipeline (``ensure_assigned``: added at
    ``applied``, never moved), locking like ``bulk_move``; all or none. Returns the
    assignments it created (those already in the pipeline are left as they are)."""
    candidates = lock_candidates(session, candidate_ids)
    already = set(
        session.scalars(
            select(Assignment.candidate_id)
            .where(
                Assignment.job_id == job.id,
                Assignment.candidate_id.in_([c.id for c in candidates]),
            )
            .order_by(Assignment.id)
            .with_for_update()
        )
    )
    assignments = [ensure_assigned(session, job, c, actor=actor) for c in candidates]
    return [a for a in assignments if a.candidate_id not in already]


def stage_counts(session: Session, job_id: str) -> dict[str, int]:
    """How many of a job's candidates are at each stage; every stage is present."""
    rows = session.execute(
        select(Assignment.stage, func.count())
        .where(Assignment.job_id == job_id)
        .group_by(Assignment.stage)
    ).all()
    counts = {stage.value: 0 for stage in Stage}
    counts.update({stage: n for stage, n in rows})
    return counts


def stage_history(session: Session, assignment_ids: Sequence[str]) -> dict[str, list[StageChange]]:
    """Each assignment's moves, oldest first."""
    history: dict[str, list[StageChange]] = {aid: [] for aid in assignment_ids}
    if assignment_ids:
        changes = session.scalars(
            select(StageChange)
            .where(StageChange.assignment_id.in_(assignment_ids))
            .order_by(StageChange.created_at, StageChange.id)
        )
        for change in changes:
            history[change.assignment_id].append(change)
    return history


def in_stage_since(session: Session, assignments: Sequence[Assignment]) -> dict[str, datetime]:
    """When each assignment reached its current stage: its last move, else when it was made
    (an assignment added at a stage has no move)."""
    ids = [assignment.id for assignment in assignments]
    moved: dict[str, datetime] = {}
    if ids:
        rows = session.execute(
            select(StageChange.assignment_id, func.max(StageChange.created_at))
            .where(StageChange.assignment_id.in_(ids))
            .group_by(StageChange.assignment_id)
        )
        moved = {assignment_id: at for assignment_id, at in rows}
    return {a.id: moved.get(a.id, a.created_at) for a in assignments}


def candidate_jobs(session: Session, candidate_id: str) -> list[tuple[Assignment, Job]]:
    """A candidate's assignments with their jobs, most recently moved first."""
    rows = session.execute(
        select(Assignment, Job)
        .join(Job, Job.id == Assignment.job_id)
        .where(Assignment.candidate_id == candidate_id)
        .order_by(Assignment.updated_at.desc(), Assignment.id)
    ).all()
    return [(a, j) for a, j in rows]


def candidate_pipelines(session: Session, candidate_id: str) -> list[CandidateJob]:
    """A candidate's pipelines, most recently moved first, each with its job and stage history."""
    rows = candidate_jobs(session, candidate_id)
    history = stage_history(session, [a.id for a, _job in rows])
    return [
        CandidateJob(
            **AssignmentOut.model_validate(a).model_dump(),
            job_title=job.title,
            job_status=job.status,
            job_product=job.product,
            history=[StageChangeOut.model_validate(c) for c in history[a.id]],
        )
        for a, job in rows
    ]


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


def get_job_assignment(session: Session, job_id: str, assignment_id: str) -> Assignment:
    """An assignment by id, if it belongs to this job; NotFound otherwise. Not locked:
    ``move`` locks the candidate, then the assignment, in that order."""
    assignment = session.scalar(
        select(Assignment).where(Assignment.id == assignment_id, Assignment.job_id == job_id)
    )
    if assignment is None:
        raise NotFound("No such candidate in this pipeline")
    return assignment


def pipeline_sizes(session: Session, job_ids: Sequence[str]) -> dict[str, int]:
    """How many candidates are in each of these jobs' pipelines (jobs with none left out)."""
    if not job_ids:
        return {}
    rows = session.execute(
        select(Assignment.job_id, func.count())
        .where(Assignment.job_id.in_(job_ids))
        .group_by(Assignment.job_id)
    ).all()
    return {job_id: int(count) for job_id, count in rows}


def in_pipeline(session: Session, job_id: str, candidate_ids: Sequence[str]) -> set[str]:
    """Which of these candidates are in the job's pipeline."""
    if not candidate_ids:
        return set()
    query = select(Assignment.candidate_id).where(
        Assignment.job_id == job_id, Assignment.candidate_id.in_(candidate_ids)
    )
    return set(session.scalars(query))
