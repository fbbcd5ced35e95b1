"""Importing candidates from a CSV file of 100k rows into a fresh database: rows per second
for a first import (everyone new) and a second one of the same file (everyone known).

python -m benchmarks.imports                        # SQLite, the embedded default
python -m benchmarks.imports --rows 20000 --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

The file has the export's columns (name, email, phone, LinkedIn, title, company, location,
skills, tags); one row in fifty repeats an earlier person's email and one in a hundred is
invalid. It runs the service the CLI runs (``Importer.import_now``), batches of
HIRING_IMPORT_BATCH_ROWS rows.
"""

import argparse
import csv
import io
import random
import tempfile
import time
from pathlib import Path

from hiring.auth import service as auth
from hiring.auth.models import Role
from hiring.config import Settings
from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.imports import service as imports
from hiring.imports.jobs import Importer
from hiring.migrate import upgrade
from hiring.storage import make_storage

SKILLS = ["Python", "Go", "SQL", "Kubernetes", "React", "Rust", "Java", "Terraform"]
COLUMNS = ["name", "email", "phone", "linkedin_url", "current_title", "current_company"]


def make_csv(rows: int, seed: int = 42) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS, "location", "skills", "tags"])
    for n in range(rows):
        person = n - 1 if n % 50 == 49 else n
        email = "not-an-email" if n % 100 == 99 else f"person{person}@example.com"
        writer.writerow(
            [
                f"Person {person}",
                email,
                f"+44 20 7{n % 1000:03d} {n // 1000 % 10000:04d}",
                f"https://linkedin.com/in/person-{person}",
                rng.choice(["Engineer", "Designer", "Manager"]),
                f"Company {rng.randrange(500)}",
                rng.choice(["London", "Berlin", "Paris"]),
                "; ".join(rng.sample(SKILLS, 3)),
                rng.choice(["", "vip", "2026"]),
            ]
        )
    return out.getvalue().encode()


def timed_import(
    importer: Importer, data: bytes, email: str
) -> tuple[float, float, dict[str, int]]:
    with unit_of_work(importer.sessions, write=False) as session:
        actor = auth.get_user_by_email(session, email)
    assert actor is not None
    started, cpu = time.perf_counter(), time.process_time()
    table = imports.open_file(data, {}, imports.read_limits(importer.settings))
    options = imports.ImportOptions("bench.csv", "direct", {}, dry_run=False)
    shown = importer.import_now(actor, table, options)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = shown.report.model_dump(exclude={"errors"})
    return seconds, cpu, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="Default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'imports.db'}"
        upgrade(url)
        settings = Settings(database_url=url, storage_url=f"file://{Path(tmp) / 'files'}")
        sessions = make_session_factory(make_engine(url))
        email = "bench-imports@example.com"
        with unit_of_work(sessions) as session:
            auth.create_user(session, email, "long enough password", Role.admin)
        importer = Importer(sessions, make_storage(settings), settings)
        data = make_csv(args.rows)
        print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB, {url.split(':')[0]}")
        for label in ("first import", "same file again"):
            seconds, cpu, counts = timed_import(importer, data, email)
            print(
                f"{label}: {seconds:.1f} s ({cpu:.1f} s of CPU in this process), "
                f"{args.rows / seconds:,.0f} rows/s, {counts}"
            )


if __name__ == "__main__":
    main()
