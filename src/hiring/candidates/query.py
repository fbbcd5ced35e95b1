"""The one candidate query builder: WHERE conditions, orders and pages for the list endpoint,
segments, ranking and the portal (the filter object is in ``filters``, the search box's text
in ``search_text``)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    Subquery,
    and_,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from hiring.candidates.filters import ArchivedFilter, CandidateFilters, CandidateSort, LabelMode
from hiring.candidates.models import Candidate, CandidateLabel, LabelKind
from hiring.candidates.search_index import SEARCH_COLUMNS
from hiring.candidates.search_text import SearchTerm, fts5_query, parse_search, tsquery
from hiring.candidates.stages import bits_with_any
from hiring.db import COUNT_EXACT_OPTION, COUNT_EXACT_UP_TO
from hiring.pipeline.models import Assignment
from hiring.text import like_pattern

_fts = table("candidates_fts", column("rowid"))
_fts_keys = table("candidates_fts_keys", column("id"), column("candidate_id"))
_FTS: ColumnElement[Any] = literal_column("candidates_fts")
# PostgreSQL: the candidate's stored search document (a column the database generates, not
# in the model: see search_index), named unqualified so it is the column of whichever
# candidates table the query reads.
_SEARCH_DOCUMENT: ColumnElement[Any] = literal_column("search_document")
# SQLite's unary plus: the same value, but no index can serve a condition or order on it.
_PLUS: custom_op[Any] = custom_op("+")


def matching_ids(expression: str) -> Select[tuple[str]]:
    """SQLite: the ids of the candidates whose searched text meets ``expression`` (an FTS5
    query), from the full-text index alone."""
    return (
        select(_fts_keys.c.candidate_id)
        .select_from(_fts.join(_fts_keys, _fts_keys.c.id == _fts.c.rowid))
        .where(_FTS.op("MATCH")(expression))
    )


def _fts5_matches(terms: Sequence[SearchTerm]) -> Select[tuple[str]]:
    return matching_ids(fts5_query(terms))


def _pg_tsquery(terms: Sequence[SearchTerm]) -> ColumnElement[Any]:
    return func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(terms))


def _search_clause(
    terms: Sequence[SearchTerm], dialect: str, *, each: bool = False
) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return _SEARCH_DOCUMENT.op("@@")(_pg_tsquery(terms))
    if each:
        # The candidate's own key against the matching keys: a set of integers straight from
        # the full-text index, without joining every match to its candidate id.
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


def criterion_expression(phrases: Sequence[str], dialect: str) -> str | None:
    """The full-text expression a candidate's searched text meets by holding any of
    ``phrases``, each its words in a row (PostgreSQL: all its words anywhere, which the GIN
    index answers without re-reading rows, as a phrase would need); None when no phrase has a
    word."""
    quoted = ('"' + phrase.replace('"', " ") + '"' for phrase in phrases)
    terms = [term for text in quoted for term in parse_search(text)]
    if not terms:
        return None
    if dialect == "postgresql":
        each_word = (tsquery([SearchTerm(words=[w], prefix=False) for w in t.words]) for t in terms)
        return " | ".join(f"({q})" for q in each_word)
    return " OR ".join(fts5_query([t]) for t in terms)


def _at_least(expressions: Sequence[str], count: int) -> str:
    """A tsquery met by meeting ``count`` of ``expressions``: the first and ``count - 1`` of
    the others, or ``count`` of the others. Written so, a text lacking the first is not tested
    for the rest of its branch, and the query is about half as long as one listing every
    choice of ``count``."""
    if count == 1:
        return " | ".join(f"({e})" for e in expressions)
    if count == len(expressions):
        return " & ".join(f"({e})" for e in expressions)
    first, others = expressions[0], expressions[1:]
    with_first = f"({first}) & ({_at_least(others, count - 1)})"
    return f"({with_first}) | ({_at_least(others, count)})"


def meets_at_least(expressions: Sequence[str], count: int) -> ColumnElement[bool]:
    """PostgreSQL: whether the candidate's searched text meets at least ``count`` (≥ 1) of
    ``expressions`` (from ``criterion_expression``): one search of the GIN index, answered
    from the index alone. Archived candidates match too: the caller's other conditions leave
    them out."""
    query = func.to_tsquery(literal_column("'simple'::regconfig"), _at_least(expressions, count))
    return _SEARCH_DOCUMENT.op("@@")(query)


# --- filters ------------------------------------------------------------------------------


def _present(col: Any) -> ColumnElement[bool]:
    return and_(col.is_not(None), col != "")


_LABELS = (
    (LabelKind.skill, "skills", "skills_mode"),
    (LabelKind.tag, "tags", "tags_mode"),
    (LabelKind.language, "languages", "languages_mode"),
)


def _label_members(filters: CandidateFilters, archived: bool | None = None) -> list[Select[Any]]:
    """For each label filter given, the distinct ids of the candidates matching it (in that
    ``archived`` state unless None), from the label rows' index. The rows hold lower-cased
    values (the triggers store them so), and so does the comparison."""
    found: list[Select[Any]] = []
    for kind, field, mode_field in _LABELS:
        values: list[str] | None = getattr(filters, field)
        if not values:
            continue
        wanted = sorted({v.casefold(): v for v in values}.values())
        members = select(CandidateLabel.candidate_id).where(
            CandidateLabel.kind == kind.value,
            CandidateLabel.value.in_([func.lower(v) for v in wanted]),
        )
        if archived is not None:
            members = members.where(CandidateLabel.archived == archived)
        if getattr(filters, mode_field) is LabelMode.all and len(wanted) > 1:
            # A candidate's label rows are unique, so counting them counts distinct values.
            members = members.group_by(CandidateLabel.candidate_id).having(
                func.count() == len(wanted)
            )
        else:
            members = members.distinct()
        found.append(members)
    return found


def conditions(filters: CandidateFilters, dialect: str) -> list[ColumnElement[bool]]:
    """The WHERE conditions for ``filters`` on the ``dialect`` ("sqlite", "postgresql")."""
    return _where(filters, dialect)


def _label_clause(members: Select[Any], *, each: bool) -> ColumnElement[bool]:
    """The candidate is among ``members``: checked ``each`` on its own label rows (an index
    probe per candidate met), or against the set of all members built once."""
    if not each:
        return Candidate.id.in_(members)
    return members.where(CandidateLabel.candidate_id == Candidate.id).exists()


def _where(
    filters: CandidateFilters,
    dialect: str,
    *,
    with_search: bool = True,
    each: bool = False,
    sort_matches: bool = False,
) -> list[ColumnElement[bool]]:
    """The conditions of ``filters``. ``each`` (SQLite, many matches): a search or label
    filter is checked on each candidate met rather than against a set of all matches.
    ``sort_matches`` (SQLite, few matches): without a candidate-level filter for the facets
    index, whether a candidate is archived is checked on each match, never looked up in an
    index (SQLite would read every candidate's entry of an ``archived_at`` list index and test
    it against the matches of a search instead of looking those up)."""
    where: list[ColumnElement[bool]] = []
    archived_at: ColumnElement[Any] = Candidate.__table__.c.archived_at
    facets = (filters.source, filters.product, filters.stage, filters.rating_min, filters.location)
    if sort_matches and dialect == "sqlite" and all(facet is None for facet in facets):
        archived_at = UnaryExpression(archived_at, operator=_PLUS)
    if filters.archived is ArchivedFilter.exclude:
        where.append(archived_at.is_(None))
    elif filters.archived is ArchivedFilter.only:
        where.append(archived_at.is_not(None))
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
    where.extend(_label_clause(members, each=each) for members in _label_members(filters))
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
        # The candidate's own stage (its current assignment's), or any assignment of theirs
        # at one of the stages: their stage bits include one of them.
        where.append(Candidate.stage_bits.in_(bits_with_any(s.value for s in filters.stage)))
    terms = parse_search(filters.search or "")
    if with_search and terms:
        where.append(_search_clause(terms, dialect, each=each))
    elif with_search and filters.search and filters.search.strip():
        # Only punctuation: nothing can match a search without a single word.
        where.append(Candidate.id.is_(None))
    return where


# Each order: its leading column (then `id` the same way) and whether it is descending.
_SORT_KEYS: dict[CandidateSort, tuple[str, bool]] = {
    CandidateSort.created_at: ("created_at", True),
    CandidateSort.oldest: ("created_at", False),
    CandidateSort.name: ("sort_name", False),
    CandidateSort.rating: ("rating", True),
    CandidateSort.updated_at: ("updated_at", True),
}


# SQLite: up to this many matches are found through the filters' own indexes and sorted,
# rather than looked for by walking the whole order (see find_candidates).
SORT_MATCHES_UP_TO = 1_000


def _ordering(sort: CandidateSort, *, sort_matches: bool = False) -> tuple[ColumnElement[Any], ...]:
    name, descending = _SORT_KEYS.get(sort, _SORT_KEYS[CandidateSort.created_at])
    lead: ColumnElement[Any] = Candidate.__table__.c[name]
    if sort_matches:
        # SQLite's unary plus: the same value, but no index can serve the order, so the
        # planner picks the filters' indexes to find the rows, then sorts them.
        lead = UnaryExpression(lead, operator=_PLUS)
    if not descending:
        return lead.asc(), Candidate.id.asc()
    # Unrated candidates come last.
    ordered = lead.desc().nulls_last() if sort is CandidateSort.rating else lead.desc()
    return ordered, Candidate.id.desc()


def after_row(sort: CandidateSort, last: Row[Any]) -> ColumnElement[bool]:
    """The candidates after ``last`` (a row holding ``id`` and the order's column) in ``sort``
    order: a keyset, so a long read goes in short batches that each start where the last
    ended, through the order's index. ``relevance`` is keyed as the default order."""
    name, descending = _SORT_KEYS.get(sort, _SORT_KEYS[CandidateSort.created_at])
    lead: ColumnElement[Any] = Candidate.__table__.c[name]
    value = getattr(last, name)
    keys = tuple_(lead, Candidate.id)
    bound = tuple_(literal(value, lead.type), literal(last.id, Candidate.id.type))
    keyed = keys < bound if descending else keys > bound
    if sort is not CandidateSort.rating:
        return keyed
    # Unrated candidates come last, among themselves by id.
    if value is None:
        return and_(lead.is_(None), Candidate.id < last.id)
    return or_(keyed, lead.is_(None))


# What a list of candidates shows: every column but the kept enrichment answer, read as plain
# rows rather than ORM objects (nothing in a list is changed).
LISTED = tuple(column for column in Candidate.__table__.columns if column.key != "enrichment")


def candidates_query(
    filters: CandidateFilters,
    dialect: str,
    sort: CandidateSort = CandidateSort.created_at,
    *,
    entities: Sequence[Any] = LISTED,
    sort_matches: bool = False,
) -> Select[Any]:
    """``entities`` (the :data:`LISTED` columns by default) matching ``filters`` in ``sort``
    order. ``relevance`` orders by search score (best first) and, without a search, falls back
    to the default order. ``sort_matches``: find the matches first, then sort them (else walk
    the order, checking each candidate met)."""
    terms = parse_search(filters.search or "")
    if sort is not CandidateSort.relevance or not terms:
        if dialect == "postgresql" and sort_matches:
            # Found once through the filters' indexes (materialized: the planner would
            # rather walk the order's index checking each candidate, misjudging the cost of
            # a search document or a label probe), then sorted.
            matches = (
                select(Candidate.id).where(*_where(filters, dialect)).cte("matches")
            ).prefix_with("MATERIALIZED")
            found = Candidate.id.in_(select(matches.c.id))
            return select(*entities).where(found).order_by(*_ordering(sort))
        order = _ordering(sort, sort_matches=sort_matches and dialect == "sqlite")
        where = _where(filters, dialect, each=not sort_matches, sort_matches=sort_matches)
        return select(*entities).where(*where).order_by(*order)
    if dialect == "postgresql":
        score = func.ts_rank(_SEARCH_DOCUMENT, _pg_tsquery(terms))
        return (
            select(*entities)
            .where(*_where(filters, dialect))
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


def _archived_state(filters: CandidateFilters) -> bool | None:
    """Whether the candidates wanted are archived; None for either."""
    return {ArchivedFilter.exclude: False, ArchivedFilter.only: True}.get(filters.archived)


def _counted_from_index(filters: CandidateFilters, dialect: str) -> Select[Any] | None:
    """What to count for a search box alone (SQLite: its full-text index, whose keys are
    negative while archived) or one label filter alone (its label rows, which know who is
    archived), without looking at a candidate row; None for any other filters.

    Kept because the benchmark needs it at 100k on SQLite: checking each match of a broad
    word or skill against ``candidates`` is a primary-key lookup per match, and took those
    counts past the list's time budget (see benchmarks/README.md). PostgreSQL counts a label
    filter the same way, within its limit (:func:`_values_over`)."""
    given = set(filters.model_dump(exclude_defaults=True)) - {"archived"}
    archived = _archived_state(filters)
    terms = parse_search(filters.search or "")
    if given == {"search"} and terms and dialect == "sqlite":
        query = select(_fts.c.rowid).where(_FTS.op("MATCH")(fts5_query(terms)))
        if archived is not None:
            query = query.where(_fts.c.rowid < 0 if archived else _fts.c.rowid > 0)
        return query
    labels = _label_members(filters, archived=archived)
    if len(labels) == 1 and given <= {field for _kind, *fields in _LABELS for field in fields}:
        return labels[0]
    return None


def _values_over(session: Session, filters: CandidateFilters, limit: int) -> bool | None:
    """PostgreSQL, one label filter alone: whether a single one of its values has more than
    ``limit`` candidates, each counted from the label index up to ``limit`` + 1; then "any
    of" them has too. When none has, the exact count reads at most that many entries per
    value. None for "all of" several values, which this cannot tell."""
    values: list[tuple[LabelKind, str]] = []
    for kind, field, mode_field in _LABELS:
        given = {v.casefold() for v in getattr(filters, field) or ()}
        if len(given) > 1 and getattr(filters, mode_field) is LabelMode.all:
            return None
        values += [(kind, value) for value in given]
    archived = _archived_state(filters)
    for kind, value in values:
        # No DISTINCT: a candidate has one row per value, and the count stops at the limit.
        rows = select(CandidateLabel.candidate_id).where(
            CandidateLabel.kind == kind.value, CandidateLabel.value == func.lower(value)
        )
        if archived is not None:
            rows = rows.where(CandidateLabel.archived == archived)
        one = rows.limit(limit + 1).subquery()
        if (session.scalar(select(func.count()).select_from(one)) or 0) > limit:
            return True
    return False


def _whole_words_over(session: Session, filters: CandidateFilters, limit: int) -> bool:
    """PostgreSQL: whether the search with its words taken as whole words (some of its
    matches: each last word may also begin longer ones) already matches more than ``limit``.
    A whole word is one posting list of the full-text index; a prefix is every word it
    begins (a broad skill word: a third of the cost)."""
    terms = parse_search(filters.search or "")
    if not any(term.prefix for term in terms):
        return False
    whole = [SearchTerm(words=term.words, prefix=False) for term in terms]
    where = _where(filters, "postgresql", with_search=False)
    subset = select(Candidate.id).where(*where, _search_clause(whole, "postgresql"))
    counted = select(func.count()).select_from(subset.limit(limit + 1).subquery())
    return (session.scalar(counted) or 0) > limit


@dataclass(frozen=True)
class Total:
    """How many candidates match: exactly, or (PostgreSQL, beyond the engine's
    ``count_exact_up_to``) the planner's estimate, never below that limit."""

    count: int
    exact: bool = True


def _planned_rows(session: Session, query: Select[Any]) -> int:
    """PostgreSQL: how many rows the planner expects ``query`` to return (EXPLAIN, no run)."""
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    plan = connection.exec_driver_sql(
        f"EXPLAIN (FORMAT JSON) {compiled.string}", compiled.params
    ).scalar_one()
    return int(plan[0]["Plan"]["Plan Rows"])


def count_candidates(session: Session, filters: CandidateFilters) -> Total:
    """How many candidates match ``filters``. SQLite counts them all. PostgreSQL counts at
    most ``count_exact_up_to`` (an execution option of the engine) plus one: counting a
    million matches reads a million index entries, the main cost of a list page; beyond,
    the planner's estimate from the table statistics is the answer, flagged inexact."""
    dialect = dialect_of(session)
    matching = select(Candidate.id).where(*_where(filters, dialect))
    from_index = _counted_from_index(filters, dialect)
    if dialect == "sqlite":
        counted = (matching if from_index is None else from_index).subquery()
        return Total(session.scalar(select(func.count()).select_from(counted)) or 0)
    limit = session.connection().get_execution_options().get(COUNT_EXACT_OPTION, COUNT_EXACT_UP_TO)
    over: bool | None
    if from_index is None:
        over = _whole_words_over(session, filters, limit)
    else:
        over = _values_over(session, filters, limit)
    if over:
        total = None
    elif over is False and from_index is not None:
        total = session.scalar(select(func.count()).select_from(from_index.subquery()))
    else:
        total = session.scalar(
            select(func.count()).select_from(matching.limit(limit + 1).subquery())
        )
    if total is not None and total <= limit:
        return Total(total)
    return Total(max(_planned_rows(session, matching), limit + 1), exact=False)


def find_candidates(
    session: Session,
    filters: CandidateFilters,
    *,
    limit: int,
    offset: int = 0,
    sort: CandidateSort = CandidateSort.created_at,
) -> tuple[list[Row[Any]], Total]:
    """One page of matching candidates (rows of the :data:`LISTED` columns) and how many
    match in all.

    SQLite has no statistics to choose between walking the order's index and checking each
    candidate met, or finding the matches through the filters' indexes and sorting them: the
    count tells. A few matches are sorted (four combined filters at 100k: a walk met nearly
    every candidate for 209 matches); many are met soon enough on a walk."""
    total = count_candidates(session, filters)
    if total.exact and offset >= total.count:
        return [], total
    dialect = dialect_of(session)
    # PostgreSQL sorts every exactly counted set (up to 10,000 by default): finding them
    # through their indexes costs about what counting them did.
    few = total.exact if dialect == "postgresql" else total.count <= SORT_MATCHES_UP_TO
    query = candidates_query(filters, dialect, sort, sort_matches=few)
    return list(session.execute(query.limit(limit).offset(offset))), total
