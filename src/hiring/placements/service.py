"""Placements: recording hires. Creating one moves the candidate to `hired` in that job."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import fetch_by_id, fetch_page
from hiring.errors import Invalid
from hiring.events import service as events
from hiring.jobs.models import Job
from hiring.owners import Owner
from hiring.pipeline import service as pipeline
from hiring.pipeline.models import Stage
from hiring.placements.models import Placement
from hiring.placements.schemas import (
    PlacementCreate,
    PlacementFilters,
    PlacementOut,
    PlacementUpdate,
)


def _check_terms(placement: Placement) -> None:
    """The rules that span fields, checked on the placement as it will be stored."""
    errors: list[dict[str, Any]] = []
    if placement.end_date is not None and placement.end_date <= placement.start_date:
        errors.append({"field": "end_date", "message": "end_date must be after start_date"})
    if placement.salary is not None and placement.rate is not None:
        errors.append({"field": "rate", "message": "Give a salary or a rate, not both"})
    if (placement.salary is not None or placement.rate is not None) and not placement.period:
        errors.append({"field": "period", "message": "A salary or rate needs its period"})
    if errors:
        raise Invalid("Some fields are invalid", errors)


def _log_both(
    session: Session, placement: Placement, kind: str, title: str, actor: str | None
) -> None:
    data = {"placement_id": placement.id, "job_id": placement.job_id}
    owners = [Owner.job(placement.job_id)]
    # An erased candidate's placement has no candidate left to log on.
    if placement.candidate_id is not None:
        owners.append(Owner.candidate(placement.candidate_id))
    for owner in owners:
        activities.log(session, owner, kind, title, actor=actor, data=data)


def create_placement(session: Session, data: PlacementCreate, user: User) -> Placement:
    """Record a hire and move the candidate's assignment to `hired` (creating it if needed)."""
    job = session.get(Job, data.job_id)
    if job is None:
        raise Invalid.field("job_id", "No job with this id")
    candidate = session.get(Candidate, data.candidate_id, with_for_update=True)
    if candidate is None:
        raise Invalid.field("candidate_id", "No candidate with this id")
    placement = Placement(**data.model_dump(), created_by=user.email)
    _check_terms(placement)
    session.add(placement)
    session.flush()
    pipeline.place(session, job, candidate, Stage.hired.value, actor=user.email)
    _log_both(
        session,
        placement,
        "placement_created",
        f"Placed: {candidate.name} as {job.title}",
        user.email,
    )
    _emit(session, events.PLACEMENT_CREATED, placement)
    return placement


def _emit(session: Session, event_type: str, placement: Placement) -> None:
    data = PlacementOut.model_validate(placement)
    events.emit(session, event_type, data, candidate_id=placement.candidate_id)


def get_placement(session: Session, placement_id: str, *, for_update: bool = False) -> Placement:
    return fetch_by_id(session, Placement, placement_id, what="placement", for_update=for_update)


def list_placements(
    session: Session, filters: PlacementFilters, *, limit: int, offset: int = 0
) -> tuple[list[Placement], int]:
    """Placements matching every filter, latest start first, and how many match in all."""
    where = []
    if filters.job_id:
        where.append(Placement.job_id == filters.job_id)
    if filters.candidate_id:
        where.append(Placement.candidate_id == filters.candidate_id)
    if filters.status:
        where.append(Placement.status == filters.status.value)
    if filters.product:
        where.append(
            Placement.job_id.in_(
                select(Job.id).where(func.lower(Job.product) == filters.product.strip().lower())
            )
        )
    if filters.date_from:
        where.append(Placement.start_date >= filters.date_from)
    if filters.date_to:
        where.append(Placement.start_date <= filters.date_to)
    order = (Placement.start_date.desc(), Placement.id.desc())
    return fetch_page(session, Placement, where, order, limit=limit, offset=offset)


def update_placement(
    session: Session, placement_id: str, data: PlacementUpdate, user: User
) -> Placement:
    placement = get_placement(session, placement_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    old_status = placement.status
    changed = sorted(k for k, v in changes.items() if getattr(placement, k) != v and k != "status")
    for key, value in changes.items():
        setattr(placement, key, value)
    _check_terms(placement)
    session.flush()
    if placement.status != old_status:
        _log_both(
            session,
            placement,
            "placement_status",
            f"Placement {old_status} → {placement.status}",
            user.email,
        )
    if changed:
        _log_both(
            session,
            placement,
            "placement_updated",
            f"Placement: updated {', '.join(changed)}",
            user.email,
        )
    if changed or placement.status != old_status:
        _emit(session, events.PLACEMENT_UPDATED, placement)
    return placement


def delete_placement(session: Session, placement_id: str, user: User) -> None:
    """Delete the record of a hire's terms, not the hire: the pipeline stage stays as it is,
    and the activity says so (a hire that fell through is moved by hand)."""
    placement = get_placement(session, placement_id, for_update=True)
    assignment = (
        pipeline.find_assignment(session, placement.job_id, placement.candidate_id)
        if placement.candidate_id
        else None  # the person was erased
    )
    stage = assignment.stage if assignment else None
    _log_both(
        session,
        placement,
        "placement_deleted",
        f"Placement deleted; the pipeline stays at {stage}" if stage else "Placement deleted",
        user.email,
    )
    session.delete(placement)
    session.flush()
