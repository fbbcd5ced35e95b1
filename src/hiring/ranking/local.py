"""The local ranker over the database: every ranking reads what it scores, so any process
ranks what any other committed a moment before, and nothing is kept between rankings.

A ranking is two steps, kept apart so other ways of finding contenders (stored embeddings)
can sit beside the first: ``contenders`` asks the database for the eligible candidates most
likely to fit (those whose searched text meets the most of the job's skills), at most
``CONTENDERS`` of them; ``hiring.ranking.scoring`` then scores their profiles with the full
rules.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select, text, union_all
from sqlalchemy.orm import Session

from hiring.candidates.filters import ArchivedFilter, CandidateFilters
from hiring.candidates.models import Candidate
from hiring.candidates.query import (
    conditions,
    criterion_expression,
    dialect_of,
    matching_ids,
    meets_at_least,
)
from hiring.pipeline.models import Assignment
from hiring.ranking.blended import Blended, blended
from hiring.ranking.scoring import (
    JobText,
    Profile,
    Ranking,
    Scored,
    query_terms,
    required_skills,
)
from hiring.skills import spellings

# The most candidates read and scored per ranking: the database picks them, Python scores
# them, so this bounds a ranking's time and memory whatever the number of candidates.
CONTENDERS = 1000
# Contenders are found by at most this many of a job's criteria (its first skills, or its
# heaviest query words): a search for those meeting any k of n is (n choose k) searches in one.
MAX_CRITERIA = 8


def criteria(job: JobText) -> list[tuple[str, ...]]:
    """What a good candidate has, each as the phrases any of which meets it: the job's first
    required skills (requirements first; any spelling of each), or without any, its heaviest
    query words. Every spelling has a word to search for, and a candidate's searched text
    holds their skills."""
    required = required_skills(job)
    if required:
        return [tuple(spellings(name)) for name in required[:MAX_CRITERIA]]
    weights = query_terms(job)
    heaviest = sorted(weights, key=lambda term: (-weights[term], term))[:MAX_CRITERIA]
    return [(term,) for term in heaviest]


@dataclass(frozen=True)
class Pool:
    """The candidates a job may be offered: ``where`` (the filters, never archived ones) and
    none of ``taken`` (the job's pipeline, unless assigned ones are included)."""

    where: list[ColumnElement[bool]]
    taken: Select[str] | None

    def conditions(self) -> list[ColumnElement[bool]]:
        if self.taken is None:
            return self.where
        return [*self.where, Candidate.id.not_in(self.taken)]


def pool(
    job_id: str, filters: CandidateFilters | None, dialect: str, *, include_assigned: bool
) -> Pool:
    # Ranking never includes archived candidates, whatever the filters say.
    unarchived = (filters or CandidateFilters()).model_copy(
        update={"archived": ArchivedFilter.exclude}
    )
    taken = None
    if not include_assigned:
        taken = select(Assignment.candidate_id).where(Assignment.job_id == job_id)
    return Pool(conditions(unarchived, dialect), taken)


def _bands(expressions: list[str], eligible: Pool, dialect: str) -> Iterator[Select[Any]]:
    """The eligible candidates, in bands by how many of ``expressions`` they meet (most
    first), each band in the order its contenders are taken."""
    if dialect == "postgresql":
        # Those meeting all, then one fewer, and so on: each band is one search of the GIN
        # index, answered from the index alone, and with many candidates the first bands
        # fill the list. Counting per row would read each matching row's document, stored
        # compressed and out of line: most of the table at a million candidates.
        for count in range(len(expressions), 0, -1):
            met = meets_at_least(expressions, count)
            yield select(Candidate.id).where(*eligible.conditions(), met).order_by(Candidate.id)
    elif expressions:
        # SQLite reads each criterion's matches once, as one list of hits from the full-text
        # index, counts them per candidate, then checks each candidate's eligibility once (a
        # search per band would read every criterion's matches again; checking each hit
        # would check a candidate once per criterion met).
        hits = union_all(
            *(
                matching_ids(expression).add_columns(literal(number).label("criterion"))
                for number, expression in enumerate(expressions)
            )
        ).subquery("hits")
        counted = (
            select(hits.c.candidate_id, func.count(hits.c.criterion.distinct()).label("met"))
            .group_by(hits.c.candidate_id)
            .subquery("counted")
        )
        yield (
            select(Candidate.id)
            .join(counted, counted.c.candidate_id == Candidate.id)
            .where(*eligible.conditions())
            .order_by(counted.c.met.desc(), Candidate.id)
        )
    yield select(Candidate.id).where(*eligible.conditions()).order_by(Candidate.id)


def contenders(session: Session, job: JobText, eligible: Pool, limit: int) -> list[str]:
    """Ids of at most ``limit`` eligible candidates, those meeting the most of the job's
    criteria first (then by id); when too few meet any, the others eligible follow by id."""
    dialect = dialect_of(session)
    expressions = [e for c in criteria(job) if (e := criterion_expression(c, dialect))]
    ids: list[str] = []
    for band in _bands(expressions, eligible, dialect):
        if ids:
            band = band.where(Candidate.id.not_in(ids))
        ids += session.scalars(band.limit(limit - len(ids)))
        if len(ids) >= limit:
            break
    return ids


def _items(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def profiles(session: Session, ids: Sequence[str]) -> list[Profile]:
    """The ranking columns of candidates ``ids``, in that order."""
    query = select(
        Candidate.id,
        Candidate.current_title,
        Candidate.skills,
        Candidate.desired_roles,
        Candidate.resume_text,
        Candidate.location,
        Candidate.availability,
        Candidate.tags,
    ).where(Candidate.id.in_(ids))
    found = {
        row.id: Profile(
            row.id,
            row.current_title,
            _items(row.skills),
            _items(row.desired_roles),
            row.resume_text,
            row.location,
            row.availability,
            _items(row.tags),
        )
        for row in session.execute(query)
    }
    return [found[cid] for cid in ids if cid in found]


@dataclass(frozen=True)
class PoolRanking:
    """A job's ranking: its contenders scored (by words, and with the sentence model by the
    blend of ``semantic``), and how many candidates were eligible."""

    ranking: Ranking
    pool_size: int
    semantic: Blended | None = None

    @property
    def required(self) -> list[str]:
        return self.ranking.required

    def top(self, k: int) -> list[Scored]:
        if self.semantic is None:
            return self.ranking.top(k)
        return self.semantic.top(k)


def rank_pool(
    session: Session,
    job_id: str,
    job: JobText,
    filters: CandidateFilters | None,
    *,
    include_assigned: bool,
    most: int = CONTENDERS,
) -> PoolRanking:
    """The local ranking of the candidates the job may be offered: those matching the filters
    (never archived ones) and, unless ``include_assigned``, none already in this job's
    pipeline (hired and rejected included). At ``most`` contenders are scored."""
    dialect = dialect_of(session)
    if dialect == "postgresql":
        # Counting and choosing among a million candidates is the one request that scans
        # this much: it gets the server's parallel workers the app's connections go without
        # (hiring.db), for its own transaction.
        session.execute(text("SET LOCAL max_parallel_workers_per_gather TO DEFAULT"))
    eligible = pool(job_id, filters, dialect, include_assigned=include_assigned)
    counted = select(func.count()).select_from(Candidate).where(*eligible.conditions())
    pool_size = session.scalar(counted) or 0
    found = contenders(session, job, eligible, most) if pool_size else []
    ranking = Ranking(job, profiles(session, found))
    return PoolRanking(ranking, pool_size, blended(session, ranking))
