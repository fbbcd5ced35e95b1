from typing import Annotated

from fastapi import Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import Field

from hiring.activities.schemas import ActivityOut
from hiring.auth.deps import CurrentUser, Writer
from hiring.candidates import duplicates, export, merge, service
from hiring.candidates.filters import ArchivedFilter, CandidateFilters, CandidateSort, LabelMode
from hiring.candidates.models import Candidate, Origin, Source
from hiring.candidates.params import filters_from_params
from hiring.candidates.query import find_candidates
from hiring.candidates.schemas import (
    CandidateCreate,
    CandidateDetail,
    CandidateOut,
    CandidateUpdate,
    LikelyDuplicateOut,
    MergeOut,
    MergeRequest,
)
from hiring.db import as_dicts, utcnow
from hiring.deps import AppStorage, ClientAddress, Sessions
from hiring.http import (
    CountedListEnvelope,
    DbSession,
    Envelope,
    ErrorEnvelope,
    PageParams,
    api_router,
    csv_download,
    ok,
    ok_counted,
)
from hiring.pipeline.models import Stage
from hiring.privacy.consent import consents_of
from hiring.privacy.schemas import ConsentOut
from hiring.text import MAX_SEARCH_LENGTH
from hiring.validation import DateFrom, DateTo

router = api_router("/api/candidates", tags=["candidates"])

# A label as a query parameter: the filter object's length limit, declared where the schema
# shows it (a blank one is ignored).
LabelParam = Annotated[str, Field(max_length=100)]

ListSort = Annotated[
    CandidateSort,
    Query(description="`relevance` (best match first) needs `search`, else the default"),
]


async def list_filters(
    job_id: Annotated[
        str | None, Query(max_length=40, description="In this job's pipeline")
    ] = None,
    stage: Annotated[
        list[Stage] | None, Query(description="At this stage in any pipeline (repeat: any of)")
    ] = None,
    product: Annotated[str | None, Query(max_length=100)] = None,
    source: Annotated[list[Source] | None, Query(description="Repeat: any of")] = None,
    location: Annotated[str | None, Query(max_length=200, description="Substring")] = None,
    has_email: Annotated[bool | None, Query(description="1: with an email, 0: without")] = None,
    has_phone: Annotated[bool | None, Query(description="1: with a phone, 0: without")] = None,
    date_from: Annotated[DateFrom | None, Query(description="Created on or after")] = None,
    date_to: Annotated[DateTo | None, Query(description="Created on or before")] = None,
    updated_from: Annotated[DateFrom | None, Query(description="Updated on or after")] = None,
    show_archived: Annotated[bool, Query(description="1: include archived")] = False,
    archived: Annotated[
        ArchivedFilter | None,
        Query(description="exclude (default), include or only; overrides show_archived"),
    ] = None,
    skills: Annotated[list[LabelParam] | None, Query(description="Repeat; see skills_mode")] = None,
    skills_mode: LabelMode = LabelMode.any,
    tags: Annotated[list[LabelParam] | None, Query(description="Repeat; see tags_mode")] = None,
    tags_mode: LabelMode = LabelMode.any,
    languages: Annotated[
        list[LabelParam] | None, Query(description="Repeat; languages_mode")
    ] = None,
    languages_mode: LabelMode = LabelMode.any,
    rating_min: Annotated[int | None, Query(ge=1, le=5, description="Rated at least")] = None,
    search: Annotated[
        str | None,
        Query(
            max_length=MAX_SEARCH_LENGTH,
            description='Full text: each word a word prefix, all required; "exact phrase"',
        ),
    ] = None,
) -> CandidateFilters:
    """The list's query parameters as the candidate filter object. They are declared here
    for the documentation and parsed by FastAPI; the object is built by the translator the
    portal uses too (``hiring.candidates.params``)."""
    return filters_from_params(
        {
            "job_id": job_id,
            "stage": stage,
            "product": product,
            "source": source,
            "location": location,
            "has_email": has_email,
            "has_phone": has_phone,
            "date_from": date_from,
            "date_to": date_to,
            "updated_from": updated_from,
            "show_archived": show_archived,
            "archived": archived,
            "skills": skills,
            "skills_mode": skills_mode,
            "tags": tags,
            "tags_mode": tags_mode,
            "languages": languages,
            "languages_mode": languages_mode,
            "rating_min": rating_min,
            "search": search,
        }
    )


@router.get("", response_model=CountedListEnvelope[CandidateOut])
def list_candidates(
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    filters: Annotated[CandidateFilters, Depends(list_filters)],
    sort: ListSort = CandidateSort.created_at,
) -> dict:
    """Candidates matching every filter given, newest first by default, with `total` (an
    estimate beyond 10,000 matches on PostgreSQL: see `total_exact`)."""
    rows, total = find_candidates(session, filters, limit=page.limit, offset=page.offset, sort=sort)
    return ok_counted(as_dicts(rows), total.count, exact=total.exact)


# Before `/{candidate_id}`: `export` is not a candidate's id.
@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV, one row per candidate"}},
)
def export_candidates(
    sessions: Sessions,
    user: CurrentUser,
    ip: ClientAddress,
    filters: Annotated[CandidateFilters, Depends(list_filters)],
    sort: ListSort = CandidateSort.created_at,
) -> StreamingResponse:
    """Every candidate matching the list's filters, in the list's order (`relevance`: the
    default order), as a CSV file (UTF-8 with a byte order mark), streamed. Columns are the
    API's field names; lists are joined with `; `, dates are ISO 8601. A cell a spreadsheet
    would run as a formula (starting with = + - @, tab or CR) is prefixed with `'`, except a
    valid phone number in `phone`. Any role that reads candidates may export them."""
    rows = export.audited_export(sessions, filters, sort, actor=user, ip=ip)
    return csv_download(rows, export.export_filename(utcnow().date()))


def _detail(session: DbSession, candidate: Candidate) -> CandidateDetail:
    acts, total = service.candidate_activities(session, candidate.id)
    return CandidateDetail(
        **CandidateOut.model_validate(candidate).model_dump(),
        enrichment=candidate.enrichment,
        activities=[ActivityOut.model_validate(a) for a in acts],
        activities_total=total,
        consents=[ConsentOut.model_validate(c) for c in consents_of(session, candidate.id)],
    )


@router.get("/{candidate_id}", response_model=Envelope[CandidateDetail])
def get_candidate(candidate_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """A candidate with every field and its latest activities (newest first)."""
    return ok(_detail(session, service.get_candidate(session, candidate_id)))


AllowDuplicate = Annotated[
    bool,
    Query(description="true: keep going when another candidate has this email or LinkedIn"),
]


@router.post(
    "",
    response_model=Envelope[CandidateDetail],
    status_code=201,
    responses={409: {"model": ErrorEnvelope, "description": "`duplicate`: names the match"}},
)
def create_candidate(
    body: CandidateCreate, session: DbSession, user: Writer, allow_duplicate: AllowDuplicate = False
) -> dict:
    """Create a candidate (defaults: source direct, stage applied). With `job_id` the
    candidate enters that job's pipeline, and takes the job's product unless one is given.
    An email or LinkedIn profile that a non-archived candidate already has is a 409
    `duplicate` naming that candidate's id, unless `allow_duplicate=true`."""
    created = service.create_candidate(
        session, body, user, origin=Origin.api, allow_duplicate=allow_duplicate
    )
    return ok(_detail(session, created))


@router.patch(
    "/{candidate_id}",
    response_model=Envelope[CandidateDetail],
    responses={409: {"model": ErrorEnvelope, "description": "`duplicate`: names the match"}},
)
def update_candidate(
    candidate_id: str,
    body: CandidateUpdate,
    session: DbSession,
    user: Writer,
    allow_duplicate: AllowDuplicate = False,
) -> dict:
    """Change the fields sent. `stage` moves the current pipeline assignment; `archived_at`
    archives (a timestamp) or restores (null). A new email or LinkedIn profile that another
    non-archived candidate has is a 409 `duplicate`, unless `allow_duplicate=true`."""
    updated = service.update_candidate(
        session, candidate_id, body, user, allow_duplicate=allow_duplicate
    )
    return ok(_detail(session, updated))


@router.get("/{candidate_id}/duplicates", response_model=Envelope[list[LikelyDuplicateOut]])
def candidate_duplicates(candidate_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """Other records that are likely the same person, most likely first: those sharing the
    email, LinkedIn profile or phone number (normalised), or the name at the same company,
    with the reasons and a score from 0 to 1."""
    candidate = service.get_candidate(session, candidate_id)
    found = duplicates.likely_duplicates(session, candidate)
    return ok([LikelyDuplicateOut.model_validate(d) for d in found])


@router.post(
    "/{candidate_id}/merge",
    response_model=Envelope[MergeOut],
    responses={
        404: {
            "model": ErrorEnvelope,
            "description": "`not_found`, or `merged` (`details[0].merged_into`: where it went)",
        },
        422: {"model": ErrorEnvelope, "description": "Merging a record with itself"},
    },
)
def merge_candidates(
    candidate_id: str, body: MergeRequest, session: DbSession, user: Writer, storage: AppStorage
) -> dict:
    """Fold the record `other_id` into this one, in one transaction. Empty fields are filled
    from the other (labels: case-insensitive union), filled ones never overwritten: the
    differing values are listed in `conflicts`. Notes, files (the same bytes kept once),
    activities, pipeline entries (two in one job: one, at the further stage; rejected loses),
    placements, referrals and applications move over; `created_at` becomes the earlier of
    the two. The other id then answers 404 `merged` with `details[0].merged_into`."""
    merged = merge.merge_candidates(session, candidate_id, body.other_id, user, storage)
    return ok(MergeOut.model_validate(merged))


@router.delete("/{candidate_id}", response_model=Envelope[dict])
def delete_candidate(
    candidate_id: str, session: DbSession, _user: Writer, storage: AppStorage
) -> dict:
    """Delete a candidate and everything about them: notes, files, assignments, activities."""
    service.delete_candidate(session, candidate_id, storage)
    return ok({"id": candidate_id, "deleted": True})
