"""The local ranker on demo data: time to rank a large pool, and quality on the evaluation set.

Demo candidates have no resume text; real ones do, and reading it is most of the work, so a
share of the pool gets a resume of a few hundred words first. The first ranking builds the
process's ranking index (cold); the next ones only refresh it (warm), also after a few
candidates changed.

python -m benchmarks.ranking                 # 100k candidates in a temporary SQLite file
python -m benchmarks.ranking --candidates 20000 --runs 5
python -m benchmarks.ranking --database /tmp/bench.db   # keep the data for the next run
"""

import argparse
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Candidate
from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.demo import generate
from hiring.demo_rows import ROLES
from hiring.jobs.models import Job
from hiring.migrate import upgrade
from hiring.ranking.evaluation import evaluate, evaluation_set
from hiring.ranking.local import rank_pool
from hiring.ranking.service import job_text
from hiring.skills import all_skills, spellings

TARGET_SECONDS = 1.0
RESUME_SHARE = 0.6
_FILLER = (
    "built maintained shipped designed migrated owned improved reduced latency cost reliability "
    "customers internal tools platform services pipelines dashboards teams mentored engineers "
    "hired interviewed led projects across product design data operations quarterly roadmap "
    "launched features experiments revenue growth onboarding billing search payments api "
    "monitoring alerting incidents on-call postmortems documentation reviews testing release "
    "processes automation scale millions users requests per second startup enterprise agency"
)
FILLER = _FILLER.split()
_SYLLABLES = "ka lo mi ra ven tor sel dun pra qui zen bor lat fen gri hos nu pel"
SYLLABLES = _SYLLABLES.split()


def _resume(rnd: random.Random, skills: list[str]) -> str:
    """A few hundred words: roles held, companies and projects (many rare words, as in real
    resumes), skills named in various spellings, and filler."""
    role = rnd.choice(list(ROLES))
    words: list[str] = [role, "with", str(rnd.randint(1, 15)), "years", "of", "experience."]
    for _ in range(rnd.randint(3, 6)):
        company = "".join(rnd.choices(SYLLABLES, k=3)).capitalize()
        words += [rnd.choice(list(ROLES)), "at", company, f"{rnd.randint(2008, 2025)}."]
        for _ in range(rnd.randint(40, 80)):
            pick = rnd.random()
            if pick < 0.12:
                words.append(rnd.choice([*spellings(skill := rnd.choice(skills)), skill]))
            elif pick < 0.2:
                words.append("".join(rnd.choices(SYLLABLES, k=rnd.randint(2, 4))))
            else:
                words.append(rnd.choice(FILLER))
    return " ".join(words)


def _with_resumes(candidates: list[tuple[str, datetime]], seed: int) -> Iterator[dict[str, Any]]:
    """Resumes for a share of the candidates, as if they came with them (not updated now)."""
    rnd = random.Random(seed)
    vocabulary = all_skills()
    for cid, created in candidates:
        if rnd.random() < RESUME_SHARE:
            skills = rnd.sample(vocabulary, 12) + rnd.choice(list(ROLES.values()))
            yield {"id": cid, "resume_text": _resume(rnd, skills), "updated_at": created}


def _prepare(session: Session, candidates: int) -> None:
    started = time.perf_counter()
    generate(session, candidates=candidates, jobs=36)
    query = select(Candidate.id, Candidate.created_at).order_by(Candidate.id)
    rows = list(
        _with_resumes([(cid, created) for cid, created in session.execute(query)], seed=candidates)
    )
    session.execute(update(Candidate), rows)
    took = time.perf_counter() - started
    print(f"generated {candidates} candidates ({len(rows)} with a resume) in {took:.1f}s")


def _rank(session: Session, job: Job, label: str, filters: CandidateFilters | None = None) -> float:
    started = time.perf_counter()
    ranking = rank_pool(session, job.id, job_text(job), filters, include_assigned=False)
    top = ranking.top(10)
    took = time.perf_counter() - started
    verdict = "ok" if took < TARGET_SECONDS else f"over {TARGET_SECONDS:.0f}s"
    print(f"{label} {job.title!r}: ranked {ranking.pool_size} in {took:.3f}s ({verdict})")
    if top:
        print(f"  best {top[0].score}: {top[0].reasoning}")
    return took


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", type=Path, help="SQLite file to use (made if missing)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.database or Path(tmp) / "bench.db"
        existed = path.exists()
        url = f"sqlite:///{path}"
        upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        if not existed:
            with unit_of_work(sessions) as session:
                _prepare(session, args.candidates)

        with unit_of_work(sessions, write=False) as session:
            total = session.scalar(select(func.count(Candidate.id)))
            with_resume = session.scalar(select(func.count(Candidate.resume_text)))
            print(f"{total} candidates, {with_resume} with a resume")
            jobs = list(session.scalars(select(Job).order_by(Job.created_at).limit(args.runs)))
            _rank(session, jobs[0], "cold")
            warm = [_rank(session, job, "warm") for job in jobs]
            # A broad filter: the pool's ids come from the database, not from the index.
            with_email = CandidateFilters(has_email=True)
            warm.append(_rank(session, jobs[0], "warm, filtered (has_email)", with_email))
        with unit_of_work(sessions) as session:
            changed = list(session.scalars(select(Candidate).limit(100)))
            for candidate in changed:
                candidate.skills = [*candidate.skills, "Rust"]
        with unit_of_work(sessions, write=False) as session:
            warm.append(_rank(session, jobs[0], f"after {len(changed)} updates"))
        engine.dispose()
    print(f"warm: worst {max(warm):.3f}s, best {min(warm):.3f}s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak memory of this process: {peak} MB")
    print("quality:", evaluate(evaluation_set()))


if __name__ == "__main__":
    main()
