"""Plain ``def`` endpoints in the thread pool against ``async def`` endpoints over an async
driver, on PostgreSQL: the same queries, the same server, the same load.

python -m benchmarks.request_models --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

The database must hold the benchmark's demo data (``python -m benchmarks.run --database-url …``
loads it). Each variant is a small FastAPI app serving two request types built by the product's
own query builder: the candidates list (a page of 50 and its count) and a candidate's detail (the
row and its latest 50 activities). Each runs under uvicorn (one worker) and is loaded by wrk with
``--clients`` connections; the table gives requests per second and wrk's latency percentiles.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
from fastapi import Depends, FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from hiring.activities.models import Activity
from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Candidate
from hiring.candidates.query import candidates_query, conditions
from hiring.db import make_engine, make_session_factory

WRK = shutil.which("wrk") or "wrk"
PAGE = 50


def _list_queries() -> tuple[Any, Any]:
    filters = CandidateFilters()
    page = candidates_query(filters, "postgresql").limit(PAGE)
    total = select(func.count()).select_from(Candidate).where(*conditions(filters, "postgresql"))
    return page, total


def _detail_queries(candidate_id: str) -> tuple[Any, Any]:
    row = select(Candidate).where(Candidate.id == candidate_id)
    acts = (
        select(Activity)
        .where(Activity.candidate_id == candidate_id)
        .order_by(Activity.created_at.desc())
        .limit(PAGE)
    )
    return row, acts


def sync_app() -> FastAPI:
    """``def`` endpoints: FastAPI runs each in its thread pool with a sync session."""
    sessions = make_session_factory(make_engine(os.environ["BENCH_DATABASE_URL"]))
    app = FastAPI()

    def session() -> Iterator[Session]:
        with sessions() as s:
            yield s

    @app.get("/list")
    def listing(s: Session = Depends(session)) -> dict[str, Any]:
        page, total = _list_queries()
        rows = [dict(r._mapping) for r in s.execute(page)]
        return {"data": rows, "total": s.scalar(total)}

    @app.get("/detail/{candidate_id}")
    def detail(candidate_id: str, s: Session = Depends(session)) -> dict[str, Any]:
        row, acts = _detail_queries(candidate_id)
        candidate = s.scalar(row)
        activities = [a.title for a in s.scalars(acts)]
        return {"name": candidate.name if candidate else None, "activities": activities}

    return app


def async_app() -> FastAPI:
    """``async def`` endpoints over SQLAlchemy's asyncio extension with psycopg's async mode."""
    engine = create_async_engine(os.environ["BENCH_DATABASE_URL"], pool_size=10, max_overflow=20)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    app = FastAPI()

    async def session() -> AsyncIterator[AsyncSession]:
        async with sessions() as s:
            yield s

    @app.get("/list")
    async def listing(s: AsyncSession = Depends(session)) -> dict[str, Any]:
        page, total = _list_queries()
        rows = [dict(r._mapping) for r in await s.execute(page)]
        return {"data": rows, "total": await s.scalar(total)}

    @app.get("/detail/{candidate_id}")
    async def detail(candidate_id: str, s: AsyncSession = Depends(session)) -> dict[str, Any]:
        row, acts = _detail_queries(candidate_id)
        candidate = await s.scalar(row)
        activities = [a.title for a in await s.scalars(acts)]
        return {"name": candidate.name if candidate else None, "activities": activities}

    return app


def _wrk(url: str, clients: int, seconds: int) -> tuple[float, str, str]:
    out = subprocess.run(
        [WRK, f"-c{clients}", "-t2", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    return rate, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with make_session_factory(make_engine(args.database_url))() as s:
        candidate_id = s.scalar(
            select(Activity.candidate_id)
            .where(Activity.candidate_id.is_not(None))
            .group_by(Activity.candidate_id)
            .order_by(func.count().desc())
            .limit(1)
        )
    env = {**os.environ, "BENCH_DATABASE_URL": args.database_url}
    print(f"{'variant':<8} {'request':<8} {'req/s':>8} {'p50':>9} {'p99':>9}")
    for variant in ("sync", "async"):
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            f"benchmarks.request_models:{variant}_app",
            "--port",
            str(args.port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        server = subprocess.Popen(command, env=env)
        base = f"http://127.0.0.1:{args.port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(f"{base}/list", timeout=5).raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            for request, path in (("list", "/list"), ("detail", f"/detail/{candidate_id}")):
                _wrk(base + path, args.clients, 2)  # warm-up
                rate, p50, p99 = _wrk(base + path, args.clients, args.seconds)
                print(f"{variant:<8} {request:<8} {rate:>8.0f} {p50:>9} {p99:>9}", flush=True)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
