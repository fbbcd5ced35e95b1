"""Importing candidates from a CSV file of 100k rows into a fresh database: rows per second
for a first import (everyone new) and a second one of the same file (everyone known).

python -m benchmarks.imports                        # SQLite, the embedded default
python -m benchmarks.imports --rows 20000 --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

The file has the export's columns (name, email, phone, LinkedIn, title, company, location,
skills, tags), filled from the demo data's pools of names, cities and companies. Some rows are
people met earlier in the file: 5% by their email (in other case), 2% by their LinkedIn
profile alone (written another way), 1% by their phone alone (formatted another way); 1% are
invalid. It runs the service the CLI and the API run (``Importer.import_now``), batches of
HIRING_IMPORT_BATCH_ROWS rows, and prints wall and CPU time and the report's counts.
"""

import argparse
import csv
import io
import os
import random
import tempfile
import time
from pathlib import Path

from hiring.auth import service as auth
from hiring.auth.models import Role
from hiring.config import Settings
from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.demo_pools import COUNTRIES, Pools, handle, make_pools, person_name
from hiring.imports import service as imports
from hiring.imports.jobs import Importer
from hiring.migrate import upgrade
from hiring.storage import make_storage

SKILLS = ["Python", "Go", "SQL", "Kubernetes", "React", "Rust", "Java", "Terraform", "AWS"]
TITLES = ["Software Engineer", "Product Designer", "Engineering Manager", "Data Scientist"]
HEADER = ["Name", "Email", "Phone", "LinkedIn", "Title", "Company", "Location", "Skills", "Tags"]


def _person(rng: random.Random, pools: Pools, n: int) -> list[str]:
    """A new person, row ``n`` of the file: every key their own."""
    locale = rng.choice(list(COUNTRIES))
    name = person_name(rng, pools, locale)
    country, dialling = COUNTRIES[locale]
    email = f"{handle(name)}.{n}@{rng.choice(pools.email_domains)}"
    return [
        name,
        email,
        f"{dialling} {rng.randint(100, 999)} {n:07d}",
        f"https://www.linkedin.com/in/{handle(name).replace('.', '-')}-{n}",
        rng.choice(TITLES),
        rng.choice(pools.companies),
        f"{rng.choice(pools.cities[locale])}, {country}",
        "; ".join(rng.sample(SKILLS, rng.randint(1, 4))),
        rng.choice(["", "", "vip", "2026", "referral-drive"]),
    ]


def _again(rng: random.Random, earlier: list[str], by: str) -> list[str]:
    """An earlier person once more, known by one key only, with a label they lacked."""
    name, email, phone, linkedin, title, company, location, skills, _tags = earlier
    row = [name, "", "", "", title, company, location, skills, "seen-again"]
    if by == "email":
        row[1] = f"  {email.upper()} "
    elif by == "linkedin":
        row[3] = linkedin.replace("https://www.", "").rstrip("/") + "/?trk=import"
    else:
        dialling, area, number = phone.split(" ")
        row[2] = f"{dialling} ({area}) {number[:3]}-{number[3:]}"
    return row


def make_csv(rows: int, seed: int = 42) -> bytes:
    rng = random.Random(seed)
    pools = make_pools(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    people: list[list[str]] = []
    for n in range(rows):
        draw = rng.random()
        if people and draw < 0.05:
            row = _again(rng, rng.choice(people), "email")
        elif people and draw < 0.07:
            row = _again(rng, rng.choice(people), "linkedin")
        elif people and draw < 0.08:
            row = _again(rng, rng.choice(people), "phone")
        elif draw < 0.09:
            row = _person(rng, pools, n)
            row[1] = row[1].replace("@", " at ")  # not an email address
        else:
            row = _person(rng, pools, n)
            people.append(row)
        writer.writerow(row)
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
    parser.add_argument(
        "--database-url", default=None, help="An empty database; default: a fresh SQLite file"
    )
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
        print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        for label in ("first import", "same file again"):
            seconds, cpu, counts = timed_import(importer, data, email)
            print(
                f"{label}: {seconds:.1f} s ({cpu:.1f} s of CPU in this process), "
                f"{args.rows / seconds:,.0f} rows/s, {counts}"
            )
            print("load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
