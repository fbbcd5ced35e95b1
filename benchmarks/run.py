"""The API at scale: latency and throughput of the hot requests over real HTTP, against a floor.

python -m benchmarks.run                    # 100k candidates, SQLite, kept in benchmarks/data
python -m benchmarks.run --candidates 1000000
python -m benchmarks.run --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

The database is built once with the demo data (seed 42) and reused while it holds exactly
``--candidates`` candidates. The real server runs under uvicorn on a loopback port. Each
request type is timed sequentially (p50/p95/p99), then loaded by wrk with ``--clients``
connections (throughput). The floor is the same database work run in-process through the
query and service layer; ``count`` is the cost of the ``total`` count query alone.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from hiring import demo
from hiring.activities.models import Activity
from hiring.auth import service as auth
from hiring.auth.models import Role
from hiring.candidates import service as candidates
from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Candidate
from hiring.candidates.query import count_candidates, find_candidates
from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.ids import new_id
from hiring.jobs import service as jobs
from hiring.jobs.models import Job, JobStatus
from hiring.migrate import upgrade
from hiring.pipeline.models import Stage

HERE = Path(__file__).parent
BENCH_USER = "bench@example.com"
DETAIL_ACTIVITIES = 50
PAGE = 50
DEEP_OFFSET = 5_000
SKILL_WORD = "kubernetes"
SEGMENT_FILTERS = {"skills": ["Kubernetes", "Terraform"], "skills_mode": "any"}
COMBINED = {"stage": Stage.screening.value, "source": "linkedin", "product": "platform"}
COMBINED_LOCATION = "germany"
MIN_RUNS = 10
# The load generator for throughput (Debian's package `wrk`; `make bench` installs it).
WRK = shutil.which("wrk") or "wrk"

Floor = Callable[[Session], object]


@dataclass
class Case:
    """One request type: the HTTP call, and the in-process work it stands on."""

    name: str
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    floor: Floor | None = None
    count: Floor | None = None
    skip_on_404: str | None = None


@dataclass
class Result:
    name: str
    runs: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    throughput_rps: float | None = None
    floor_p50_ms: float | None = None
    count_p50_ms: float | None = None
    ratio: float | None = None
    failed: bool = False
    note: str = ""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=36)
    parser.add_argument(
        "--database-url", help="Default: a SQLite file in benchmarks/data, built once per size"
    )
    parser.add_argument("--runs", type=int, default=300, help="Sequential requests per type")
    parser.add_argument("--clients", type=int, default=16, help="Concurrent clients")
    parser.add_argument(
        "--load-seconds", type=int, default=5, help="Seconds of load per type (throughput)"
    )
    parser.add_argument("--floor-runs", type=int, default=100)
    parser.add_argument(
        "--budget", type=float, default=20, help="Seconds per phase before stopping early"
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="uvicorn worker processes"
    )
    parser.add_argument("--only", nargs="*", help="Run only these request types")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    return parser.parse_args(argv)


def percentile(samples: list[float], pct: int) -> float:
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def sqlite_url(candidates: int) -> str:
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    return f"sqlite:///{data / f'candidates-{candidates}.db'}"


def prepare_database(url: str, candidates: int, jobs: int) -> None:
    """Migrate; fill an empty database with demo data; refuse one of another size."""
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions, write=False) as session:
        have = session.scalar(select(func.count()).select_from(Candidate)) or 0
    if have == candidates:
        engine.dispose()
        return
    if have:
        engine.dispose()
        sys.exit(f"{url} holds {have} candidates, not {candidates}: use an empty database")
    started = time.perf_counter()
    done = 0

    def report(batch: int) -> None:
        nonlocal done
        done += batch
        print(f"\r  demo data: {done}/{candidates} candidates", end="", flush=True)

    demo.load(sessions, candidates=candidates, jobs=jobs, seed=42, progress=report)
    engine.dispose()
    print(f"\n  built in {time.perf_counter() - started:.1f}s")


def detail_candidate(session: Session) -> str:
    """The newest candidate, given a history of at least DETAIL_ACTIVITIES activities."""
    candidate_id = session.scalars(
        select(Candidate.id).order_by(Candidate.created_at.desc(), Candidate.id.desc()).limit(1)
    ).one()
    have = session.scalar(select(func.count()).where(Activity.candidate_id == candidate_id)) or 0
    start = datetime.now(UTC) - timedelta(days=60)
    missing = [
        {
            "id": new_id("act"),
            "candidate_id": candidate_id,
            "job_id": None,
            "activity_type": "note_added",
            "title": f"Follow-up {n}",
            "body": None,
            "actor": BENCH_USER,
            "data": None,
            "created_at": start + timedelta(hours=n),
        }
        for n in range(DETAIL_ACTIVITIES - have)
    ]
    if missing:
        session.execute(insert(Activity), missing)
    return candidate_id


def name_prefix(session: Session) -> str:
    """The first four letters of the newest candidate's surname: a prefix that matches."""
    name = session.scalars(
        select(Candidate.name).order_by(Candidate.created_at.desc()).limit(1)
    ).one()
    return name.split()[-1][:4].lower()


def api_token(session: Session) -> str:
    user = auth.get_user_by_email(session, BENCH_USER) or auth.create_user(
        session, BENCH_USER, secrets.token_urlsafe(16), Role.recruiter
    )
    _token, plaintext = auth.create_token(session, user, "benchmark")
    return plaintext


def segment_floors() -> tuple[Floor | None, Floor | None]:
    """The segment preview's floor and count, once this build has the segments service."""
    try:
        from hiring.segments import service as segments
    except ImportError:
        return None, None
    filters = CandidateFilters(**SEGMENT_FILTERS)
    return (lambda s: segments.preview(s, filters)), (lambda s: count_candidates(s, filters))


def cases(session: Session) -> list[Case]:
    detail_id = detail_candidate(session)
    prefix = name_prefix(session)
    everyone = CandidateFilters()
    by_name = CandidateFilters(search=prefix)
    by_skill = CandidateFilters(search=SKILL_WORD)
    combined = CandidateFilters(**COMBINED, location=COMBINED_LOCATION)
    segment_floor, segment_count = segment_floors()

    def listing(filters: CandidateFilters, offset: int = 0) -> Floor:
        return lambda s: find_candidates(s, filters, limit=PAGE, offset=offset)

    def counting(filters: CandidateFilters) -> Floor:
        return lambda s: count_candidates(s, filters)

    return [
        Case(
            "public jobs list",
            "GET",
            "/api/jobs/public",
            floor=lambda s: jobs.list_jobs(s, status=JobStatus.open, limit=PAGE),
            count=lambda s: s.scalar(
                select(func.count()).select_from(Job).where(Job.status == JobStatus.open)
            ),
        ),
        Case(
            "candidates list",
            "GET",
            "/api/candidates",
            floor=listing(everyone),
            count=counting(everyone),
        ),
        Case(
            f"search name prefix '{prefix}'",
            "GET",
            "/api/candidates",
            {"search": prefix},
            floor=listing(by_name),
            count=counting(by_name),
        ),
        Case(
            f"search skill '{SKILL_WORD}'",
            "GET",
            "/api/candidates",
            {"search": SKILL_WORD},
            floor=listing(by_skill),
            count=counting(by_skill),
        ),
        Case(
            "four combined filters",
            "GET",
            "/api/candidates",
            {**COMBINED, "location": COMBINED_LOCATION},
            floor=listing(combined),
            count=counting(combined),
        ),
        Case(
            f"candidate detail ({DETAIL_ACTIVITIES} activities)",
            "GET",
            f"/api/candidates/{detail_id}",
            floor=lambda s: candidates.candidate_activities(
                s, candidates.get_candidate(s, detail_id).id
            ),
            count=lambda s: s.scalar(
                select(func.count()).where(Activity.candidate_id == detail_id)
            ),
        ),
        Case(
            "segment preview (skills any)",
            "POST",
            "/api/candidate-segments/preview",
            body={"filters": SEGMENT_FILTERS},
            floor=segment_floor,
            count=segment_count,
            skip_on_404="the segments endpoint is not in this build yet",
        ),
        Case(
            f"deep page (offset={DEEP_OFFSET})",
            "GET",
            "/api/candidates",
            {"offset": DEEP_OFFSET},
            floor=listing(everyone, DEEP_OFFSET),
            count=counting(everyone),
        ),
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(url: str, workers: int) -> Iterator[str]:
    """The real app under uvicorn on a loopback port, until the block ends."""
    port = free_port()
    with tempfile.TemporaryDirectory() as files:
        env = os.environ | {
            "HIRING_DATABASE_URL": url,
            "HIRING_STORAGE_URL": f"file://{files}",
            "HIRING_SECRET_KEY": secrets.token_urlsafe(32),
            "HIRING_LOG_LEVEL": "WARNING",
        }
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "hiring.app:create_app",
            "--factory",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--workers={workers}",
            "--no-access-log",
            "--log-level=warning",
        ]
        process = subprocess.Popen(command, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the server exited with {process.returncode}")
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start within 60s")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def timed(call: Callable[[], object], runs: int, budget: float) -> list[float]:
    """Up to ``runs`` timings in ms; fewer (at least MIN_RUNS) once ``budget`` seconds pass."""
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < runs:
        started = time.perf_counter()
        call()
        finished = time.perf_counter()
        samples.append((finished - started) * 1000)
        if finished > deadline and len(samples) >= MIN_RUNS:
            break
    return samples


def floor_p50(sessions: sessionmaker[Session], work: Floor, runs: int, budget: float) -> float:
    with unit_of_work(sessions, write=False) as session:
        work(session)  # warm the caches
        return statistics.median(timed(lambda: work(session), runs, budget))


def _wrk_script(case: Case, headers: dict[str, str]) -> str:
    """A wrk Lua script sending ``case``'s method, headers and JSON body."""
    lines = [f'wrk.method = "{case.method}"']
    sent = headers | ({"Content-Type": "application/json"} if case.body is not None else {})
    lines += [f'wrk.headers["{name}"] = "{value}"' for name, value in sent.items()]
    if case.body is not None:
        lines.append(f"wrk.body = [==[{json.dumps(case.body)}]==]")
    return "\n".join(lines) + "\n"


def throughput(
    base: str, headers: dict[str, str], case: Case, args: argparse.Namespace
) -> tuple[float, dict[str, int]]:
    """Requests per second that wrk gets with ``args.clients`` connections over
    ``args.load_seconds``, and how many answers were not 2xx or failed on the socket.

    wrk (C, one event loop per thread) costs the shared cores a fraction of what a Python
    client would: with 16 Python threads the client itself topped out near 400 req/s."""
    url = str(httpx.URL(base + case.path, params=case.params))
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_wrk_script(case, headers))
        script.flush()
        command = [WRK, "-t2", f"-c{args.clients}", f"-d{args.load_seconds}s", "--timeout", "60s"]
        report = subprocess.run(
            [*command, "-s", script.name, url], capture_output=True, text=True, check=True
        ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    if rate is None:
        raise RuntimeError(f"wrk printed no rate:\n{report}")
    failures = {}
    if bad := re.search(r"Non-2xx or 3xx responses: (\d+)", report):
        failures["answers not 2xx"] = int(bad.group(1))
    if errors := re.search(r"Socket errors: (.*)", report):
        failures["socket errors"] = sum(int(n) for n in re.findall(r"\d+", errors.group(1)))
    return float(rate.group(1)), {kind: n for kind, n in failures.items() if n}


def measure(
    case: Case,
    base: str,
    headers: dict[str, str],
    sessions: sessionmaker[Session],
    args: argparse.Namespace,
) -> Result:
    result = Result(case.name)
    with httpx.Client(base_url=base, headers=headers, timeout=60) as http:

        def call() -> httpx.Response:
            return http.request(case.method, case.path, params=case.params, json=case.body)

        first = call()
        if first.status_code == 404 and case.skip_on_404:
            result.note = f"skipped: {case.skip_on_404}"
            return result
        if first.status_code != 200:
            result.failed = True
            result.note = f"failed: HTTP {first.status_code} {first.text[:200]}"
            return result
        for _ in range(5):
            call()
        samples = timed(call, args.runs, args.budget)
    result.runs = len(samples)
    result.p50_ms = percentile(samples, 50)
    result.p95_ms = percentile(samples, 95)
    result.p99_ms = percentile(samples, 99)
    result.throughput_rps, failures = throughput(base, headers, case, args)
    if failures:
        result.failed = True
        result.note = "under load: " + ", ".join(f"{n} {kind}" for kind, n in failures.items())
    if case.floor is not None:
        result.floor_p50_ms = floor_p50(sessions, case.floor, args.floor_runs, args.budget)
        result.ratio = result.p50_ms / result.floor_p50_ms
    elif not result.note:
        result.note = "no in-process floor yet"
    if case.count is not None:
        result.count_p50_ms = floor_p50(sessions, case.count, args.floor_runs, args.budget)
    return result


def table(results: list[Result], clients: int) -> str:
    def num(value: float | None, digits: int = 1) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    head = (
        f"| request | p50 ms | p95 ms | p99 ms | req/s ({clients} clients) "
        "| floor p50 ms | API/floor | count ms | note |"
    )
    lines = [head, "|" + "---|" * 9]
    for r in results:
        lines.append(
            f"| {r.name} | {num(r.p50_ms)} | {num(r.p95_ms)} | {num(r.p99_ms)} "
            f"| {num(r.throughput_rps, 0)} | {num(r.floor_p50_ms)} | {num(r.ratio)} "
            f"| {num(r.count_p50_ms)} | {r.note} |"
        )
    return "\n".join(lines)


def write_results(
    results: list[Result], args: argparse.Namespace, backend: str, directory: Path
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    path = directory / f"{stamp:%Y%m%dT%H%M%S}-{backend}-{args.candidates}.json"
    document = {
        "date": stamp.isoformat(timespec="seconds"),
        "backend": backend,
        "candidates": args.candidates,
        "clients": args.clients,
        "load_seconds": args.load_seconds,
        "budget_seconds": args.budget,
        "workers": args.workers,
        "runs": args.runs,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average": os.getloadavg(),
        },
        "results": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    url = args.database_url or sqlite_url(args.candidates)
    backend = url.split(":", 1)[0].split("+", 1)[0]
    print(f"database: {url}")
    prepare_database(url, args.candidates, args.jobs)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions) as session:
        token = api_token(session)
        planned = cases(session)
    if args.only:
        planned = [c for c in planned if any(word in c.name for word in args.only)]
    headers = {"Authorization": f"Bearer {token}"}
    results = []
    with server(url, args.workers) as base:
        for case in planned:
            print(f"  {case.name}…", flush=True)
            results.append(measure(case, base, headers, sessions, args))
    engine.dispose()
    print(table(results, args.clients))
    print(f"results: {write_results(results, args, backend, args.results)}")
    if any(r.failed for r in results):
        sys.exit("some requests failed: see the notes")


if __name__ == "__main__":
    main()
