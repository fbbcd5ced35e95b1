"""Candidate ids that no longer name a record: merged into another, or erased. Looking one up
answers 404 saying why, and for a merge which record to follow."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from hiring.candidates.models import RemovalReason, RemovedCandidate
from hiring.errors import NotFound

# What records kept for the business (placements, referrals, a job's log) say in place of an
# erased person.
ERASED_NAME = "Erased candidate"
# A merge chain (a into b, later b into c) is followed this far at most.
MAX_MERGE_HOPS = 20


class CandidateRemoved(NotFound):
    """404 for a removed candidate; the code is the reason (``merged`` or ``erased``)."""

    def __init__(self, candidate_id: str, reason: str, merged_into: str | None) -> None:
        if reason == RemovalReason.merged and merged_into:
            message = f"Candidate {candidate_id} was merged into {merged_into}"
            details = [{"field": "id", "message": message, "merged_into": merged_into}]
        else:
            message = f"Candidate {candidate_id} was erased"
            details = [{"field": "id", "message": message}]
        super().__init__(message, details)
        self.code = reason
        self.merged_into = merged_into


def record_removal(
    session: Session,
    candidate_id: str,
    reason: RemovalReason,
    *,
    removed_by: str | None,
    merged_into: str | None = None,
    reason_text: str | None = None,
) -> None:
    """Remember that ``candidate_id`` is gone; records merged into it now point further on."""
    if merged_into is not None:
        earlier = select(RemovedCandidate).where(RemovedCandidate.merged_into == candidate_id)
        for row in session.scalars(earlier):
            row.merged_into = merged_into
    existing = session.get(RemovedCandidate, candidate_id)
    if existing is None:
        session.add(
            RemovedCandidate(
                id=candidate_id,
                reason=reason.value,
                merged_into=merged_into,
                removed_by=removed_by,
                reason_text=reason_text,
            )
        )
    session.flush()


def removal_of(session: Session, candidate_id: str) -> RemovedCandidate | None:
    return session.get(RemovedCandidate, candidate_id)


def not_found(session: Session, candidate_id: str) -> NotFound:
    """The error for a candidate id with no record: why it is gone, when it is known."""
    removed = removal_of(session, candidate_id)
    if removed is None:
        return NotFound("No such candidate")
    return CandidateRemoved(candidate_id, removed.reason, removed.merged_into)
