"""The local ranker on demo data: time to rank a large pool, and quality on the evaluation set.

python -m benchmarks.ranking                 # 100k candidates in a temporary SQLite file
python -m benchmarks.ranking --candidates 20000 --runs 5
"""

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.demo import generate
from hiring.jobs.models import Job
from hiring.migrate import upgrade
from hiring.ranking.evaluation import evaluate, evaluation_set
from hiring.ranking.local import rank_pool
from hiring.ranking.service import job_text

TARGET_SECONDS = 1.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        started = time.perf_counter()
        with unit_of_work(sessions) as session:
            generate(session, candidates=args.candidates, jobs=36)
        print(f"generated {args.candidates} candidates in {time.perf_counter() - started:.1f}s")

        with unit_of_work(sessions, write=False) as session:
            jobs = list(session.scalars(select(Job).order_by(Job.created_at).limit(args.runs)))
            for job in jobs:
                started = time.perf_counter()
                pool, ranking = rank_pool(
                    session, job.id, job_text(job), None, include_assigned=False
                )
                top = ranking.top(10)
                total = time.perf_counter() - started
                verdict = "ok" if total < TARGET_SECONDS else f"over the {TARGET_SECONDS:.0f}s"
                print(f"{job.title!r}: read and ranked {len(pool)} in {total:.3f}s ({verdict})")
                if top:
                    print(f"  best {top[0].score}: {top[0].reasoning}")
        engine.dispose()

    print("quality:", evaluate(evaluation_set()))


if __name__ == "__main__":
    main()
