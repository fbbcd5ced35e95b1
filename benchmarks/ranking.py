"""The local ranker on demo data: time to rank a job's candidates (its quality is measured
by ``benchmarks.ranking_quality``).

Each ranking reads the database: the contenders (eligible candidates meeting the most of the
job's skills), then their profiles, scored in Python. Nothing is built beforehand, so the
first ranking of a process is timed like the others. Demo candidates have no resume text;
real ones do, and scoring reads it, so a share of the pool gets a resume of a few hundred
words when the database is built (a database given that already holds candidates is only
read, but for its stored embeddings).

With the sentence model installed, the jobs are ranked twice: first with no embeddings
stored, as right after a bulk load (a ranking embeds up to ``ON_THE_SPOT`` contenders
itself), then with their contenders' embeddings stored, as once the scheduled job has
embedded everyone.

python -m benchmarks.ranking                 # 100k candidates in a temporary SQLite file
python -m benchmarks.ranking --candidates 20000 --runs 5
python -m benchmarks.ranking --database-url sqlite:////tmp/rank.db   # kept for the next run
python -m benchmarks.ranking --database-url postgresql+psycopg://postgres@127.0.0.1:5432/rank
"""

import argparse
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from hiring import demo
from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Candidate
from hiring.candidates.query import dialect_of
from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.demo_roles import catalogue
from hiring.jobs.models import Job
from hiring.migrate import upgrade
from hiring.ranking import embedding, embeddings
from hiring.ranking.embedding import SentenceModel
from hiring.ranking.local import CONTENDERS, contenders, pool, rank_pool
from hiring.ranking.models import CandidateEmbedding
from hiring.ranking.service import job_text
from hiring.skills import all_skills, spellings

RESUME_SHARE = 0.6
# Jobs ranked again once their contenders' embeddings are stored (embedding a contender with
# a resume costs about 0.07 s of CPU).
STORED_RUNS = 3
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
# Each demo role's name and skills.
ROLES = {name: list(role.skills) for name, role in catalogue().roles.items()}


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


def _prepare(engine: Engine, sessions: sessionmaker[Session], candidates: int) -> None:
    started = time.perf_counter()
    demo.load(sessions, candidates=candidates, jobs=36, seed=candidates)
    with unit_of_work(sessions) as session:
        query = select(Candidate.id, Candidate.created_at).order_by(Candidate.id)
        found = [(cid, created) for cid, created in session.execute(query)]
        rows = list(_with_resumes(found, seed=candidates))
        session.execute(update(Candidate), rows)
    # As after any bulk load (and as autovacuum would, later): counts read the index alone.
    demo.finish_bulk_load(engine)
    took = time.perf_counter() - started
    print(f"generated {candidates} candidates ({len(rows)} with a resume) in {took:.1f}s")


def _rank(session: Session, job: Job, filters: CandidateFilters | None = None) -> float:
    started = time.perf_counter()
    ranking = rank_pool(session, job.id, job_text(job), filters, include_assigned=False)
    top = ranking.top(10)
    took = time.perf_counter() - started
    best = f"best {top[0].score}: {top[0].reasoning}" if top else "nobody"
    print(f"  {took:.3f}s {job.title!r}: {ranking.pool_size} eligible; {best}")
    return took


def _summary(label: str, times: list[float], target: float) -> None:
    p50 = statistics.median(times)
    verdict = "ok" if p50 <= target else f"over {target:.0f}s"
    print(f"{label}: p50 {p50:.3f}s, worst {max(times):.3f}s over {len(times)} ({verdict})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=12, help="Jobs ranked, one run each")
    parser.add_argument("--database-url", help="Default: a temporary SQLite file")
    parser.add_argument("--target", type=float, default=1.0, help="Seconds, p50")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        with unit_of_work(sessions, write=False) as session:
            inspector = inspect(session.connection())
            empty = not inspector.has_table("candidates") or not session.scalar(
                select(func.count()).select_from(Candidate)
            )
        if empty:
            upgrade(url)
            _prepare(engine, sessions, args.candidates)
        memory = _rss_mb()
        model = embedding.model()
        with unit_of_work(sessions) as session:
            # As right after a bulk load: the scheduled job has embedded nobody yet.
            session.execute(delete(CandidateEmbedding))
        with unit_of_work(sessions, write=False) as session:
            total = session.scalar(select(func.count()).select_from(Candidate))
            with_resume = session.scalar(select(func.count(Candidate.resume_text)))
            print(f"{total} candidates, {with_resume} with a resume ({engine.dialect.name})")
            print(f"engine: {'semantic' if model else 'local'}, no embeddings stored")
            jobs = list(session.scalars(select(Job).order_by(Job.id).limit(args.runs)))
            times = [_rank(session, job) for job in jobs]
            # A broad filter (most candidates) and a narrower one (about one in eight).
            with_email = CandidateFilters(has_email=True)
            broad = [_rank(session, job, with_email) for job in jobs[:3]]
            in_country = CandidateFilters(location="germany")
            narrow = [_rank(session, job, in_country) for job in jobs[:3]]
        stored: list[float] = []
        if model is not None:
            _embed_contenders(sessions, model, jobs[:STORED_RUNS])
            with unit_of_work(sessions, write=False) as session:
                stored = [_rank(session, job) for job in jobs[:STORED_RUNS]]
        engine.dispose()
    _summary("ranking", times, args.target)
    _summary("filtered, has_email", broad, args.target)
    _summary("filtered, location germany", narrow, args.target)
    if stored:
        _summary("ranking, contenders' embeddings stored", stored, args.target)
    print(f"memory: {memory} MB before ranking, {_rss_mb()} MB after (RSS)")


def _embed_contenders(
    sessions: sessionmaker[Session], model: SentenceModel, jobs: list[Job]
) -> None:
    """Store the embeddings of the jobs' contenders, as the scheduled job keeps everyone's:
    what a ranking reads is then what it reads once every candidate is embedded."""
    started = time.perf_counter()
    with unit_of_work(sessions) as session:
        ids = {
            cid
            for job in jobs
            for cid in contenders(
                session,
                job_text(job),
                pool(job.id, None, dialect_of(session), include_assigned=False),
                CONTENDERS,
            )
        }
        embeddings.refresh(session, model, sorted(ids))
    took = time.perf_counter() - started
    print(f"embedded the {len(ids)} contenders of {len(jobs)} jobs in {took:.1f}s")


def _rss_mb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() // 2**20


if __name__ == "__main__":
    main()
