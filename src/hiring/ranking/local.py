"""The local ranker: BM25 relevance, skill overlap, title, location and job type fit.

It needs no outside service and scores a whole pool at once from the ranking index (see
``hiring.ranking.index``): per job, only the job's terms are looked up and the arithmetic
runs on numpy arrays.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from hiring.candidates.filters import ArchivedFilter, CandidateFilters
from hiring.candidates.models import Candidate
from hiring.candidates.query import conditions, dialect_of
from hiring.pipeline.models import Assignment
from hiring.ranking.index import (
    JOB_TYPES,
    STOPWORDS,
    CandidateIndex,
    Profile,
    current_index,
    places,
    tokens,
    words,
)
from hiring.skills import canonical, find_skills, spellings

REMOTE = "remote"
# BM25 parameters (the usual ones) and how much each field of the job counts as a query.
K1 = 1.2
B = 0.75
FIELD_WEIGHTS = (("title", 2.0), ("requirements", 1.5), ("description", 1.0))
# Parts of the 0-100 score; without required skills their share goes to text relevance.
W_SKILLS, W_TEXT, W_TITLE, W_LOCATION, W_TYPE = 45.0, 25.0, 15.0, 8.0, 7.0
SHOWN_SKILLS = 5


@dataclass(frozen=True)
class JobText:
    title: str
    description: str
    requirements: str
    location: str
    job_type: str

    @property
    def is_remote(self) -> bool:
        return not self.location.strip() or REMOTE in self.location.lower()


@dataclass(frozen=True)
class Scored:
    candidate_id: str
    score: int
    reasoning: str
    matched_skills: list[str]
    missing_skills: list[str]


def required_skills(job: JobText) -> list[str]:
    """The vocabulary skills the job names, requirements first."""
    found: dict[str, None] = {}
    for text in (job.requirements, job.title, job.description):
        for skill in find_skills(text):
            found.setdefault(skill, None)
    return list(found)


def _query(job: JobText) -> dict[str, float]:
    """Query terms and their weights: a word counts more in the title than in the description."""
    weights: dict[str, float] = {}
    for field, weight in FIELD_WEIGHTS:
        for token in tokens(getattr(job, field)):
            if token not in STOPWORDS:
                weights[token] = weights.get(token, 0.0) + weight
    return weights


def _aliases(terms: Sequence[str]) -> dict[str, int]:
    """Candidate token → query column: each term and the one-word spellings of its skill."""
    index = {term: i for i, term in enumerate(terms)}
    for term, i in list(index.items()):
        name = canonical(term)
        if name is None:
            continue
        for spelling in spellings(name):
            if " " not in spelling:
                index.setdefault(spelling, i)
    return index


class LocalRanking:
    """Scores of a pool (rows of an index) for one job; ``top`` explains the best of them.

    Everything read from the index is read here, while the caller holds its lock; ``top``
    only reads what the index never changes (appended lists, arrays kept here).
    """

    def __init__(self, job: JobText, index: CandidateIndex, rows: np.ndarray) -> None:
        self.job = job
        self.required = required_skills(job)
        self.ids = index.ids
        self.rows = rows
        self.skill_names = index.skill_names
        self.titles = index.titles.values
        self.locations = index.locations.values
        self.title_codes = index.title_codes.array
        self.location_codes = index.location_codes.array
        self.skill_rows = index.skill_rows.array
        self.skill_ids = index.skill_ids.array
        position = np.full(len(index), -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        relevance = self._relevance(index, position)
        top = relevance.max() if len(rows) else 0.0
        text_fit = relevance / top if top > 0 else relevance
        skill_weight, text_weight = (
            (W_SKILLS, W_TEXT) if self.required else (0.0, W_SKILLS + W_TEXT)
        )
        self.scores = (
            skill_weight * self._skill_hits(index, position) / max(len(self.required), 1)
            + text_weight * text_fit
            + W_TITLE * self._title_fit(index)[self.title_codes[rows]]
            + W_LOCATION * self._location_fit(index)[self.location_codes[rows]]
            + W_TYPE * self._type_fit(index)[index.kind_codes.array[rows]]
        )

    @classmethod
    def of_profiles(cls, job: JobText, profiles: Sequence[Profile]) -> "LocalRanking":
        """The ranking of ``profiles`` alone (row i is profile i)."""
        index = CandidateIndex()
        index.add((profile, None) for profile in profiles)
        return cls(job, index, np.arange(len(profiles)))

    @property
    def pool_size(self) -> int:
        return len(self.rows)

    def _relevance(self, index: CandidateIndex, position: np.ndarray) -> np.ndarray:
        query = _query(self.job)
        found: list[tuple[np.ndarray, np.ndarray, int]] = []
        for token, column in _aliases(list(query)).items():
            token_id = index.token_id(token)
            if token_id is None:
                continue
            for rows, counts in index.postings(token_id):
                where = position[rows]
                kept = where >= 0
                found.append((where[kept], counts[kept], column))
        positions = np.concatenate([p for p, _c, _col in found] or [np.zeros(0, np.int64)])
        counts = np.concatenate([c for _p, c, _col in found] or [np.zeros(0)])
        columns = np.repeat([col for _p, _c, col in found], [len(p) for p, _c, _col in found])
        lengths = index.lengths.array[self.rows].astype(np.float64)
        weights = np.array(list(query.values()), dtype=np.float64)
        return self._bm25(positions, columns.astype(np.int64), counts, lengths, weights)

    def _skill_hits(self, index: CandidateIndex, position: np.ndarray) -> np.ndarray:
        """How many of the required skills each row holds."""
        required = np.zeros(len(self.skill_names), dtype=np.bool_)
        required[[index.skill_id[name] for name in self.required]] = True
        holders = position[self.skill_rows[required[self.skill_ids]]]
        return np.bincount(holders[holders >= 0], minlength=len(self.rows)).astype(np.float64)

    def _title_fit(self, index: CandidateIndex) -> np.ndarray:
        """Per title code: the share of the job title's words in the candidate's title and
        desired roles."""
        wanted = words(self.job.title)
        if not wanted:
            return np.zeros(len(self.titles))
        ids = [i for i in map(index.token_id, wanted) if i is not None]
        hits = np.isin(index.title_word_ids.array, ids)
        shared = np.bincount(index.title_word_codes.array[hits], minlength=len(self.titles))
        return shared / len(wanted)

    def _location_fit(self, index: CandidateIndex) -> np.ndarray:
        """Per location code: 1 in a place of the job (or the job is remote), 0 elsewhere,
        0.5 when the candidate's location is unknown."""
        if self.job.is_remote:
            return np.ones(len(self.locations))
        fit = np.where(index.located.array, 0.0, 0.5)
        ids = [index.place_id[p] for p in places(self.job.location) if p in index.place_id]
        fit[index.place_codes.array[np.isin(index.place_ids.array, ids)]] = 1.0
        return fit

    def _type_fit(self, index: CandidateIndex) -> np.ndarray:
        """Per (availability, tags) code: 1 when they name the job's type, 0 when they name
        only others, 0.5 when they name none."""
        bits = index.kind_bits.array
        wanted = 1 << JOB_TYPES.index(self.job.job_type) if self.job.job_type in JOB_TYPES else 0
        return np.where(bits == 0, 0.5, (bits & wanted != 0).astype(np.float64))

    @staticmethod
    def _bm25(
        positions: np.ndarray,
        columns: np.ndarray,
        counts: np.ndarray,
        lengths: np.ndarray,
        weights: np.ndarray,
    ) -> np.ndarray:
        """BM25 of every pool position from its (position, query column, count) hits, kept
        sparse: a long job text must not make a pool-by-terms matrix."""
        n = len(lengths)
        if n == 0 or len(positions) == 0:
            return np.zeros(n)
        pairs, inverse = np.unique(positions * len(weights) + columns, return_inverse=True)
        tf = np.bincount(inverse.ravel(), weights=counts)
        hit_positions, hit_columns = np.divmod(pairs, len(weights))
        df = np.bincount(hit_columns, minlength=len(weights))
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        norm = K1 * (1.0 - B + B * lengths / (lengths.mean() or 1.0))
        saturated = tf * (K1 + 1.0) / (tf + norm[hit_positions])
        contribution = saturated * idf[hit_columns] * weights[hit_columns]
        return np.bincount(hit_positions, weights=contribution, minlength=n)

    def best(self, k: int) -> list[int]:
        """The ``k`` best pool positions, best first; equal scores in candidate id order.
        Only the positions that can be among the best are sorted, not the whole pool."""
        n = len(self.rows)
        if k <= 0 or n == 0:
            return []
        if k < n:
            cut = self.scores[np.argpartition(-self.scores, k - 1)[:k]].min()
            positions = np.flatnonzero(self.scores >= cut)
        else:
            positions = np.arange(n)
        ordered = sorted(positions.tolist(), key=lambda p: (-self.scores[p], self.id_at(p)))
        return ordered[:k]

    def id_at(self, position: int) -> str:
        return self.ids[self.rows[position]]

    def top(self, k: int) -> list[Scored]:
        return [self.explain(position) for position in self.best(k)]

    def explain(self, position: int) -> Scored:
        row = int(self.rows[position])
        start, end = np.searchsorted(self.skill_rows, [row, row + 1])
        held = {self.skill_names[i] for i in self.skill_ids[start:end]}
        matched = [name for name in self.required if name in held]
        missing = [name for name in self.required if name not in held]
        return Scored(
            candidate_id=self.ids[row],
            score=round(min(100.0, max(0.0, float(self.scores[position])))),
            reasoning=self._reasoning(row, matched, missing),
            matched_skills=matched,
            missing_skills=missing,
        )

    def _reasoning(self, row: int, matched: list[str], missing: list[str]) -> str:
        parts = []
        if self.required:
            shown = ", ".join(matched[:SHOWN_SKILLS]) + (
                ", …" if len(matched) > SHOWN_SKILLS else ""
            )
            have = f"{len(matched)} of {len(self.required)} required skills"
            parts.append(f"{have}: {shown}" if matched else have)
            if missing:
                parts.append("missing: " + ", ".join(missing[:SHOWN_SKILLS]))
        else:
            parts.append("the job lists no known skills; ranked on text relevance")
        title, roles = self.titles[self.title_codes[row]]
        if title:
            parts.append(f"title {title}")
        elif roles:
            parts.append("wants " + ", ".join(roles[:2]))
        location = self.locations[self.location_codes[row]]
        where = f"in {location}" if location else "location unknown"
        job_where = "job is Remote" if self.job.is_remote else f"job is in {self.job.location}"
        parts.append(f"{where}, {job_where}")
        return "; ".join(parts)


def _without_archived(filters: CandidateFilters | None) -> CandidateFilters:
    # Ranking never includes archived candidates, whatever the filters say.
    return (filters or CandidateFilters()).model_copy(update={"archived": ArchivedFilter.exclude})


def _eligible(
    session: Session,
    index: CandidateIndex,
    job_id: str,
    filters: CandidateFilters | None,
    *,
    include_assigned: bool,
) -> np.ndarray:
    """Index rows of the candidates the job may be offered: the filters (never archived
    ones), and unless ``include_assigned`` none already in this job's pipeline (hired and
    rejected included). Without filters the index knows who is archived; the pipeline and
    any filters are asked of the database (ids only)."""
    pool = _without_archived(filters)
    if pool == _without_archived(None):
        candidate_rows = np.flatnonzero(index.alive.array & ~index.archived.array)
    else:
        ids = session.scalars(select(Candidate.id).where(*conditions(pool, dialect_of(session))))
        candidate_rows = np.array(
            [row for row in map(index.row_of.get, ids) if row is not None], dtype=np.int64
        )
    if include_assigned:
        return candidate_rows
    assigned = session.scalars(select(Assignment.candidate_id).where(Assignment.job_id == job_id))
    taken = [row for row in map(index.row_of.get, assigned) if row is not None]
    return candidate_rows[~np.isin(candidate_rows, taken)]


def rank_pool(
    session: Session,
    job_id: str,
    job: JobText,
    filters: CandidateFilters | None,
    *,
    include_assigned: bool,
) -> LocalRanking:
    """The local ranking of a job's eligible candidates (see ``_eligible``)."""
    with current_index(session) as index:
        rows = _eligible(session, index, job_id, filters, include_assigned=include_assigned)
        return LocalRanking(job, index, np.sort(rows))
