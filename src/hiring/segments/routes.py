from typing import Annotated

from fastapi import Query
from fastapi.responses import StreamingResponse

from hiring.auth.deps import CurrentUser, Writer
from hiring.candidates.filters import CandidateSort
from hiring.candidates.query import find_candidates
from hiring.candidates.schemas import CandidateOut
from hiring.db import as_dicts
from hiring.deps import ClientAddress, Sessions
from hiring.http import (
    CountedListEnvelope,
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    csv_download,
    ok,
    ok_counted,
    ok_list,
)
from hiring.segments import service
from hiring.segments.schemas import (
    PreviewOut,
    PreviewRequest,
    SegmentCreate,
    SegmentOut,
    SegmentUpdate,
)

router = api_router(
    "/api/candidate-segments",
    tags=["segments"],
)


@router.post("/preview", response_model=Envelope[PreviewOut])
def preview_segment(body: PreviewRequest, session: DbSession, _user: Writer) -> dict:
    """How many candidates a filter object matches, and the first 50 (newest first)."""
    rows, total = service.preview(session, body.filters)
    return ok({"total": total.count, "total_exact": total.exact, "candidates": as_dicts(rows)})


@router.get("", response_model=ListEnvelope[SegmentOut])
def list_segments(session: DbSession, page: PageParams, _user: CurrentUser) -> dict:
    """Saved segments by name, with `total`."""
    rows, total = service.list_segments(session, limit=page.limit, offset=page.offset)
    return ok_list([SegmentOut.model_validate(s) for s in rows], total)


@router.post("", response_model=Envelope[SegmentOut], status_code=201)
def create_segment(body: SegmentCreate, session: DbSession, user: Writer) -> dict:
    """Save a segment; its name must be unique (409 otherwise)."""
    return ok(SegmentOut.model_validate(service.create_segment(session, body, user)))


@router.get("/{segment_id}", response_model=Envelope[SegmentOut])
def get_segment(segment_id: str, session: DbSession, _user: CurrentUser) -> dict:
    return ok(SegmentOut.model_validate(service.get_segment(session, segment_id)))


@router.patch("/{segment_id}", response_model=Envelope[SegmentOut])
def update_segment(segment_id: str, body: SegmentUpdate, session: DbSession, _user: Writer) -> dict:
    """Change the fields sent; `filters` is validated again and replaces the old object."""
    return ok(SegmentOut.model_validate(service.update_segment(session, segment_id, body)))


@router.delete("/{segment_id}", response_model=Envelope[dict])
def delete_segment(segment_id: str, session: DbSession, _user: Writer) -> dict:
    service.delete_segment(session, segment_id)
    return ok({"id": segment_id, "deleted": True})


@router.get("/{segment_id}/candidates", response_model=CountedListEnvelope[CandidateOut])
def segment_candidates(
    segment_id: str,
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    sort: Annotated[
        CandidateSort,
        Query(description="`relevance` needs a `search` in the filters, else the default"),
    ] = CandidateSort.created_at,
) -> dict:
    """The segment's candidates now, paginated like the candidates list, with `total` and
    `total_exact`."""
    filters = service.segment_filters(service.get_segment(session, segment_id))
    rows, total = find_candidates(session, filters, limit=page.limit, offset=page.offset, sort=sort)
    return ok_counted(as_dicts(rows), total.count, exact=total.exact)


@router.get(
    "/{segment_id}/export.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV, one row per candidate"}},
)
def export_segment(
    segment_id: str, session: DbSession, sessions: Sessions, user: CurrentUser, ip: ClientAddress
) -> StreamingResponse:
    """The segment's candidates as CSV (streamed). Cells that a spreadsheet would run as a
    formula (starting with = + - @) are prefixed with a quote."""
    segment = service.get_segment(session, segment_id)
    rows = service.export_csv(sessions, segment, actor=user, ip=ip)
    return csv_download(rows, f"segment-{segment.id}.csv")
