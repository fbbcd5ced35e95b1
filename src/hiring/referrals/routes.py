from typing import Annotated

from fastapi import Depends, Query

from hiring.auth.deps import CurrentUser, Writer
from hiring.http import (
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.referrals import service
from hiring.referrals.models import ReferralStatus
from hiring.referrals.schemas import ReferralCreate, ReferralFilters, ReferralOut, ReferralUpdate

router = api_router("/api/referrals", tags=["referrals"])


def list_filters(
    status: ReferralStatus | None = None,
    job_id: Annotated[str | None, Query(max_length=40)] = None,
    referrer_email: Annotated[
        str | None, Query(max_length=320, description="Exact, any case")
    ] = None,
) -> ReferralFilters:
    return ReferralFilters(status=status, job_id=job_id, referrer_email=referrer_email)


@router.get("", response_model=ListEnvelope[ReferralOut])
def list_referrals(
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    filters: Annotated[ReferralFilters, Depends(list_filters)],
) -> dict:
    """Referrals matching every filter given, newest first, with `total`."""
    rows, total = service.list_referrals(session, filters, limit=page.limit, offset=page.offset)
    return ok_list([ReferralOut.model_validate(r) for r in rows], total)


@router.post("", response_model=Envelope[ReferralOut], status_code=201)
def create_referral(body: ReferralCreate, session: DbSession, user: Writer) -> dict:
    """Record a referral of an existing candidate (`candidate_id`) or of a new person (`name`,
    `email`, `linkedin_url`, `resume_text`: created with source `referral`). A person whose
    email or LinkedIn URL is already known is linked instead of duplicated:
    `candidate_created` is then false and `matched_by` names the field that matched."""
    return ok(ReferralOut.model_validate(service.create_referral(session, body, user)))


@router.get("/{referral_id}", response_model=Envelope[ReferralOut])
def get_referral(referral_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """One referral."""
    return ok(ReferralOut.model_validate(service.get_referral(session, referral_id)))


@router.patch("/{referral_id}", response_model=Envelope[ReferralOut])
def update_referral(
    referral_id: str, body: ReferralUpdate, session: DbSession, user: Writer
) -> dict:
    """Change the fields sent; a `status` move is logged on the candidate."""
    return ok(ReferralOut.model_validate(service.update_referral(session, referral_id, body, user)))


@router.delete("/{referral_id}", response_model=Envelope[dict])
def delete_referral(referral_id: str, session: DbSession, user: Writer) -> dict:
    """Delete a referral record (the candidate stays)."""
    service.delete_referral(session, referral_id, user)
    return ok({"id": referral_id, "deleted": True})
