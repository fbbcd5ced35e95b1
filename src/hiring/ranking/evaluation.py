"""A labelled evaluation set for the local ranker, generated from the skills vocabulary.

Each case is a job with known required skills and candidates of known fit: ``strong`` (the
role and nearly every required skill, sometimes under a synonym), ``partial`` (a third to a
half of the skills, another role) and ``none`` (other skills, another role). The tests and
the benchmark both measure the ranker on it.
"""

import random
from dataclasses import dataclass
from enum import StrEnum

from hiring.ranking.scoring import JobText, Profile, Ranking
from hiring.skills import all_skills, find_skills, spellings

ROLES = (
    "Backend Engineer",
    "Frontend Developer",
    "Data Engineer",
    "Mobile Developer",
    "Platform Engineer",
    "Security Analyst",
    "Product Designer",
    "QA Engineer",
    "Site Reliability Engineer",
    "Solutions Architect",
)
CITIES = ("Berlin, Germany", "Lisbon, Portugal", "Madrid, Spain", "Warsaw, Poland", "Paris, France")
REQUIRED = 6
K = 5


class Fit(StrEnum):
    strong = "strong"
    partial = "partial"
    none = "none"


@dataclass(frozen=True)
class Case:
    job: JobText
    profiles: list[Profile]
    fit: dict[str, Fit]


@dataclass(frozen=True)
class Metrics:
    cases: int
    precision_at_5: float
    strong_above_none: float

    def __str__(self) -> str:
        return (
            f"{self.cases} jobs: precision@{K} on strong fits {self.precision_at_5:.2f}, "
            f"strong fits above every non-fit in {self.strong_above_none:.0%} of jobs"
        )


def _usable_skills() -> list[str]:
    """Skills that find themselves when written by their canonical name (most do)."""
    return [s for s in all_skills() if find_skills(f"Experience with {s}.") == [s]]


def _spelled(skill: str, rnd: random.Random) -> str:
    """The skill as a person might list it: its name or one of its synonyms."""
    return rnd.choice([skill, *spellings(skill)]) if rnd.random() < 0.4 else skill


def _profile(cid: str, title: str, skills: list[str], rnd: random.Random) -> Profile:
    return Profile(
        id=cid,
        current_title=title,
        skills=tuple(_spelled(s, rnd) for s in skills),
        desired_roles=(title.removeprefix("Senior "),),
        resume_text=f"{title} with {rnd.randint(1, 12)} years of work on " + ", ".join(skills),
        location=rnd.choice(CITIES),
        availability=rnd.choice([None, "2 weeks", "contract", "full-time"]),
        tags=(),
    )


def evaluation_set(
    seed: int = 7, jobs: int = 12, strong: int = 5, partial: int = 10, none: int = 30
) -> list[Case]:
    rnd = random.Random(seed)
    vocabulary = _usable_skills()
    cases = []
    for j in range(jobs):
        role = ROLES[j % len(ROLES)]
        required = rnd.sample(vocabulary, REQUIRED)
        others = [s for s in vocabulary if s not in required]
        other_roles = [r for r in ROLES if r != role]
        job = JobText(
            title=f"Senior {role}",
            description=f"We are hiring a {role.lower()} to build and run our products.",
            requirements="Experience with " + ", ".join(required) + ".",
            location=rnd.choice(["Remote", CITIES[j % len(CITIES)]]),
            job_type=rnd.choice(["full_time", "contract"]),
        )
        members: list[tuple[Fit, str, list[str]]] = []
        for _ in range(strong):
            held = rnd.sample(required, rnd.randint(REQUIRED - 1, REQUIRED))
            title = rnd.choice([role, f"Senior {role}"])
            members.append((Fit.strong, title, held + rnd.sample(others, 2)))
        for _ in range(partial):
            held = rnd.sample(required, rnd.randint(2, REQUIRED // 2))
            members.append((Fit.partial, rnd.choice(other_roles), held + rnd.sample(others, 3)))
        for _ in range(none):
            skills = rnd.sample(others, rnd.randint(3, 7))
            members.append((Fit.none, rnd.choice(other_roles), skills))
        profiles = [
            _profile(f"cand_{j}_{n}", title, skills, rnd)
            for n, (_fit, title, skills) in enumerate(members)
        ]
        fit = {p.id: kind for p, (kind, _title, _skills) in zip(profiles, members, strict=True)}
        rnd.shuffle(profiles)
        cases.append(Case(job, profiles, fit))
    return cases


def evaluate(cases: list[Case]) -> Metrics:
    """Mean precision@5 on strong fits, and the share of jobs where every strong fit scores
    above every non-fit."""
    precision = 0.0
    separated = 0
    for case in cases:
        ranking = Ranking(case.job, case.profiles)
        order = [case.profiles[row].id for row in ranking.best(K)]
        precision += sum(case.fit[cid] == Fit.strong for cid in order[:K]) / K
        score = {p.id: float(ranking.scores[i]) for i, p in enumerate(case.profiles)}
        weakest_strong = min(score[c] for c, f in case.fit.items() if f == Fit.strong)
        best_none = max(score[c] for c, f in case.fit.items() if f == Fit.none)
        separated += weakest_strong > best_none
    return Metrics(len(cases), precision / len(cases), separated / len(cases))
