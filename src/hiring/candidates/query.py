"""The one candidate filter/search builder: the list endpoint, segments and the portal use it."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from hiring.candidates.models import Candidate, Source
from hiring.pipeline.models import Assignment, Stage
from hiring.text import MAX_SEARCH_LENGTH, escape_like, like_pattern

MAX_SEARCH_TERMS = 10


class CandidateSort(StrEnum):
    created_at = "created_at"
    oldest = "-created_at"
    name = "name"
    rating = "rating"
    updated_at = "updated_at"


class CandidateFilters(BaseModel):
    """Filters that combine with AND. ``job_id`` and ``stage`` match any of a candidate's
    assignments (or its own stage when it is in no pipeline)."""

    model_config = ConfigDict(extra="forbid")

    job_id: str | None = Field(default=None, max_length=40)
    stage: Stage | None = None
    product: str | None = Field(default=None, max_length=100)
    source: Source | None = None
    location: str | None = Field(default=None, max_length=200)
    has_email: bool | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    show_archived: bool = False
    search: str | None = Field(default=None, max_length=MAX_SEARCH_LENGTH)


def _search_clause(search: str) -> ColumnElement[bool] | None:
    """Every word must start a word of the name, company or title, or appear in the email."""
    terms = search.lower().split()[:MAX_SEARCH_TERMS]
    if not terms:
        return None
    clauses = []
    for term in terms:
        starts = escape_like(term) + "%"
        inside = "% " + starts
        word_fields = (Candidate.name, Candidate.current_company, Candidate.current_title)
        clauses.append(
            or_(
                *(func.lower(col).like(starts, escape="\\") for col in word_fields),
                *(func.lower(col).like(inside, escape="\\") for col in word_fields),
                func.lower(Candidate.email).like(like_pattern(term), escape="\\"),
            )
        )
    return and_(*clauses)


def conditions(filters: CandidateFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions for ``filters``."""
    where: list[ColumnElement[bool]] = []
    if not filters.show_archived:
        where.append(Candidate.archived_at.is_(None))
    if filters.job_id:
        where.append(
            exists().where(
                Assignment.candidate_id == Candidate.id, Assignment.job_id == filters.job_id
            )
        )
    if filters.stage:
        where.append(
            or_(
                Candidate.stage == filters.stage.value,
                exists().where(
                    Assignment.candidate_id == Candidate.id,
                    Assignment.stage == filters.stage.value,
                ),
            )
        )
    if filters.product:
        where.append(func.lower(Candidate.product) == filters.product.strip().lower())
    if filters.source:
        where.append(Candidate.source == filters.source.value)
    if filters.location and filters.location.strip():
        where.append(
            func.lower(Candidate.location).like(like_pattern(filters.location), escape="\\")
        )
    if filters.has_email is True:
        where.append(and_(Candidate.email.is_not(None), Candidate.email != ""))
    elif filters.has_email is False:
        where.append(or_(Candidate.email.is_(None), Candidate.email == ""))
    if filters.date_from:
        where.append(Candidate.created_at >= filters.date_from)
    if filters.date_to:
        where.append(Candidate.created_at <= filters.date_to)
    if filters.search:
        clause = _search_clause(filters.search)
        if clause is not None:
            where.append(clause)
    return where


ORDERINGS: dict[CandidateSort, tuple[ColumnElement[Any], ...]] = {
    CandidateSort.created_at: (Candidate.created_at.desc(), Candidate.id.desc()),
    CandidateSort.oldest: (Candidate.created_at.asc(), Candidate.id.asc()),
    CandidateSort.name: (Candidate.name.asc(), Candidate.id.asc()),
    CandidateSort.rating: (Candidate.rating.desc().nulls_last(), Candidate.id.desc()),
    CandidateSort.updated_at: (Candidate.updated_at.desc(), Candidate.id.desc()),
}


def candidates_query(
    filters: CandidateFilters, sort: CandidateSort = CandidateSort.created_at
) -> Select[Candidate]:
    return select(Candidate).where(*conditions(filters)).order_by(*ORDERINGS[sort])


def count_candidates(session: Session, filters: CandidateFilters) -> int:
    query = select(func.count()).select_from(Candidate).where(*conditions(filters))
    return session.scalar(query) or 0


def find_candidates(
    session: Session,
    filters: CandidateFilters,
    *,
    limit: int,
    offset: int = 0,
    sort: CandidateSort = CandidateSort.created_at,
) -> tuple[list[Candidate], int]:
    """One page of matching candidates and how many match in all."""
    rows = session.scalars(candidates_query(filters, sort).limit(limit).offset(offset))
    return list(rows), count_candidates(session, filters)
