"""The local ranker: BM25 relevance, skill overlap, title, location and job type fit.

It needs no outside service and scores a whole pool at once: candidate text is tokenised once,
only the job's terms are counted, and the arithmetic runs on numpy arrays.
"""

import gc
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from sqlalchemy import Text, cast, exists, select
from sqlalchemy.orm import Session

from hiring.candidates.models import Candidate
from hiring.candidates.query import ArchivedFilter, CandidateFilters, conditions, dialect_of
from hiring.pipeline.models import Assignment
from hiring.skills import canonical, find_skills, skill_finder, spellings

TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9]+)*")
# Words that say nothing about fit (left out of the query) and seniority words (left out of
# title comparison: a Senior Backend Engineer fits a Backend Engineer role).
_STOPWORDS = (
    "a an and are as at be by for from has have in is it of on or our the to we will with you "
    "your who what this that their they join looking team work working role experience years "
    "plus strong good great ability etc using use must nice"
)
_LEVELS = "senior junior staff lead principal sr jr head mid level i ii iii iv"
STOPWORDS = frozenset(_STOPWORDS.split())
LEVELS = frozenset(_LEVELS.split())
REMOTE = "remote"
JOB_TYPE_WORDS = {
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "freelancer": "contract",
    "part-time": "part_time",
    "part time": "part_time",
    "full-time": "full_time",
    "full time": "full_time",
    "permanent": "full_time",
}
# BM25 parameters (the usual ones) and how much each field of the job counts as a query.
K1 = 1.2
B = 0.75
FIELD_WEIGHTS = (("title", 2.0), ("requirements", 1.5), ("description", 1.0))
# Parts of the 0-100 score; without required skills their share goes to text relevance.
W_SKILLS, W_TEXT, W_TITLE, W_LOCATION, W_TYPE = 45.0, 25.0, 15.0, 8.0, 7.0
SHOWN_SKILLS = 5


class Profile(NamedTuple):
    """The columns of a candidate that ranking reads (loaded in one query)."""

    id: str
    current_title: str | None
    skills: tuple[str, ...]
    desired_roles: tuple[str, ...]
    resume_text: str | None
    location: str | None
    availability: str | None
    tags: tuple[str, ...]


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
    profile: Profile
    score: int
    reasoning: str
    matched_skills: list[str]
    missing_skills: list[str]


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def _words(text: str | None) -> set[str]:
    return {t for t in tokens(text or "") if t not in STOPWORDS and t not in LEVELS}


def _places(location: str | None) -> set[str]:
    places = set(map(str.strip, (location or "").lower().split(",")))
    places.discard("")
    return places


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


# (token count, query columns hit, required skills held, title fit)
_Fields = tuple[int, list[int], frozenset[str], float]


class _Parts:
    """What one piece of candidate text contributes, cached: pools repeat titles, roles and
    skills endlessly, so each distinct string is tokenised and searched once."""

    def __init__(self, job: JobText, terms: Sequence[str], required: list[str]) -> None:
        self.column = _aliases(terms)
        self.by_spelling = {spelling: name for name in required for spelling in spellings(name)}
        self.find_required = skill_finder(required)
        self.title_words = _words(job.title)
        self.job_places = _places(job.location)
        self.job_type = job.job_type
        self.texts: dict[str, tuple[int, list[int], list[str]]] = {}
        self.skills: dict[str, tuple[int, list[int], list[str]]] = {}
        self.titles: dict[tuple[str | None, tuple[str, ...]], float] = {}
        self.places: dict[str | None, float] = {}
        self.kinds: dict[tuple[str | None, tuple[str, ...]], float] = {}
        self.profiles: dict[tuple[str | None, tuple[str, ...], tuple[str, ...]], _Fields] = {}

    def profile(self, key: tuple[str | None, tuple[str, ...], tuple[str, ...]]) -> _Fields:
        """What the structured fields (title, desired roles, listed skills) contribute: many
        candidates share them, so the caller looks ``key`` up in ``profiles`` first."""
        title, roles, skills = key
        length, columns, names = 0, [], set()
        for piece in (self.text(title or ""), *map(self.text, roles), *map(self.skill, skills)):
            length += piece[0]
            columns += piece[1]
            names.update(piece[2])
        found = (length, columns, frozenset(names), self.title_fit(title, roles))
        self.profiles[key] = found
        return found

    def text(self, text: str) -> tuple[int, list[int], list[str]]:
        """(token count, query columns hit, required skills found) for free text."""
        found = self.texts.get(text)
        if found is None:
            doc = tokens(text)
            found = (len(doc), [self.column[t] for t in doc if t in self.column], [])
            if self.by_spelling:
                found[2].extend(self.find_required(text))
            self.texts[text] = found
        return found

    def skill(self, skill: str) -> tuple[int, list[int], list[str]]:
        """Like ``text``, and a listed skill matches any spelling whatever its case."""
        found = self.skills.get(skill)
        if found is None:
            length, columns, names = self.text(skill)
            exact = self.by_spelling.get(" ".join(skill.split()).casefold())
            found = (length, columns, [*names, exact] if exact else names)
            self.skills[skill] = found
        return found

    def title_fit(self, title: str | None, roles: tuple[str, ...]) -> float:
        key = (title, roles)
        fit = self.titles.get(key)
        if fit is None:
            words = _words(title).union(*(_words(r) for r in roles))
            fit = len(self.title_words & words) / len(self.title_words) if self.title_words else 0.0
            self.titles[key] = fit
        return fit

    def location_fit(self, location: str | None) -> float:
        fit = self.places.get(location)
        if fit is None:
            places = _places(location)
            fit = 0.5 if not places else float(bool(places & self.job_places))
            self.places[location] = fit
        return fit

    def type_fit(self, availability: str | None, tags: tuple[str, ...]) -> float:
        key = (availability, tags)
        fit = self.kinds.get(key)
        if fit is None:
            text = " ".join([availability or "", *tags]).lower()
            kinds = {kind for word, kind in JOB_TYPE_WORDS.items() if word in text}
            fit = float(self.job_type in kinds) if kinds else 0.5
            self.kinds[key] = fit
        return fit


class LocalRanking:
    """Scores of a whole pool for one job; ``top`` explains the best of them."""

    def __init__(self, job: JobText, profiles: Sequence[Profile]) -> None:
        self.job = job
        self.profiles = profiles
        self.required = required_skills(job)
        n = len(profiles)
        query = _query(job)
        terms = list(query)
        parts = _Parts(job, terms, self.required)
        remote = job.is_remote

        lengths: list[int] = []
        per_row: list[int] = []
        hit_columns: list[int] = []
        skill_hits: list[int] = []
        title_fit: list[float] = []
        location_fit: list[float] = []
        type_fit: list[float] = []
        self.matched: list[list[str]] = []
        known = parts.profiles
        for profile in profiles:
            key = (profile.current_title, profile.desired_roles, profile.skills)
            length, columns, have, fit = known.get(key) or parts.profile(key)
            if profile.resume_text:
                extra, more, found = parts.text(profile.resume_text)
                length, columns, have = length + extra, columns + more, have.union(found)
            lengths.append(length)
            per_row.append(len(columns))
            hit_columns.extend(columns)
            matched = [name for name in self.required if name in have] if have else []
            self.matched.append(matched)
            skill_hits.append(len(matched))
            title_fit.append(fit)
            location_fit.append(1.0 if remote else parts.location_fit(profile.location))
            type_fit.append(parts.type_fit(profile.availability, profile.tags))

        rows = np.repeat(np.arange(n, dtype=np.int64), np.array(per_row, dtype=np.int64))
        relevance = self._bm25(
            rows,
            np.array(hit_columns, dtype=np.int64),
            np.array(lengths, dtype=np.float64),
            np.array([query[t] for t in terms], dtype=np.float64),
        )
        top = relevance.max() if n else 0.0
        text_fit = relevance / top if top > 0 else relevance
        skill_weight, text_weight = (
            (W_SKILLS, W_TEXT) if self.required else (0.0, W_SKILLS + W_TEXT)
        )
        self.scores = (
            skill_weight * np.array(skill_hits, dtype=np.float64) / max(len(self.required), 1)
            + text_weight * text_fit
            + W_TITLE * np.array(title_fit, dtype=np.float64)
            + W_LOCATION * np.array(location_fit, dtype=np.float64)
            + W_TYPE * np.array(type_fit, dtype=np.float64)
        )

    @staticmethod
    def _bm25(
        rows: np.ndarray, columns: np.ndarray, lengths: np.ndarray, weights: np.ndarray
    ) -> np.ndarray:
        """BM25 of every row from its (row, query column) hits, kept sparse: a long job
        text must not make a pool-by-terms matrix."""
        n = len(lengths)
        if n == 0 or len(rows) == 0:
            return np.zeros(n)
        pairs, tf = np.unique(rows * len(weights) + columns, return_counts=True)
        hit_rows, hit_columns = np.divmod(pairs, len(weights))
        df = np.bincount(hit_columns, minlength=len(weights))
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        norm = K1 * (1.0 - B + B * lengths / (lengths.mean() or 1.0))
        saturated = tf * (K1 + 1.0) / (tf + norm[hit_rows])
        contribution = saturated * idf[hit_columns] * weights[hit_columns]
        return np.bincount(hit_rows, weights=contribution, minlength=n)

    def best(self, k: int) -> list[int]:
        """The ``k`` best row numbers, best first; equal scores in candidate id order. Only
        the rows that can be among the best are sorted, not the whole pool."""
        n = len(self.profiles)
        if k <= 0 or n == 0:
            return []
        if k < n:
            cut = self.scores[np.argpartition(-self.scores, k - 1)[:k]].min()
            rows = np.flatnonzero(self.scores >= cut)
        else:
            rows = np.arange(n)
        ordered = sorted(rows.tolist(), key=lambda r: (-self.scores[r], self.profiles[r].id))
        return ordered[:k]

    def top(self, k: int) -> list[Scored]:
        return [self.explain(row) for row in self.best(k)]

    def explain(self, row: int) -> Scored:
        profile = self.profiles[row]
        matched = self.matched[row]
        missing = [s for s in self.required if s not in matched]
        return Scored(
            profile=profile,
            score=round(min(100.0, max(0.0, float(self.scores[row])))),
            reasoning=self._reasoning(profile, matched, missing),
            matched_skills=matched,
            missing_skills=missing,
        )

    def _reasoning(self, profile: Profile, matched: list[str], missing: list[str]) -> str:
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
        if profile.current_title:
            parts.append(f"title {profile.current_title}")
        elif profile.desired_roles:
            parts.append("wants " + ", ".join(profile.desired_roles[:2]))
        where = f"in {profile.location}" if profile.location else "location unknown"
        job_where = "job is Remote" if self.job.is_remote else f"job is in {self.job.location}"
        parts.append(f"{where}, {job_where}")
        return "; ".join(parts)


# JSON lists are read as text and decoded once per distinct value: pools repeat the same
# skills, roles and tags, and decoding every row would cost more than ranking it.
COLUMNS = (
    Candidate.id,
    Candidate.current_title,
    cast(Candidate.skills, Text),
    cast(Candidate.desired_roles, Text),
    Candidate.resume_text,
    Candidate.location,
    Candidate.availability,
    cast(Candidate.tags, Text),
)


def _list_decoder() -> Callable[[str | None], tuple[str, ...]]:
    seen: dict[str | None, tuple[str, ...]] = {}

    def decode(raw: str | None) -> tuple[str, ...]:
        found = seen.get(raw)
        if found is None:
            value = json.loads(raw) if raw else []
            found = tuple(str(v) for v in value) if isinstance(value, list) else ()
            seen[raw] = found
        return found

    return decode


def load_pool(
    session: Session, job_id: str, filters: CandidateFilters | None, *, include_assigned: bool
) -> list[Profile]:
    """Every eligible candidate in one query: the filters (never archived ones), and unless
    ``include_assigned`` none already in this job's pipeline (hired and rejected included)."""
    base = filters or CandidateFilters()
    where = conditions(
        base.model_copy(update={"archived": ArchivedFilter.exclude}), dialect_of(session)
    )
    if not include_assigned:
        where.append(
            ~exists().where(Assignment.candidate_id == Candidate.id, Assignment.job_id == job_id)
        )
    decode = _list_decoder()
    return [
        Profile(cid, title, decode(skills), decode(roles), resume, place, available, decode(tags))
        for cid, title, skills, roles, resume, place, available, tags in session.execute(
            select(*COLUMNS).where(*where)
        )
    ]


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Reading and scoring a pool makes hundreds of thousands of small tuples and lists, none
    in a reference cycle; the cyclic collector would walk them all repeatedly (it doubles the
    time). Reference counting still frees everything meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def rank_pool(
    session: Session,
    job_id: str,
    job: JobText,
    filters: CandidateFilters | None,
    *,
    include_assigned: bool,
) -> tuple[list[Profile], LocalRanking]:
    """The eligible pool of a job and its local ranking."""
    with _cyclic_gc_paused():
        profiles = load_pool(session, job_id, filters, include_assigned=include_assigned)
        return profiles, LocalRanking(job, profiles)
