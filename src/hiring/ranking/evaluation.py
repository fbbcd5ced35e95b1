"""Measures a ranking engine on a labelled evaluation set: nDCG@10 and precision@5 per job.

The set the project ships (``tests/data/ranking_eval.json``, built by
``benchmarks/ranking_eval_build.py``) holds jobs from unrelated fields and people written in
everyday phrasing, graded by the role each person was built to hold (2 = the job's role,
1 = an adjacent role, 0 = other), including people who use a role's words without holding
it. Nothing in it comes from the ranker's own vocabulary. The tests and ``make bench`` read
it through ``load``.
"""

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hiring.ranking import embedding
from hiring.ranking.embedding import SentenceModel
from hiring.ranking.scoring import JobText, Profile, Ranking
from hiring.ranking.semantic import blend, candidate_document, candidate_role, job_document

NDCG_K = 10
PRECISION_K = 5
HOLDS_ROLE = 2

# An engine orders every profile for a job, best first (ids).
Engine = Callable[[JobText, Sequence[Profile]], list[str]]


@dataclass(frozen=True)
class Case:
    job_id: str
    job: JobText
    grades: dict[str, int]


@dataclass(frozen=True)
class EvaluationSet:
    cases: list[Case]
    profiles: list[Profile]


@dataclass(frozen=True)
class JobResult:
    job_id: str
    ndcg: float
    precision: float


@dataclass(frozen=True)
class Report:
    engine: str
    jobs: list[JobResult]

    @property
    def mean_ndcg(self) -> float:
        return sum(j.ndcg for j in self.jobs) / len(self.jobs)

    @property
    def mean_precision(self) -> float:
        return sum(j.precision for j in self.jobs) / len(self.jobs)

    @property
    def worst(self) -> JobResult:
        return min(self.jobs, key=lambda j: (j.ndcg, j.job_id))

    def summary(self) -> str:
        worst = self.worst
        return (
            f"{self.engine}: mean nDCG@{NDCG_K} {self.mean_ndcg:.3f}, precision@{PRECISION_K} "
            f"{self.mean_precision:.3f}, worst job {worst.job_id} {worst.ndcg:.3f}"
        )

    def table(self) -> str:
        lines = [f"{'job':<20} nDCG@{NDCG_K}  P@{PRECISION_K}"]
        lines += [f"{j.job_id:<20} {j.ndcg:7.3f} {j.precision:5.2f}" for j in self.jobs]
        lines.append(f"{'mean':<20} {self.mean_ndcg:7.3f} {self.mean_precision:5.2f}")
        return "\n".join(lines)


def load(path: Path) -> EvaluationSet:
    data = json.loads(path.read_text())
    profiles = [
        Profile(
            id=person["id"],
            current_title=person.get("current_title"),
            skills=tuple(person.get("skills", ())),
            desired_roles=(),
            resume_text=person.get("resume_text"),
            location=person.get("location"),
            availability=None,
            tags=(),
        )
        for person in data["candidates"]
    ]
    cases = [
        Case(
            job_id=job["id"],
            job=JobText(
                title=job["title"],
                description=job["description"],
                requirements=job["requirements"],
                location=job["location"],
                job_type=job["job_type"],
            ),
            grades={cid: int(grade) for cid, grade in job["grades"].items()},
        )
        for job in data["jobs"]
    ]
    return EvaluationSet(cases, profiles)


def _dcg(gains: Sequence[int]) -> float:
    return sum((2**gain - 1) / math.log2(place + 2) for place, gain in enumerate(gains))


def ndcg(order: Sequence[str], grades: dict[str, int], k: int = NDCG_K) -> float:
    """Normalised discounted cumulative gain of the first ``k`` of ``order`` (1.0: the best
    ordering the grades allow)."""
    ideal = _dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 1.0
    return _dcg([grades.get(cid, 0) for cid in order[:k]]) / ideal


def precision(order: Sequence[str], grades: dict[str, int], k: int = PRECISION_K) -> float:
    """The share of the first ``k`` who hold the job's role."""
    return sum(grades.get(cid, 0) >= HOLDS_ROLE for cid in order[:k]) / k


def evaluate(evaluation: EvaluationSet, engine: Engine, name: str) -> Report:
    results = []
    for case in evaluation.cases:
        order = engine(case.job, evaluation.profiles)
        results.append(
            JobResult(case.job_id, ndcg(order, case.grades), precision(order, case.grades))
        )
    return Report(name, results)


def words_engine(job: JobText, profiles: Sequence[Profile]) -> list[str]:
    """The local word-matching ranker (``hiring.ranking.scoring``)."""
    ranking = Ranking(job, profiles)
    return [profiles[position].id for position in ranking.best(NDCG_K)]


class _Embedded:
    """The evaluation set's profiles embedded once, for every semantic engine and job."""

    def __init__(self, model: SentenceModel) -> None:
        self.model = model
        self.vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def of(self, profiles: Sequence[Profile]) -> tuple[np.ndarray, np.ndarray]:
        missing = [p for p in profiles if p.id not in self.vectors]
        if missing:
            documents = self.model.embed(
                [
                    candidate_document(p.current_title, p.desired_roles, p.skills, p.resume_text)
                    for p in missing
                ]
            )
            roles = self.model.embed(
                [candidate_role(p.current_title, p.resume_text) for p in missing]
            )
            for p, document, role in zip(missing, documents, roles, strict=True):
                self.vectors[p.id] = (document, role)
        found = [self.vectors[p.id] for p in profiles]
        return np.stack([f[0] for f in found]), np.stack([f[1] for f in found])

    def similarities(
        self, job: JobText, profiles: Sequence[Profile]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(meaning, role) cosines of every profile for ``job``."""
        documents, roles = self.of(profiles)
        wanted = self.model.embed([job_document(job), job.title])
        return documents @ wanted[0], roles @ wanted[1]


def _best(profiles: Sequence[Profile], scores: np.ndarray) -> list[str]:
    order = sorted(range(len(profiles)), key=lambda p: (-float(scores[p]), profiles[p].id))
    return [profiles[p].id for p in order[:NDCG_K]]


def available_engines() -> dict[str, Engine]:
    """The engines this install can run, by name: word matching always; with the
    ``semantic`` extra, the sentence model's meaning alone and the blend the ranker uses."""
    engines: dict[str, Engine] = {"words": words_engine}
    sentence_model = embedding.model()
    if sentence_model is None:
        return engines
    embedded = _Embedded(sentence_model)

    def meaning_engine(job: JobText, profiles: Sequence[Profile]) -> list[str]:
        return _best(profiles, embedded.similarities(job, profiles)[0])

    def blended_engine(job: JobText, profiles: Sequence[Profile]) -> list[str]:
        meaning, role = embedded.similarities(job, profiles)
        return _best(profiles, blend(Ranking(job, profiles).scores, meaning, role))

    engines["meaning"] = meaning_engine
    engines["blended"] = blended_engine
    return engines
