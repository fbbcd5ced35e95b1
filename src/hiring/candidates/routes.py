from typing import Annotated

from fastapi import APIRouter, Depends, Query

from hiring.activities.schemas import ActivityOut
from hiring.auth.deps import CurrentUser, Writer
from hiring.candidates import service
from hiring.candidates.models import Candidate, Source
from hiring.candidates.query import CandidateFilters, CandidateSort, find_candidates
from hiring.candidates.schemas import (
    CandidateCreate,
    CandidateDetail,
    CandidateOut,
    CandidateUpdate,
)
from hiring.http import ERROR_RESPONSES, DbSession, Envelope, ListEnvelope, PageParams, ok, ok_list
from hiring.pipeline.models import Stage
from hiring.storage.deps import AppStorage
from hiring.text import MAX_SEARCH_LENGTH
from hiring.validation import DateFrom, DateTo

router = APIRouter(prefix="/api/candidates", tags=["candidates"], responses=ERROR_RESPONSES)


def list_filters(
    job_id: Annotated[
        str | None, Query(max_length=40, description="In this job's pipeline")
    ] = None,
    stage: Annotated[Stage | None, Query(description="At this stage in any pipeline")] = None,
    product: Annotated[str | None, Query(max_length=100)] = None,
    source: Source | None = None,
    location: Annotated[str | None, Query(max_length=200, description="Substring")] = None,
    has_email: Annotated[bool | None, Query(description="1: only with an email")] = None,
    date_from: Annotated[DateFrom | None, Query(description="Created on or after")] = None,
    date_to: Annotated[DateTo | None, Query(description="Created on or before")] = None,
    show_archived: Annotated[bool, Query(description="1: include archived")] = False,
    search: Annotated[
        str | None,
        Query(max_length=MAX_SEARCH_LENGTH, description="Name, email, company, title"),
    ] = None,
) -> CandidateFilters:
    return CandidateFilters(
        job_id=job_id,
        stage=stage,
        product=product,
        source=source,
        location=location,
        has_email=has_email,
        date_from=date_from,
        date_to=date_to,
        show_archived=show_archived,
        search=search,
    )


@router.get("", response_model=ListEnvelope[CandidateOut])
def list_candidates(
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    filters: Annotated[CandidateFilters, Depends(list_filters)],
    sort: CandidateSort = CandidateSort.created_at,
) -> dict:
    """Candidates matching every filter given, newest first by default, with `total`."""
    rows, total = find_candidates(session, filters, limit=page.limit, offset=page.offset, sort=sort)
    return ok_list([CandidateOut.model_validate(c) for c in rows], total)


def _detail(session: DbSession, candidate: Candidate) -> CandidateDetail:
    acts, total = service.candidate_activities(session, candidate.id)
    return CandidateDetail(
        **CandidateOut.model_validate(candidate).model_dump(),
        enrichment=candidate.enrichment,
        activities=[ActivityOut.model_validate(a) for a in acts],
        activities_total=total,
    )


@router.get("/{candidate_id}", response_model=Envelope[CandidateDetail])
def get_candidate(candidate_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """A candidate with every field and its latest activities (newest first)."""
    return ok(_detail(session, service.get_candidate(session, candidate_id)))


@router.post("", response_model=Envelope[CandidateDetail], status_code=201)
def create_candidate(body: CandidateCreate, session: DbSession, user: Writer) -> dict:
    """Create a candidate (defaults: source direct, stage applied). With `job_id` the
    candidate enters that job's pipeline, and takes the job's product unless one is given."""
    return ok(_detail(session, service.create_candidate(session, body, user)))


@router.patch("/{candidate_id}", response_model=Envelope[CandidateDetail])
def update_candidate(
    candidate_id: str, body: CandidateUpdate, session: DbSession, user: Writer
) -> dict:
    """Change the fields sent. `stage` moves the current pipeline assignment; `archived_at`
    archives (a timestamp) or restores (null)."""
    return ok(_detail(session, service.update_candidate(session, candidate_id, body, user)))


@router.delete("/{candidate_id}", response_model=Envelope[dict])
def delete_candidate(
    candidate_id: str, session: DbSession, _user: Writer, storage: AppStorage
) -> dict:
    """Delete a candidate and everything about them: notes, files, assignments, activities."""
    service.delete_candidate(session, candidate_id, storage)
    return ok({"id": candidate_id, "deleted": True})
