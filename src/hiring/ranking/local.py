"""The local ranker over the database: every ranking reads what it scores, so any process
ranks what any other committed a moment before, and nothing is kept between rankings.

A ranking is two steps, kept apart so other ways of finding contenders (stored embeddings)
can sit beside the first: ``contenders`` asks the database for the eligible candidates most
likely to fit (those meeting the most of the job's skills, by their skill labels or their
searched text), at most ``CONTENDERS`` of them; ``hiring.ranking.scoring`` then scores
their profiles with the full rules.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select, text, union_all
from sqlalchemy.orm import Session

from hiring.candidates.filters import ArchivedFilter, CandidateFilters
from hiring.candidates.models import Candidate, CandidateLabel, LabelKind
from hiring.candidates.query import conditions, dialect_of, text_matches
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
# A job naming no vocabulary skill is matched on its heaviest query words, this many.
MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class Criterion:
    """One thing a good candidate has: any of these skill labels, or any of these phrases
    in their searched text."""

    labels: tuple[str, ...]
    phrases: tuple[str, ...]


def criteria(job: JobText) -> list[Criterion]:
    """Each required skill of the job (any spelling of it), or without any, its heaviest
    query words."""
    required = required_skills(job)
    if required:
        return [Criterion(tuple(spellings(name)), tuple(spellings(name))) for name in required]
    weights = query_terms(job)
    heaviest = sorted(weights, key=lambda term: (-weights[term], term))[:MAX_QUERY_WORDS]
    return [Criterion((), (term,)) for term in heaviest]


def _meeting(criterion: Criterion, number: int, dialect: str) -> list[Select[str, int]]:
    """(candidate id, ``number``) of the unarchived candidates meeting ``criterion``."""
    found: list[Select[str, int]] = []
    if criterion.labels:
        found.append(
            select(CandidateLabel.candidate_id, literal(number).label("criterion")).where(
                CandidateLabel.kind == LabelKind.skill.value,
                CandidateLabel.value.in_(criterion.labels),
                CandidateLabel.archived.is_(False),
            )
        )
    matches = text_matches(criterion.phrases, dialect)
    if matches is not None:
        found.append(matches.add_columns(literal(number).label("criterion")))
    return found


@dataclass(frozen=True)
class Pool:
    """The candidates a job may be offered: ``where`` (the filters, never archived ones) and
    none of ``taken`` (the job's pipeline, unless assigned ones are included). ``narrowed``:
    the filters say more than "not archived"."""

    where: list[ColumnElement[bool]]
    taken: Select[str] | None
    narrowed: bool

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
    narrowed = unarchived != CandidateFilters(archived=ArchivedFilter.exclude)
    return Pool(conditions(unarchived, dialect), taken, narrowed)


def contenders(session: Session, job: JobText, eligible: Pool, limit: int) -> list[str]:
    """Ids of at most ``limit`` eligible candidates, those meeting the most of the job's
    criteria first (then by id). When fewer meet any, the others eligible follow by id."""
    dialect = dialect_of(session)
    parts = [
        part for number, c in enumerate(criteria(job)) for part in _meeting(c, number, dialect)
    ]
    ids: list[str] = []
    if parts:
        hits = union_all(*parts).subquery("hits")
        met = (
            select(hits.c.candidate_id, func.count(hits.c.criterion.distinct()).label("met"))
            .group_by(hits.c.candidate_id)
            .subquery("met")
        )
        best = select(met.c.candidate_id).order_by(met.c.met.desc(), met.c.candidate_id)
        if eligible.narrowed:
            best = best.join(Candidate, Candidate.id == met.c.candidate_id).where(*eligible.where)
        # Hits are of unarchived candidates only: without other filters, no candidate row
        # needs reading to pick the contenders.
        if eligible.taken is not None:
            best = best.where(met.c.candidate_id.not_in(eligible.taken))
        ids = list(session.scalars(best.limit(limit)))
    if len(ids) < limit:
        others = select(Candidate.id).where(*eligible.conditions()).order_by(Candidate.id)
        if ids:
            others = others.where(Candidate.id.not_in(ids))
        ids += session.scalars(others.limit(limit - len(ids)))
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
