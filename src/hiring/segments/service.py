"""Segments: saved candidate filters, their members, previews and CSV exports. Members are
found by the one candidate query builder (``hiring.candidates.query``)."""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from hiring.auth.models import User
from hiring.candidates.export import audited_export
from hiring.candidates.filters import CandidateFilters
from hiring.candidates.query import Total, find_candidates
from hiring.db import fetch_by_id, fetch_page
from hiring.errors import Conflict
from hiring.segments.models import CandidateSegment
from hiring.segments.schemas import SegmentCreate, SegmentUpdate

PREVIEW_SIZE = 50


def stored(filters: CandidateFilters) -> dict[str, Any]:
    """The filter object as kept: JSON, without the defaults."""
    return filters.model_dump(mode="json", exclude_defaults=True)


def segment_filters(segment: CandidateSegment) -> CandidateFilters:
    return CandidateFilters.model_validate(segment.filters)


def list_segments(
    session: Session, *, limit: int, offset: int
) -> tuple[list[CandidateSegment], int]:
    order = (CandidateSegment.name, CandidateSegment.id)
    return fetch_page(session, CandidateSegment, [], order, limit=limit, offset=offset)


def get_segment(session: Session, segment_id: str) -> CandidateSegment:
    return fetch_by_id(session, CandidateSegment, segment_id, what="segment")


def _check_name_free(session: Session, name: str, segment_id: str | None = None) -> None:
    query = select(CandidateSegment.id).where(CandidateSegment.name == name)
    if segment_id is not None:
        query = query.where(CandidateSegment.id != segment_id)
    if session.scalar(query) is not None:
        raise Conflict(f"A segment named {name!r} already exists")


def _flush_unique(session: Session, name: str) -> None:
    """Flush, turning a concurrent request's identical name into the same 409."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A segment named {name!r} already exists") from exc


def create_segment(session: Session, data: SegmentCreate, user: User) -> CandidateSegment:
    _check_name_free(session, data.name)
    segment = CandidateSegment(
        name=data.name,
        description=data.description,
        filters=stored(data.filters),
        created_by=user.email,
    )
    session.add(segment)
    _flush_unique(session, data.name)
    return segment


def update_segment(session: Session, segment_id: str, data: SegmentUpdate) -> CandidateSegment:
    segment = get_segment(session, segment_id)
    sent = data.model_fields_set
    if "name" in sent and data.name is not None and data.name != segment.name:
        _check_name_free(session, data.name, segment.id)
        segment.name = data.name
    if "description" in sent:
        segment.description = data.description
    if "filters" in sent and data.filters is not None:
        segment.filters = stored(data.filters)
    _flush_unique(session, segment.name)
    return segment


def delete_segment(session: Session, segment_id: str) -> None:
    session.delete(get_segment(session, segment_id))
    session.flush()


def preview(session: Session, filters: CandidateFilters) -> tuple[list[Row[Any]], Total]:
    return find_candidates(session, filters, limit=PREVIEW_SIZE)


def export_csv(
    sessions: sessionmaker[Session], segment: CandidateSegment, *, actor: User, ip: str | None
) -> Iterator[str]:
    """The segment's candidates as CSV, newest first: the candidates export's file."""
    return audited_export(
        sessions, segment_filters(segment), actor=actor, ip=ip, segment_id=segment.id
    )
