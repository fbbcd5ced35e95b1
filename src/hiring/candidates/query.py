"""The one candidate filter/search builder: the list endpoint, segments, ranking and the portal
use it.

Search syntax: words separated by spaces must all match (AND), each as the start of a word
(``jav`` finds Java) of the name, email, company, title, skills, tags or resume text, case-
and accent-insensitively (``jose`` finds José). Text in double quotes is an exact phrase.
Everything else (``*``, ``-``, ``NEAR``, ``AND``/``OR``/``NOT``, parentheses, SQL) is plain
text: the query sent to the full-text index is built from words only, never from raw input.
"""

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    column,
    func,
    literal_column,
    select,
    table,
    union,
)
from sqlalchemy.orm import Session, aliased

from hiring.candidates.models import Candidate, CandidateLabel, LabelKind, Source
from hiring.candidates.search_index import SEARCH_COLUMNS
from hiring.pipeline.models import Assignment, Stage
from hiring.text import MAX_SEARCH_LENGTH, like_pattern
from hiring.validation import DateFrom, DateTo, LabelList

MAX_SEARCH_TERMS = 10
MAX_PHRASE_WORDS = 10


class CandidateSort(StrEnum):
    created_at = "created_at"
    oldest = "-created_at"
    name = "name"
    rating = "rating"
    updated_at = "updated_at"
    relevance = "relevance"


class ArchivedFilter(StrEnum):
    exclude = "exclude"
    include = "include"
    only = "only"


class LabelMode(StrEnum):
    any = "any"
    all = "all"


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


StageList = Annotated[list[Stage], BeforeValidator(_one_or_many), Field(min_length=1)]
SourceList = Annotated[list[Source], BeforeValidator(_one_or_many), Field(min_length=1)]


class CandidateFilters(BaseModel):
    """The candidate filter object (list endpoint, segments, recommendations). Every filter
    given must hold (AND). ``job_id`` and ``stage`` match any of a candidate's assignments
    (or its own stage when it is in no pipeline)."""

    model_config = ConfigDict(extra="forbid")

    search: str | None = Field(
        default=None,
        max_length=MAX_SEARCH_LENGTH,
        description='Full-text: every word as a word prefix; "quoted phrase" exact',
    )
    job_id: str | None = Field(default=None, max_length=40, description="In this job's pipeline")
    stage: StageList | None = Field(default=None, description="One stage or a list (any of)")
    source: SourceList | None = Field(default=None, description="One source or a list (any of)")
    product: str | None = Field(default=None, max_length=100, description="Exact, any case")
    location: str | None = Field(default=None, max_length=200, description="Substring, any case")
    skills: LabelList | None = Field(default=None, description="Any case; see skills_mode")
    skills_mode: LabelMode = Field(default=LabelMode.any, description="any of, or all of")
    tags: LabelList | None = Field(default=None, description="Any case; see tags_mode")
    tags_mode: LabelMode = LabelMode.any
    languages: LabelList | None = Field(default=None, description="Any case; languages_mode")
    languages_mode: LabelMode = LabelMode.any
    rating_min: int | None = Field(default=None, ge=1, le=5, description="Rated at least")
    has_email: bool | None = Field(default=None, description="true: with, false: without")
    has_phone: bool | None = Field(default=None, description="true: with, false: without")
    created_from: DateFrom | None = Field(default=None, description="Created on or after")
    created_to: DateTo | None = Field(default=None, description="Created on or before")
    updated_from: DateFrom | None = Field(default=None, description="Updated on or after")
    archived: ArchivedFilter = Field(
        default=ArchivedFilter.exclude, description="exclude (default), include or only"
    )


def validated_filters(**values: Any) -> CandidateFilters:
    """``CandidateFilters`` from values gathered outside a request body (query parameters):
    refused values leave as a 422 naming each offending key, like a body's would."""
    try:
        return CandidateFilters(**values)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc


# --- search -------------------------------------------------------------------------------

_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")
# Letters without a Unicode decomposition that PostgreSQL's unaccent folds all the same
# (FTS5's remove_diacritics keeps them, so SQLite queries keep them too).
_UNACCENT_EXTRA = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "\u0131": "i"}
)


class SearchTerm(BaseModel):
    words: list[str]
    prefix: bool  # the last word may be the start of a longer word


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_search(text: str) -> list[SearchTerm]:
    """The terms of a search box: each unquoted chunk is a phrase of its words ending in a
    prefix (``node.js``: ``node`` then a word starting ``js``), each quoted one an exact
    phrase. Only words (letters and digits) survive, so no input can change the query's
    structure."""
    terms: list[SearchTerm] = []
    for match in _CHUNK.finditer(_fold(text[:MAX_SEARCH_LENGTH])):
        quoted, bare = match.groups()
        words = _WORD.findall(quoted if quoted is not None else bare)[:MAX_PHRASE_WORDS]
        if words:
            terms.append(SearchTerm(words=words, prefix=quoted is None))
        if len(terms) == MAX_SEARCH_TERMS:
            break
    return terms


def fts5_query(terms: Sequence[SearchTerm]) -> str:
    """An FTS5 MATCH expression: quoted phrases (words hold no quote) joined by AND."""
    return " AND ".join(f'"{" ".join(t.words)}"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: Sequence[SearchTerm]) -> str:
    """A PostgreSQL to_tsquery expression: quoted lexemes, <-> inside a phrase, & between."""

    def phrase(term: SearchTerm) -> str:
        lexemes = [f"'{w.translate(_UNACCENT_EXTRA)}'" for w in term.words]
        if term.prefix:
            lexemes[-1] += ":*"
        return " <-> ".join(lexemes)

    return " & ".join(f"({phrase(t)})" for t in terms)


_fts = table("candidates_fts", column("rowid"))
_fts_keys = table("candidates_fts_keys", column("id"), column("candidate_id"), column("archived"))
_FTS: ColumnElement[Any] = literal_column("candidates_fts")
_SEARCH_DOCUMENT = func.candidate_search_document(
    Candidate.name,
    Candidate.email,
    Candidate.current_company,
    Candidate.current_title,
    Candidate.skills,
    Candidate.tags,
    Candidate.resume_text,
)


def _fts5_matches(terms: Sequence[SearchTerm]) -> Select[Any]:
    return (
        select(_fts_keys.c.candidate_id)
        .select_from(_fts.join(_fts_keys, _fts_keys.c.id == _fts.c.rowid))
        .where(_FTS.op("MATCH")(fts5_query(terms)))
    )


def _pg_tsquery(terms: Sequence[SearchTerm]) -> ColumnElement[Any]:
    return func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(terms))


def _search_clause(terms: Sequence[SearchTerm], dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return _SEARCH_DOCUMENT.op("@@")(_pg_tsquery(terms))
    return Candidate.id.in_(_fts5_matches(terms))


def _ranked_matches(terms: Sequence[SearchTerm]) -> Subquery:
    """SQLite: the matching candidate ids with their bm25 score (lower is better)."""
    weights = [weight for _name, weight in SEARCH_COLUMNS]
    return (
        _fts5_matches(terms)
        .add_columns(func.bm25(_FTS, *weights).label("score"))
        .subquery("matches")
    )


# --- filters ------------------------------------------------------------------------------


def _present(col: Any) -> ColumnElement[bool]:
    return and_(col.is_not(None), col != "")


def _labels_clause(kind: LabelKind, values: list[str], mode: LabelMode) -> ColumnElement[bool]:
    """Candidates with any (or all) of ``values`` as ``kind`` labels; lower() on both sides,
    as the triggers store them, so the comparison is the database's own case folding."""
    wanted = sorted({v.casefold(): v for v in values}.values())
    having = select(CandidateLabel.candidate_id).where(
        CandidateLabel.kind == kind.value,
        CandidateLabel.value.in_([func.lower(v) for v in wanted]),
    )
    if mode is LabelMode.all and len(wanted) > 1:
        having = having.group_by(CandidateLabel.candidate_id).having(
            func.count(CandidateLabel.value.distinct()) == len(wanted)
        )
    return Candidate.id.in_(having)


def _where(
    filters: CandidateFilters, dialect: str, *, with_search: bool = True
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.archived is ArchivedFilter.exclude:
        where.append(Candidate.archived_at.is_(None))
    elif filters.archived is ArchivedFilter.only:
        where.append(Candidate.archived_at.is_not(None))
    # Membership filters are id sets computed once (through the assignments' indexes), not a
    # subquery per candidate: walking 100k candidates with a correlated EXISTS each costs
    # hundreds of milliseconds, the set a few.
    if filters.job_id:
        in_job = select(Assignment.candidate_id).where(Assignment.job_id == filters.job_id)
        where.append(Candidate.id.in_(in_job))
    if filters.stage:
        stages = [s.value for s in filters.stage]
        own = aliased(Candidate)
        at_stage = union(
            select(Assignment.candidate_id).where(Assignment.stage.in_(stages)),
            select(own.id).where(own.stage.in_(stages)),
        )
        where.append(Candidate.id.in_(at_stage))
    if filters.product and filters.product.strip():
        where.append(func.lower(Candidate.product) == filters.product.strip().lower())
    if filters.source:
        where.append(Candidate.source.in_([s.value for s in filters.source]))
    if filters.location and filters.location.strip():
        where.append(
            func.lower(Candidate.location).like(like_pattern(filters.location), escape="\\")
        )
    for kind, values, mode in (
        (LabelKind.skill, filters.skills, filters.skills_mode),
        (LabelKind.tag, filters.tags, filters.tags_mode),
        (LabelKind.language, filters.languages, filters.languages_mode),
    ):
        if values:
            where.append(_labels_clause(kind, values, mode))
    if filters.rating_min is not None:
        where.append(Candidate.rating >= filters.rating_min)
    for wanted, col in ((filters.has_email, Candidate.email), (filters.has_phone, Candidate.phone)):
        if wanted is not None:
            where.append(_present(col) if wanted else ~_present(col))
    if filters.created_from:
        where.append(Candidate.created_at >= filters.created_from)
    if filters.created_to:
        where.append(Candidate.created_at <= filters.created_to)
    if filters.updated_from:
        where.append(Candidate.updated_at >= filters.updated_from)
    terms = parse_search(filters.search or "")
    if with_search and terms:
        where.append(_search_clause(terms, dialect))
    elif with_search and filters.search and filters.search.strip():
        # Only punctuation: nothing can match a search without a single word.
        where.append(Candidate.id.is_(None))
    return where


def conditions(filters: CandidateFilters, dialect: str) -> list[ColumnElement[bool]]:
    """The WHERE conditions for ``filters`` on the ``dialect`` ("sqlite", "postgresql")."""
    return _where(filters, dialect)


ORDERINGS: dict[CandidateSort, tuple[ColumnElement[Any], ...]] = {
    CandidateSort.created_at: (Candidate.created_at.desc(), Candidate.id.desc()),
    CandidateSort.oldest: (Candidate.created_at.asc(), Candidate.id.asc()),
    CandidateSort.name: (Candidate.name.asc(), Candidate.id.asc()),
    CandidateSort.rating: (Candidate.rating.desc().nulls_last(), Candidate.id.desc()),
    CandidateSort.updated_at: (Candidate.updated_at.desc(), Candidate.id.desc()),
}


def candidates_query(
    filters: CandidateFilters,
    dialect: str,
    sort: CandidateSort = CandidateSort.created_at,
    *,
    entities: Sequence[Any] = (Candidate,),
) -> Select[Any]:
    """``entities`` (whole candidates by default) matching ``filters`` in ``sort`` order.
    ``relevance`` orders by search score (best first) and, without a search, falls back to
    the default order."""
    terms = parse_search(filters.search or "")
    if sort is not CandidateSort.relevance or not terms:
        order = ORDERINGS.get(sort, ORDERINGS[CandidateSort.created_at])
        return select(*entities).where(*conditions(filters, dialect)).order_by(*order)
    if dialect == "postgresql":
        score = func.ts_rank(_SEARCH_DOCUMENT, _pg_tsquery(terms))
        return (
            select(*entities)
            .where(*conditions(filters, dialect))
            .order_by(score.desc(), Candidate.id.asc())
        )
    ranked = _ranked_matches(terms)
    return (
        select(*entities)
        .join(ranked, ranked.c.candidate_id == Candidate.id)
        .where(*_where(filters, dialect, with_search=False))
        .order_by(ranked.c.score.asc(), Candidate.id.asc())
    )


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def _search_box_count(session: Session, filters: CandidateFilters) -> int | None:
    """SQLite: the count of a search alone (the search box), from the full-text index and its
    keys (which know who is archived). Checking each match against the candidates table
    instead costs ten times as much."""
    terms = parse_search(filters.search or "")
    alone = filters.model_dump(exclude_defaults=True).keys() <= {"search", "archived"}
    if not terms or not alone or dialect_of(session) != "sqlite":
        return None
    query = (
        select(func.count())
        .select_from(_fts.join(_fts_keys, _fts_keys.c.id == _fts.c.rowid))
        .where(_FTS.op("MATCH")(fts5_query(terms)))
    )
    if filters.archived is not ArchivedFilter.include:
        query = query.where(_fts_keys.c.archived == (filters.archived is ArchivedFilter.only))
    return session.scalar(query) or 0


def count_candidates(session: Session, filters: CandidateFilters) -> int:
    fast = _search_box_count(session, filters)
    if fast is not None:
        return fast
    where = conditions(filters, dialect_of(session))
    return session.scalar(select(func.count()).select_from(Candidate).where(*where)) or 0


def find_candidates(
    session: Session,
    filters: CandidateFilters,
    *,
    limit: int,
    offset: int = 0,
    sort: CandidateSort = CandidateSort.created_at,
) -> tuple[list[Candidate], int]:
    """One page of matching candidates and how many match in all."""
    query = candidates_query(filters, dialect_of(session), sort).limit(limit).offset(offset)
    return list(session.scalars(query)), count_candidates(session, filters)
