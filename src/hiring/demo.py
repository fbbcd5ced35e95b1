"""Realistic, deterministic demo data, inserted in batches."""

import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from faker import Faker
from sqlalchemy import insert
from sqlalchemy.orm import Session

from hiring.activities.models import Activity
from hiring.candidates.models import Candidate, Source
from hiring.ids import new_id
from hiring.jobs.models import Job, JobStatus, JobType
from hiring.notes.models import Note
from hiring.pipeline.models import Assignment, Stage

BATCH = 2_000
COUNTRIES = {
    "en_US": "United States",
    "en_GB": "United Kingdom",
    "de_DE": "Germany",
    "es_ES": "Spain",
    "fr_FR": "France",
    "pt_PT": "Portugal",
    "nl_NL": "Netherlands",
    "pl_PL": "Poland",
}
PRODUCTS = ("studios", "platform", "labs", "agency")
TEAMS = ("Engineering", "Design", "Data", "Product", "Sales", "Operations", "Marketing")
ROLES = {
    "Backend Engineer": ["Python", "PostgreSQL", "Django", "FastAPI", "Docker", "AWS", "Go"],
    "Frontend Engineer": ["JavaScript", "TypeScript", "React", "CSS", "Next.js", "Vue.js"],
    "Full-Stack Developer": ["TypeScript", "React", "Node.js", "PostgreSQL", "GraphQL"],
    "Data Engineer": ["Python", "SQL", "Spark", "Airflow", "dbt", "Kafka", "Snowflake"],
    "Data Scientist": ["Python", "Pandas", "scikit-learn", "PyTorch", "SQL", "Statistics"],
    "DevOps Engineer": ["Kubernetes", "Terraform", "AWS", "Docker", "Linux", "Prometheus"],
    "Mobile Developer": ["Swift", "Kotlin", "React Native", "iOS", "Android", "Flutter"],
    "Product Designer": ["Figma", "UX Research", "Prototyping", "Design Systems", "Sketch"],
    "Product Manager": ["Roadmapping", "Agile", "Scrum", "Analytics", "Jira"],
    "QA Engineer": ["Selenium", "Cypress", "Playwright", "Test Automation", "Python"],
    "Security Engineer": ["Penetration Testing", "OWASP", "Cloud Security", "SIEM", "Python"],
    "Machine Learning Engineer": ["Python", "PyTorch", "TensorFlow", "MLOps", "Kubernetes"],
}
LEVELS = ("", "Senior ", "Staff ", "Lead ", "Junior ")
LANGUAGES = ("English", "Spanish", "German", "French", "Portuguese", "Italian", "Polish", "Dutch")
STAGE_WEIGHTS = {
    Stage.applied: 40,
    Stage.screening: 20,
    Stage.interview: 15,
    Stage.offer: 5,
    Stage.hired: 5,
    Stage.rejected: 15,
}
NOTE_LINES = (
    "Strong communicator, good culture fit.",
    "Salary expectations above our range; worth a conversation.",
    "Available from next month. Prefers remote.",
    "Great take-home exercise, clean code and tests.",
    "Referred by a former colleague; follow up this week.",
    "Asked for more detail on the team structure.",
)


def _handle(name: str) -> str:
    """An email-safe handle for a name: ``José Müller`` → ``jose.muller``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", ".", ascii_name.lower()).strip(".") or "candidate"


def _linkedin(handle: str, rnd: random.Random) -> str:
    return f"https://www.linkedin.com/in/{handle.replace('.', '-')}-{rnd.randint(10, 99)}"


def _batches(rows: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def generate(
    session: Session,
    *,
    candidates: int = 3_000,
    jobs: int = 36,
    seed: int = 42,
    actor: str = "demo@example.com",
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Insert ``jobs`` jobs and ``candidates`` candidates with notes, activities and pipelines.

    The same seed gives the same data. ``progress`` is called with each batch's size.
    """
    rnd = random.Random(seed)
    fake = Faker(list(COUNTRIES))
    fake.seed_instance(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    counts = {"jobs": 0, "candidates": 0, "assignments": 0, "notes": 0, "activities": 0}

    job_rows = []
    for _ in range(jobs):
        role = rnd.choice(list(ROLES))
        skills = rnd.sample(ROLES[role], k=min(4, len(ROLES[role])))
        created = now - timedelta(days=rnd.randint(1, 200), minutes=rnd.randint(0, 1440))
        job_rows.append(
            {
                "id": new_id("job", rnd),
                "title": f"{rnd.choice(LEVELS)}{role}",
                "product": rnd.choice(PRODUCTS),
                "team": rnd.choice(TEAMS),
                "description": f"We are looking for a {role.lower()} to join our team. "
                + fake.paragraph(nb_sentences=4),
                "requirements": "Experience with " + ", ".join(skills) + ".",
                "location": rnd.choice(["Remote", "Remote", fake.city()]),
                "job_type": rnd.choice(list(JobType)).value,
                "status": rnd.choices(list(JobStatus), weights=[70, 20, 10])[0].value,
                "salary_range": f"${rnd.randint(6, 12)}0k-${rnd.randint(13, 20)}0k",
                "created_at": created,
                "updated_at": created,
            }
        )
    if job_rows:
        session.execute(insert(Job), job_rows)
        counts["jobs"] = len(job_rows)

    def candidate_rows() -> Iterator[dict[str, Any]]:
        for _ in range(candidates):
            role = rnd.choice(list(ROLES))
            locale = rnd.choice(list(COUNTRIES))
            person = fake[locale]
            name = f"{person.first_name()} {person.last_name()}"
            handle = _handle(name)
            created = now - timedelta(days=rnd.randint(0, 365), seconds=rnd.randint(0, 86_400))
            job = rnd.choice(job_rows) if job_rows and rnd.random() < 0.6 else None
            yield {
                "id": new_id("cand", rnd),
                "name": name,
                "email": f"{handle}@{fake.free_email_domain()}" if rnd.random() < 0.85 else None,
                "phone": person.phone_number()[:50] if rnd.random() < 0.6 else None,
                "linkedin_url": _linkedin(handle, rnd) if rnd.random() < 0.7 else None,
                "github_url": None,
                "location": f"{person.city()}, {COUNTRIES[locale]}",
                "current_title": f"{rnd.choice(LEVELS)}{role}",
                "current_company": fake.company(),
                "resume_text": None,
                "resume_parsed": None,
                "source": rnd.choices(list(Source), weights=[40, 15, 35, 10])[0].value,
                "stage": Stage.applied.value,
                "job_id": job["id"] if job else None,
                "product": job["product"] if job else rnd.choice(PRODUCTS),
                "notes": None,
                "assigned_to": None,
                "skills": rnd.sample(ROLES[role], k=rnd.randint(2, len(ROLES[role]))),
                "availability": rnd.choice(["Immediately", "2 weeks", "1 month", None]),
                "desired_roles": [role],
                "languages": rnd.sample(LANGUAGES, k=rnd.randint(1, 3)),
                "salary_expectation": None,
                "notice_period": rnd.choice(["None", "2 weeks", "1 month", "3 months", None]),
                "tags": rnd.sample(
                    ["priority", "remote-only", "relocate", "alumni"], k=rnd.randint(0, 2)
                ),
                "rating": rnd.choice([None, None, 2, 3, 4, 5]),
                "archived_at": created + timedelta(days=30) if rnd.random() < 0.03 else None,
                "created_at": created,
                "updated_at": created,
            }

    for batch in _batches(candidate_rows()):
        assignments, notes, acts = [], [], []
        for row in batch:
            acts.append(
                _activity(
                    rnd,
                    row["id"],
                    "created",
                    f"Candidate created (source: {row['source']})",
                    actor,
                    row["created_at"],
                )
            )
            if row["job_id"]:
                stage = rnd.choices(list(STAGE_WEIGHTS), weights=list(STAGE_WEIGHTS.values()))[0]
                row["stage"] = stage.value
                moved = row["created_at"] + timedelta(hours=rnd.randint(1, 240))
                assignments.append(
                    {
                        "id": new_id("asg", rnd),
                        "job_id": row["job_id"],
                        "candidate_id": row["id"],
                        "stage": stage.value,
                        "rejection_reason": "Not enough experience"
                        if stage == Stage.rejected
                        else None,
                        "assigned_by": actor,
                        "created_at": row["created_at"],
                        "updated_at": moved,
                    }
                )
                acts.append(
                    _activity(
                        rnd,
                        row["id"],
                        "assigned",
                        f"Added to pipeline at {stage.value}",
                        actor,
                        moved,
                    )
                )
            for _ in range(rnd.choice((0, 0, 1, 2))):
                written = row["created_at"] + timedelta(hours=rnd.randint(1, 500))
                notes.append(
                    {
                        "id": new_id("note", rnd),
                        "candidate_id": row["id"],
                        "job_id": None,
                        "body": rnd.choice(NOTE_LINES),
                        "author": actor,
                        "created_at": written,
                        "updated_at": written,
                    }
                )
        session.execute(insert(Candidate), batch)
        for table, rows, key in (
            (Assignment, assignments, "assignments"),
            (Note, notes, "notes"),
            (Activity, acts, "activities"),
        ):
            if rows:
                session.execute(insert(table), rows)
                counts[key] += len(rows)
        counts["candidates"] += len(batch)
        if progress:
            progress(len(batch))
    return counts


def _activity(
    rnd: random.Random, candidate_id: str, kind: str, title: str, actor: str, at: datetime
) -> dict[str, Any]:
    return {
        "id": new_id("act", rnd),
        "candidate_id": candidate_id,
        "job_id": None,
        "activity_type": kind,
        "title": title,
        "body": None,
        "actor": actor,
        "data": None,
        "created_at": at,
    }
