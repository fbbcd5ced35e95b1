"""Referrals: who referred whom. A referred person who already exists is linked, not copied."""

from sqlalchemy import func
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates import duplicates
from hiring.candidates import service as candidates
from hiring.candidates.models import Candidate, Origin, Source
from hiring.candidates.schemas import CandidateCreate
from hiring.db import fetch_by_id, fetch_page
from hiring.errors import Invalid
from hiring.events import service as events
from hiring.jobs.models import Job
from hiring.owners import Owner
from hiring.pipeline import service as pipeline
from hiring.referrals.models import Referral
from hiring.referrals.schemas import ReferralCreate, ReferralFilters, ReferralOut, ReferralUpdate

PERSON_FIELDS = ("name", "email", "linkedin_url", "resume_text")


def _job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise Invalid.field("job_id", "No job with this id")
    return job


def _referred_person(
    session: Session, data: ReferralCreate, user: User
) -> tuple[Candidate, bool, str | None]:
    """The referred candidate, whether it was created now, and how an existing one matched."""
    person = {f: getattr(data, f) for f in PERSON_FIELDS if getattr(data, f) is not None}
    if data.candidate_id is not None:
        if person:
            field = next(iter(person))
            raise Invalid.field(field, "Give candidate_id or a new person's details, not both")
        candidate = session.get(Candidate, data.candidate_id)
        if candidate is None:
            raise Invalid.field("candidate_id", "No candidate with this id")
        return candidate, False, None
    existing, matched_by = duplicates.find_existing(
        session, email=data.email, linkedin_url=data.linkedin_url
    )
    if existing is not None:
        return existing, False, matched_by
    if data.name is None:
        raise Invalid.field("name", "Give candidate_id, or at least the new person's name")
    created = candidates.create_candidate(
        session, CandidateCreate(**person, source=Source.referral), user, origin=Origin.referral
    )
    return created, True, None


def create_referral(session: Session, data: ReferralCreate, user: User) -> Referral:
    """Record a referral; with ``job_id`` the candidate also enters that job's pipeline."""
    job = _job(session, data.job_id) if data.job_id is not None else None
    candidate, created, matched_by = _referred_person(session, data, user)
    pipeline.lock_candidate(session, candidate.id)
    referral = Referral(
        **data.model_dump(exclude={"candidate_id", *PERSON_FIELDS}),
        candidate_id=candidate.id,
        candidate_created=created,
        matched_by=matched_by,
        created_by=user.email,
    )
    session.add(referral)
    session.flush()
    activities.log(
        session,
        Owner.candidate(candidate.id),
        "referred",
        f"Referred by {referral.referrer_name}",
        actor=user.email,
        data={"referral_id": referral.id, "referrer_email": referral.referrer_email},
    )
    if job is not None:
        pipeline.ensure_assigned(session, job, candidate, actor=user.email)
    events.emit(
        session,
        events.REFERRAL_CREATED,
        ReferralOut.model_validate(referral),
        candidate_id=candidate.id,
    )
    return referral


def get_referral(session: Session, referral_id: str, *, for_update: bool = False) -> Referral:
    return fetch_by_id(session, Referral, referral_id, what="referral", for_update=for_update)


def list_referrals(
    session: Session, filters: ReferralFilters, *, limit: int, offset: int = 0
) -> tuple[list[Referral], int]:
    """Referrals matching every filter, newest first, and how many match in all."""
    where = []
    if filters.status:
        where.append(Referral.status == filters.status.value)
    if filters.job_id:
        where.append(Referral.job_id == filters.job_id)
    if filters.referrer_email:
        where.append(func.lower(Referral.referrer_email) == filters.referrer_email.strip().lower())
    order = (Referral.created_at.desc(), Referral.id.desc())
    return fetch_page(session, Referral, where, order, limit=limit, offset=offset)


def update_referral(
    session: Session, referral_id: str, data: ReferralUpdate, user: User
) -> Referral:
    """Apply the fields sent; a status move is an activity on the candidate."""
    referral = get_referral(session, referral_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    new_job_id = changes.get("job_id")
    job = _job(session, new_job_id) if new_job_id and new_job_id != referral.job_id else None
    # An erased candidate's referral keeps its terms; there is no one left to assign or log on.
    candidate_id = referral.candidate_id
    if job is not None and candidate_id is not None:
        pipeline.lock_candidate(session, candidate_id)
    old_status = referral.status
    for key, value in changes.items():
        setattr(referral, key, value)
    session.flush()
    if referral.status != old_status and candidate_id is not None:
        activities.log(
            session,
            Owner.candidate(candidate_id),
            "referral_status",
            f"Referral by {referral.referrer_name}: {old_status} → {referral.status}",
            actor=user.email,
            data={"referral_id": referral.id, "from": old_status, "to": referral.status},
        )
    if job is not None and candidate_id is not None:
        candidate = session.get_one(Candidate, candidate_id)
        pipeline.ensure_assigned(session, job, candidate, actor=user.email)
    return referral


def delete_referral(session: Session, referral_id: str, user: User) -> None:
    """Delete the referral record; the candidate stays."""
    referral = get_referral(session, referral_id, for_update=True)
    if referral.candidate_id is not None:
        activities.log(
            session,
            Owner.candidate(referral.candidate_id),
            "referral_deleted",
            f"Referral by {referral.referrer_name} deleted",
            actor=user.email,
            data={"referral_id": referral.id},
        )
    session.delete(referral)
    session.flush()
