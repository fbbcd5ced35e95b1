"""The one candidate query builder: WHERE conditions, orders and pages for the list endpoint,
segments, ranking and the portal (the filter object is in ``filters``, the search box's text
in ``search_text``)."""

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Row,
    Select,
    Subquery,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    union,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from hiring.candidates.filters import ArchivedFilter, CandidateFilters, CandidateSort, LabelMode
from hiring.candidates.models import Candidate, CandidateLabel, LabelKind
from hiring.candidates.search_index import SEARCH_COLUMNS
from hiring.candidates.search_text import SearchTerm, fts5_query, parse_search, tsquery
from hiring.pipeline.models import Assignment
from hiring.text import like_pattern


class Plan(StrEnum):
    """How SQLite is steered to the matches (PostgreSQL's planner has statistics and plans for
    itself). Sets are built once, then probed; per-candidate checks probe an index each."""

    every = "every"  # counts: every candidate may be checked, so sets
    walk = "walk"  # walk the order, checking each candidate met against sets built once
    walk_alone = "walk_alone"  # walk the order, checking each candidate met on its own
    sort = "sort"  # few matches: found through the filters' sets and indexes, then sorted


_fts = table("candidates_fts", column("rowid"))
_fts_keys = table("candidates_fts_keys", column("id"), column("candidate_id"))
_totals = table("candidates_totals", column("archived"), column("n"))
_key_order = table("candidates_fts_order", column("in_order"))
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


def _search_clause(terms: Sequence[SearchTerm], dialect: str, plan: Plan) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return _SEARCH_DOCUMENT.op("@@")(_pg_tsquery(terms))
    if plan is Plan.walk_alone:
        # Each candidate walked: its key checked against the matching keys, a set of integers
        # straight from the index (a broad word at 100k: 4 ms, against 21 ms building the
        # set of matching ids).
        key = select(_fts_keys.c.id).where(_fts_keys.c.candidate_id == Candidate.id)
        matching = select(_fts.c.rowid).where(_FTS.op("MATCH")(fts5_query(terms)))
        return key.scalar_subquery().in_(matching)
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

_PLUS: custom_op[Any] = custom_op("+")


def _unindexed(col: ColumnElement[Any]) -> ColumnElement[Any]:
    """SQLite's unary plus: the same value, but no index can serve a condition or an order
    on it, which steers the planner to the indexes that can."""
    return UnaryExpression(col, operator=_PLUS)


def _present(col: Any) -> ColumnElement[bool]:
    return and_(col.is_not(None), col != "")


class _LabelFilter(NamedTuple):
    kind: LabelKind
    wanted: list[str]  # distinct, ignoring case
    mode: LabelMode

    @property
    def of_all(self) -> bool:
        return self.mode is LabelMode.all and len(self.wanted) > 1

    def rows(self) -> tuple[ColumnElement[bool], ...]:
        """Label rows of this kind holding one of the values: lower() on both sides, as the
        triggers store them, so the comparison is the database's own case folding."""
        values = [func.lower(v) for v in self.wanted]
        return CandidateLabel.kind == self.kind.value, CandidateLabel.value.in_(values)


_LABEL_FIELDS = {"skills", "skills_mode", "tags", "tags_mode", "languages", "languages_mode"}


def _label_filters(filters: CandidateFilters) -> list[_LabelFilter]:
    """The label filters given."""
    given = (
        (LabelKind.skill, filters.skills, filters.skills_mode),
        (LabelKind.tag, filters.tags, filters.tags_mode),
        (LabelKind.language, filters.languages, filters.languages_mode),
    )
    return [
        _LabelFilter(kind, sorted({v.casefold(): v for v in values}.values()), mode)
        for kind, values, mode in given
        if values
    ]


def _label_members(
    label: _LabelFilter, archived: bool | None = None
) -> Select[Any] | CompoundSelect[Any]:
    """The distinct ids of candidates matching ``label`` (and, unless ``archived`` is None,
    in that archived state)."""
    members = select(CandidateLabel.candidate_id).where(*label.rows())
    if archived is not None:
        members = members.where(CandidateLabel.archived == archived)
    if label.of_all:
        return members.group_by(CandidateLabel.candidate_id).having(
            func.count(CandidateLabel.value.distinct()) == len(label.wanted)
        )
    if archived is None or len(label.wanted) == 1:
        return members.distinct()
    # Any of several values, in one archived state: each value's ids come from the index in
    # order, so a merged UNION drops the repeats without a temporary table (a third faster).
    each = [
        select(CandidateLabel.candidate_id).where(
            CandidateLabel.kind == label.kind.value,
            CandidateLabel.value == func.lower(value),
            CandidateLabel.archived == archived,
        )
        for value in label.wanted
    ]
    return union(*each).order_by(CandidateLabel.candidate_id)


def _labels_clause(label: _LabelFilter, *, alone: bool) -> ColumnElement[bool]:
    """The candidate matches ``label``: checked ``alone`` through its own label rows, or
    against the set of everyone who does."""
    if not alone:
        return Candidate.id.in_(_label_members(label))
    own = (CandidateLabel.candidate_id == Candidate.id, *label.rows())
    if label.of_all:
        # A candidate's label rows are unique, so counting them counts distinct values.
        return select(func.count()).where(*own).scalar_subquery() == len(label.wanted)
    return select(CandidateLabel.value).where(*own).exists()


def _where(
    filters: CandidateFilters, dialect: str, *, with_search: bool = True, plan: Plan = Plan.every
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    sqlite = dialect == "sqlite"
    terms = parse_search(filters.search or "")
    set_driven = plan is Plan.sort and bool(terms or filters.job_id or _label_filters(filters))
    if filters.archived is ArchivedFilter.exclude and set_driven and sqlite:
        # Most candidates are active: said so, SQLite finds few matches of a search, label or
        # job from that set rather than by checking every active candidate against it.
        where.append(func.likely(Candidate.archived_at.is_(None)))
    elif filters.archived is ArchivedFilter.exclude:
        where.append(Candidate.archived_at.is_(None))
    elif filters.archived is ArchivedFilter.only:
        where.append(Candidate.archived_at.is_not(None))
    # A job's members: a set computed once through the assignments' index.
    if filters.job_id:
        in_job = select(Assignment.candidate_id).where(Assignment.job_id == filters.job_id)
        where.append(Candidate.id.in_(in_job))
    if filters.product and filters.product.strip():
        where.append(func.lower(Candidate.product) == filters.product.strip().lower())
    if filters.source:
        where.append(Candidate.source.in_([s.value for s in filters.source]))
    if filters.location and filters.location.strip():
        where.append(
            func.lower(Candidate.location).like(like_pattern(filters.location), escape="\\")
        )
    for label in _label_filters(filters):
        where.append(_labels_clause(label, alone=sqlite and plan is Plan.walk_alone))
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
    if filters.stage:
        # Last, so it is checked only for candidates that passed the others: the candidate's
        # own stage (its current assignment's, from the row or the facet index), else an
        # assignment of theirs at that stage (one index probe each). Unindexed on SQLite so
        # that the planner does not try the two halves separately.
        stages = [s.value for s in filters.stage]
        own = _unindexed(Candidate.__table__.c.stage) if sqlite else Candidate.stage
        at_stage = (
            select(Assignment.id)
            .where(Assignment.candidate_id == Candidate.id, Assignment.stage.in_(stages))
            .exists()
        )
        where.append(or_(own.in_(stages), at_stage))
    if with_search and terms:
        where.append(_search_clause(terms, dialect, plan))
    elif with_search and filters.search and filters.search.strip():
        # Only punctuation: nothing can match a search without a single word.
        where.append(Candidate.id.is_(None))
    return where


def conditions(filters: CandidateFilters, dialect: str) -> list[ColumnElement[bool]]:
    """The WHERE conditions for ``filters`` on the ``dialect`` ("sqlite", "postgresql")."""
    return _where(filters, dialect)


# Up to this many matches are always found through the filters' sets and indexes and sorted,
# rather than looked for by walking the whole order index (a rare combination at 100k: 50 ms
# walking, 2 ms sorting; a common one is found sooner walking). More are sorted when walking
# would meet many candidates per match (see _sort_limit).
SORT_MATCHES_UP_TO = 1_000
# Sorting a match costs a row lookup, about this many times checking one candidate met on a
# walk (measured at 1M: 10 µs against 3 µs).
WALKS_PER_SORT = 3
# Checking a walked candidate on its own (an index probe) costs about this many times adding
# one match to a set: a walk that meets few candidates per match checks them alone.
ALONE_OVER_SET_COST = 2
# Each order: its leading column (then `id` the same way) and whether it is descending.
_SORT_KEYS: dict[CandidateSort, tuple[str, bool]] = {
    CandidateSort.created_at: ("created_at", True),
    CandidateSort.oldest: ("created_at", False),
    CandidateSort.name: ("name", False),
    CandidateSort.rating: ("rating", True),
    CandidateSort.updated_at: ("updated_at", True),
}


def _ordering(sort: CandidateSort, *, sort_matches: bool) -> tuple[ColumnElement[Any], ...]:
    name, descending = _SORT_KEYS.get(sort, _SORT_KEYS[CandidateSort.created_at])
    lead: ColumnElement[Any] = Candidate.__table__.c[name]
    if sort_matches:
        lead = _unindexed(lead)
    if not descending:
        return lead.asc(), Candidate.id.asc()
    # Unrated candidates come last.
    ordered = lead.desc().nulls_last() if sort is CandidateSort.rating else lead.desc()
    return ordered, Candidate.id.desc()


# What a list of candidates shows: every column but the kept enrichment answer, read as plain
# rows. Building ORM objects, then response models from their attributes, was a third of
# the CPU a list page cost.
LISTED = tuple(column for column in Candidate.__table__.columns if column.key != "enrichment")


def candidates_query(
    filters: CandidateFilters,
    dialect: str,
    sort: CandidateSort = CandidateSort.created_at,
    *,
    entities: Sequence[Any] = LISTED,
    plan: Plan = Plan.walk,
) -> Select[Any]:
    """``entities`` (the :data:`LISTED` columns by default) matching ``filters`` in ``sort`` order.
    ``relevance`` orders by search score (best first) and, without a search, falls back to
    the default order. ``plan`` (SQLite): walk the order, or sort the few matches."""
    terms = parse_search(filters.search or "")
    if sort is not CandidateSort.relevance or not terms:
        sort_matches = plan is Plan.sort and dialect == "sqlite"
        where = _where(filters, dialect, plan=plan)
        return select(*entities).where(*where).order_by(*_ordering(sort, sort_matches=sort_matches))
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


def _given(filters: CandidateFilters) -> set[str]:
    """The filters given, besides which candidates (active, archived) to look at."""
    return set(filters.model_dump(exclude_defaults=True)) - {"archived"}


def _indexed_count(session: Session, filters: CandidateFilters) -> int | None:
    """The count of no filter at all (SQLite: the totals kept by the triggers), of a search
    box alone (SQLite: the full-text index alone) or of one label filter alone (its label
    rows), each knowing who is archived; checking every match against the candidates table
    instead costs five to ten times as much. None when the filters are none of those."""
    given = _given(filters)
    archived = (
        None
        if filters.archived is ArchivedFilter.include
        else filters.archived is ArchivedFilter.only
    )
    sqlite = dialect_of(session) == "sqlite"
    if not given and sqlite:
        totals = select(func.sum(_totals.c.n))
        if archived is not None:
            totals = totals.where(_totals.c.archived == archived)
        return session.scalar(totals) or 0
    terms = parse_search(filters.search or "")
    if given == {"search"} and terms and sqlite:
        query = select(func.count()).select_from(_fts).where(_FTS.op("MATCH")(fts5_query(terms)))
        if archived is not None:  # an archived candidate's key is negative
            query = query.where(_fts.c.rowid < 0 if archived else _fts.c.rowid > 0)
        return session.scalar(query) or 0
    labels = _label_filters(filters)
    if len(labels) == 1 and given <= _LABEL_FIELDS:
        members = _label_members(labels[0], archived=archived).subquery()
        return session.scalar(select(func.count()).select_from(members)) or 0
    return None


def _counted_by_rows(session: Session, filters: CandidateFilters) -> int:
    where = conditions(filters, dialect_of(session))
    return session.scalar(select(func.count()).select_from(Candidate).where(*where)) or 0


def count_candidates(session: Session, filters: CandidateFilters) -> int:
    fast = _indexed_count(session, filters)
    return fast if fast is not None else _counted_by_rows(session, filters)


def _everyone(session: Session) -> int:
    """SQLite: how many candidates there are, archived or not (the totals the triggers keep)."""
    return session.scalar(select(func.sum(_totals.c.n))) or 0


def _sort_limit(everyone: int, through: int) -> int:
    """Up to how many matches are sorted rather than met by walking the order ``through`` a
    position: sorting n matches costs about n row lookups, walking about everyone * through / n
    checks at a ``WALKS_PER_SORT``-th of a lookup each; the two are equal at
    sqrt(everyone * through / WALKS_PER_SORT): 1,300 at 100k candidates, 4,100 at 1M (a first
    page of 50), more for a deep page."""
    return max(SORT_MATCHES_UP_TO, math.isqrt(everyone * through // WALKS_PER_SORT))


def _page_plan(
    session: Session,
    matches: int,
    through: int,
    *,
    alone: bool = True,
    everyone: int | None = None,
) -> Plan:
    """How SQLite finds candidates ``through`` a position among ``matches``: sort few
    matches; otherwise walk the order, meeting about ``through * everyone / matches``
    candidates, and check each ``alone`` (when the filters can be: a search, a label) when
    that costs less than building the sets. ``everyone``: the totals, when already read."""
    if matches <= SORT_MATCHES_UP_TO:
        return Plan.sort
    if not alone or dialect_of(session) != "sqlite":
        return Plan.walk
    everyone = _everyone(session) if everyone is None else everyone
    if matches <= _sort_limit(everyone, through):
        return Plan.sort
    met = through * everyone / matches
    return Plan.walk_alone if met * ALONE_OVER_SET_COST < matches else Plan.walk


def _few_matches(session: Session, filters: CandidateFilters, up_to: int) -> list[str] | None:
    """SQLite: the ids of all matches when there are at most ``up_to`` (few enough to sort),
    listed in the one pass through the filters' indexes that counting them would make; None
    when there are more."""
    where = conditions(filters, "sqlite")
    ids = list(session.scalars(select(Candidate.id).where(*where).limit(up_to + 1)))
    return ids if len(ids) <= up_to else None


def _page_in_key_order(
    session: Session, filters: CandidateFilters, sort: CandidateSort, *, limit: int, offset: int
) -> list[Row[Any]] | None:
    """SQLite, a search box alone in creation order: the page read from the full-text index
    in key order, which is creation order while ``candidates_fts_order`` says so (a broad word
    at 1M: its 50 newest matches without the set of 115k). None when that does not apply."""
    given = _given(filters)
    terms = parse_search(filters.search or "")
    if (
        given != {"search"}
        or not terms
        or sort not in (CandidateSort.created_at, CandidateSort.oldest)
    ):
        return None
    if filters.archived is ArchivedFilter.include or not session.scalar(
        select(_key_order.c.in_order)
    ):
        return None
    active = filters.archived is ArchivedFilter.exclude
    # An archived candidate's key is its creation rank negated: its newest is the lowest.
    newest_first = sort is CandidateSort.created_at
    ordered = _fts.c.rowid.desc() if newest_first == active else _fts.c.rowid.asc()
    page = (
        select(*LISTED)
        .select_from(
            _fts.join(_fts_keys, _fts_keys.c.id == _fts.c.rowid).join(
                Candidate, Candidate.id == _fts_keys.c.candidate_id
            )
        )
        .where(
            _FTS.op("MATCH")(fts5_query(terms)), _fts.c.rowid > 0 if active else _fts.c.rowid < 0
        )
        .order_by(ordered)
        .limit(limit)
        .offset(offset)
    )
    return list(session.execute(page))


def find_candidates(
    session: Session,
    filters: CandidateFilters,
    *,
    limit: int,
    offset: int = 0,
    sort: CandidateSort = CandidateSort.created_at,
) -> tuple[list[Row[Any]], int]:
    """One page of matching candidates (rows of the :data:`LISTED` columns) and how many
    match in all. The count comes first: it
    tells whether the page is found faster in order or by sorting the few matches. On SQLite,
    filters that are counted by rows list their few matches in the counting pass instead, and
    the page is those ids, sorted."""
    dialect = dialect_of(session)
    total = _indexed_count(session, filters)
    everyone = None
    if total is None and dialect == "sqlite":
        everyone = _everyone(session)
        few = _few_matches(session, filters, _sort_limit(everyone, offset + limit))
        relevance = sort is CandidateSort.relevance and parse_search(filters.search or "")
        if few is not None and not relevance:
            if offset >= len(few):
                return [], len(few)
            order = _ordering(sort, sort_matches=True)
            page = select(*LISTED).where(Candidate.id.in_(few)).order_by(*order)
            return list(session.execute(page.limit(limit).offset(offset))), len(few)
        total = len(few) if few is not None else None
    if total is None:
        total = _counted_by_rows(session, filters)
    if offset >= total:
        return [], total
    if dialect == "sqlite":
        in_key_order = _page_in_key_order(session, filters, sort, limit=limit, offset=offset)
        if in_key_order is not None:
            return in_key_order, total
    alone = bool(parse_search(filters.search or "") or _label_filters(filters))
    plan = _page_plan(session, total, offset + limit, alone=alone, everyone=everyone)
    query = candidates_query(filters, dialect, sort, plan=plan)
    return list(session.execute(query.limit(limit).offset(offset))), total
