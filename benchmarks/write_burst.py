"""A burst of simultaneous writes against the real server: what was sent, acknowledged, refused
with 503 (busy, with Retry-After) and present afterwards, and whether anything else came back.

python -m benchmarks.write_burst                    # SQLite, a fresh database
python -m benchmarks.write_burst --database-url postgresql+psycopg://postgres@127.0.0.1:5432/burst

Each writer creates a candidate (an API token's write), and anonymous applicants apply to one
job at the same moment (the public endpoint's write, its rate limit raised out of the way).
The target: no 5xx but 503 on SQLite, no 5xx at all on PostgreSQL, and every acknowledged
write present afterwards.
"""

import argparse
import asyncio
import os
import tempfile
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import func, select

from benchmarks.run import api_token, server
from hiring.auth import service as auth
from hiring.candidates.models import Candidate
from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.jobs import service as jobs
from hiring.jobs.models import JobStatus
from hiring.jobs.schemas import JobCreate
from hiring.migrate import upgrade


async def _burst(base: str, token: str, job_id: str, writers: int, applicants: int) -> Counter:
    limits = httpx.Limits(max_connections=writers + applicants)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        start = asyncio.Event()

        async def create(n: int) -> str:
            await start.wait()
            response = await client.post(
                "/api/candidates",
                json={"name": f"Burst Writer {n}", "email": f"writer{n}@example.com"},
                headers={"Authorization": f"Bearer {token}"},
            )
            return f"create {response.status_code}"

        async def apply(n: int) -> str:
            await start.wait()
            response = await client.post(
                f"/api/jobs/public/{job_id}/apply",
                json={"name": f"Burst Applicant {n}", "email": f"applicant{n}@example.com"},
            )
            return f"apply {response.status_code}"

        tasks = [asyncio.create_task(create(n)) for n in range(writers)]
        tasks += [asyncio.create_task(apply(n)) for n in range(applicants)]
        await asyncio.sleep(0.5)  # every connection ready to send
        start.set()
        return Counter(await asyncio.gather(*tasks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="An empty database; default: a new SQLite file")
    parser.add_argument("--writers", type=int, default=150)
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'burst.db'}"
        upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        with unit_of_work(sessions) as session:
            token = api_token(session)
            owner = auth.get_user_by_email(session, "bench@example.com")
            job = JobCreate(title="Burst Engineer", status=JobStatus.open)
            job_id = jobs.create_job(session, job, owner).id  # type: ignore[arg-type]
        os.environ["HIRING_PUBLIC_APPLY_PER_MINUTE"] = str(args.applicants * 2)
        with server(url, args.workers) as base:
            counts = asyncio.run(_burst(base, token, job_id, args.writers, args.applicants))
        with unit_of_work(sessions, write=False) as session:
            present = session.scalar(select(func.count()).select_from(Candidate)) or 0
        engine.dispose()
    acknowledged = counts["create 201"] + counts["apply 201"]
    others = {k: v for k, v in counts.items() if not k.endswith((" 201", " 503"))}
    print(f"database: {url.split(':')[0]}")
    print(
        f"sent: {args.writers + args.applicants} ({args.writers} creates, "
        f"{args.applicants} applies)"
    )
    print(
        f"acknowledged: {acknowledged}; answered 503: {counts['create 503'] + counts['apply 503']}"
    )
    print(f"other answers: {others or 'none'}")
    print(f"candidates present afterwards: {present} (acknowledged: {acknowledged})")
    if others or present != acknowledged:
        raise SystemExit("FAILED: an answer other than 201/503, or a lost or extra write")


if __name__ == "__main__":
    main()
