"""The local ranker's scoring rules: BM25 relevance, skill overlap, title, location and job
type fit of candidate profiles for one job.

Pure functions of a job and the profiles given: no database, no state kept between calls.
Which profiles to score is the caller's business (``hiring.ranking.local`` reads a shortlist
from the database); BM25's statistics (document frequencies, mean length) and the scale of
text relevance are those of the profiles scored together.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

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
REMOTE = "remote"
# BM25 parameters (the usual ones) and how much each field of the job counts as a query.
K1 = 1.2
B = 0.75
FIELD_WEIGHTS = (("title", 2.0), ("requirements", 1.5), ("description", 1.0))
# Parts of the 0-100 score; without required skills their share goes to text relevance.
W_SKILLS, W_TEXT, W_TITLE, W_LOCATION, W_TYPE = 45.0, 25.0, 15.0, 8.0, 7.0
SHOWN_SKILLS = 5


class Profile(NamedTuple):
    """The columns of a candidate that ranking reads."""

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
    candidate_id: str
    score: int
    reasoning: str
    matched_skills: list[str]
    missing_skills: list[str]
    # "local": scored on words; "semantic": on the blend with the sentence model.
    engine: str = "local"


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def words(text: str | None) -> set[str]:
    """The words of a title that say what the job is (no stopwords, no seniority)."""
    return {t for t in tokens(text or "") if t not in STOPWORDS and t not in LEVELS}


def places(location: str | None) -> set[str]:
    found = set(map(str.strip, (location or "").lower().split(",")))
    found.discard("")
    return found


def job_kinds(availability: str | None, tags: Sequence[str]) -> set[str]:
    """The job types a candidate's availability and tags name (contract, part- or full-time)."""
    text = " ".join([availability or "", *tags]).lower()
    return {kind for word, kind in JOB_TYPE_WORDS.items() if word in text}


def required_skills(job: JobText) -> list[str]:
    """The vocabulary skills the job names, requirements first."""
    found: dict[str, None] = {}
    for text in (job.requirements, job.title, job.description):
        for skill in find_skills(text):
            found.setdefault(skill, None)
    return list(found)


def query_terms(job: JobText) -> dict[str, float]:
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


def _location_fit(job: JobText, location: str | None) -> float:
    """1 in a place of the job (or the job is remote), 0 elsewhere, 0.5 when unknown."""
    if job.is_remote:
        return 1.0
    found = places(location)
    if not found:
        return 0.5
    return 1.0 if found & places(job.location) else 0.0


def _type_fit(job: JobText, availability: str | None, tags: Sequence[str]) -> float:
    """1 when availability and tags name the job's type, 0 when they name only others, 0.5
    when they name none."""
    named = job_kinds(availability, tags)
    if not named:
        return 0.5
    return 1.0 if job.job_type in named else 0.0


def _bm25(
    positions: np.ndarray,
    columns: np.ndarray,
    counts: np.ndarray,
    lengths: np.ndarray,
    weights: np.ndarray,
) -> np.ndarray:
    """BM25 of every position from its (position, query column, count) hits, kept sparse: a
    long job text must not make a profiles-by-terms matrix."""
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


class Ranking:
    """Scores of ``profiles`` for one job (position i is profile i); ``top`` explains the
    best of them."""

    def __init__(self, job: JobText, profiles: Sequence[Profile]) -> None:
        self.job = job
        self.profiles = profiles
        self.required = required_skills(job)
        self.held: list[set[str]] = []
        query = query_terms(job)
        aliases = _aliases(list(query))
        find = skill_finder(self.required)
        # Titles, roles and skills repeat across candidates: each is searched once.
        short_texts: dict[str, tuple[list[str], list[str]]] = {}
        wanted = words(job.title)
        positions: list[int] = []
        columns: list[int] = []
        counts: list[int] = []
        lengths = np.zeros(len(profiles))
        title_fit = np.zeros(len(profiles))
        location_fit = np.zeros(len(profiles))
        type_fit = np.zeros(len(profiles))
        for position, profile in enumerate(profiles):
            resume = profile.resume_text or ""
            counted = Counter(tokens(resume))
            held = set(find(resume)) if resume else set()
            for text in (profile.current_title or "", *profile.desired_roles, *profile.skills):
                found = short_texts.get(text)
                if found is None:
                    found = short_texts[text] = (tokens(text), find(text))
                counted.update(found[0])
                held.update(found[1])
            held.update(name for name in map(canonical, profile.skills) if name is not None)
            self.held.append(held)
            for token, count in counted.items():
                column = aliases.get(token)
                if column is not None:
                    positions.append(position)
                    columns.append(column)
                    counts.append(count)
            lengths[position] = counted.total()
            if wanted:
                title_words = words(profile.current_title).union(*map(words, profile.desired_roles))
                title_fit[position] = len(wanted & title_words) / len(wanted)
            location_fit[position] = _location_fit(job, profile.location)
            type_fit[position] = _type_fit(job, profile.availability, profile.tags)
        relevance = _bm25(
            np.array(positions, dtype=np.int64),
            np.array(columns, dtype=np.int64),
            np.array(counts, dtype=np.float64),
            lengths,
            np.array(list(query.values()), dtype=np.float64),
        )
        top = relevance.max() if len(profiles) else 0.0
        text_fit = relevance / top if top > 0 else relevance
        skill_weight, text_weight = (
            (W_SKILLS, W_TEXT) if self.required else (0.0, W_SKILLS + W_TEXT)
        )
        hits = np.array([len(held.intersection(self.required)) for held in self.held])
        self.scores: np.ndarray = (
            skill_weight * hits.astype(np.float64) / max(len(self.required), 1)
            + text_weight * text_fit
            + W_TITLE * title_fit
            + W_LOCATION * location_fit
            + W_TYPE * type_fit
        )

    def best(self, k: int) -> list[int]:
        """The ``k`` best positions, best first; equal scores in candidate id order. Only the
        positions that can be among the best are sorted, not all of them."""
        n = len(self.profiles)
        if k <= 0 or n == 0:
            return []
        if k < n:
            cut = self.scores[np.argpartition(-self.scores, k - 1)[:k]].min()
            positions = np.flatnonzero(self.scores >= cut)
        else:
            positions = np.arange(n)
        ordered = sorted(positions.tolist(), key=lambda p: (-self.scores[p], self.profiles[p].id))
        return ordered[:k]

    def top(self, k: int) -> list[Scored]:
        return [self.explain(position) for position in self.best(k)]

    def explain(self, position: int) -> Scored:
        profile = self.profiles[position]
        held = self.held[position]
        matched = [name for name in self.required if name in held]
        missing = [name for name in self.required if name not in held]
        return Scored(
            candidate_id=profile.id,
            score=round(min(100.0, max(0.0, float(self.scores[position])))),
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
        job = self.job
        job_where = "job is Remote" if job.is_remote else f"job is in {job.location}"
        parts.append(f"{where}, {job_where}")
        return "; ".join(parts)
