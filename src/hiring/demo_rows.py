"""Realistic, deterministic demo rows (``hiring.demo`` loads them).

Faker is slow per row, so it runs once to fill small pools (names, cities, companies, domains
per locale); every row is then combined from those pools with one seeded ``random.Random``.
The same seed and the same ``today`` give the same rows.
"""

import random
import re
import unicodedata
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from faker import Faker

from hiring.candidates.identity import email_key, linkedin_key, name_sort_key, phone_key
from hiring.candidates.models import Source
from hiring.ids import new_id
from hiring.jobs.models import JobStatus, JobType
from hiring.pipeline.models import Stage
from hiring.skills import all_skills, canonical

# Rows to insert by table, in the order they go in.
Batch = dict[str, list[dict[str, Any]]]
DEMO_ACTOR = "demo@example.com"
POOL_SIZE = 300
COMPANIES = 5_000
COUNTRIES = {
    "en_US": ("United States", "+1"),
    "en_GB": ("United Kingdom", "+44"),
    "de_DE": ("Germany", "+49"),
    "es_ES": ("Spain", "+34"),
    "fr_FR": ("France", "+33"),
    "pt_PT": ("Portugal", "+351"),
    "nl_NL": ("Netherlands", "+31"),
    "pl_PL": ("Poland", "+48"),
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
TAGS = ("priority", "remote-only", "relocate", "alumni")
STAGE_WEIGHTS = {
    Stage.applied: 40,
    Stage.screening: 20,
    Stage.interview: 15,
    Stage.offer: 5,
    Stage.hired: 5,
    Stage.rejected: 15,
}
SOURCE_WEIGHTS = {Source.linkedin: 40, Source.referral: 15, Source.direct: 35, Source.manatal: 10}
NOTE_LINES = (
    "Strong communicator, good culture fit.",
    "Salary expectations above our range; worth a conversation.",
    "Available from next month. Prefers remote.",
    "Great take-home exercise, clean code and tests.",
    "Referred by a former colleague; follow up this week.",
    "Asked for more detail on the team structure.",
    "Solid system design answers; a bit quiet in the pairing session.",
    "Currently interviewing elsewhere, decision expected within two weeks.",
    "Open to contract work first, then full time.",
    "Needs a visa sponsorship conversation before the offer stage.",
)
REJECTION_REASONS = (
    "Not enough experience",
    "Salary expectations too high",
    "Chose another offer",
    "Position filled",
)


@dataclass(frozen=True)
class Pools:
    """Values Faker makes once; rows combine them with a seeded random generator."""

    first_names: dict[str, list[str]]
    last_names: dict[str, list[str]]
    cities: dict[str, list[str]]
    companies: list[str]
    email_domains: list[str]
    paragraphs: list[str]


def _pools(seed: int) -> Pools:
    fake = Faker(list(COUNTRIES))
    fake.seed_instance(seed)

    def unique(make: Callable[[], str], size: int) -> list[str]:
        return sorted({make() for _ in range(size)})

    return Pools(
        first_names={loc: unique(fake[loc].first_name, POOL_SIZE) for loc in COUNTRIES},
        last_names={loc: unique(fake[loc].last_name, POOL_SIZE) for loc in COUNTRIES},
        cities={loc: unique(fake[loc].city, POOL_SIZE // 3) for loc in COUNTRIES},
        companies=unique(fake["en_US"].company, COMPANIES),
        email_domains=unique(fake["en_US"].free_email_domain, 50),
        paragraphs=[fake["en_US"].paragraph(nb_sentences=4) for _ in range(50)],
    )


def _role_skills() -> dict[str, list[str]]:
    """Each role's core skills under their canonical names in the skills vocabulary."""
    return {role: [canonical(s) or s for s in skills] for role, skills in ROLES.items()}


def _handle(name: str) -> str:
    """An email-safe handle for a name: ``José Müller`` → ``jose.muller``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", ".", ascii_name.lower()).strip(".") or "candidate"


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def start_of_today() -> datetime:
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


class _Generator:
    """Makes the rows; every random draw comes from ``rnd`` in a fixed order."""

    def __init__(self, seed: int, today: datetime, actor: str) -> None:
        self.rnd = random.Random(seed)
        self.pools = _pools(seed)
        self.today = today
        self.actor = actor
        self.role_skills = _role_skills()
        self.roles = list(self.role_skills)
        self.vocabulary = all_skills()
        self.locales = list(COUNTRIES)
        self.sources = list(SOURCE_WEIGHTS)
        self.source_weights = list(SOURCE_WEIGHTS.values())
        self.stages = list(STAGE_WEIGHTS)
        self.stage_weights = list(STAGE_WEIGHTS.values())

    def later(self, start: datetime, most_hours: int) -> datetime:
        """A moment up to ``most_hours`` after ``start``, never after ``today``: nothing in
        the demo happens later than the load."""
        room = max(0, int((self.today - start).total_seconds()))
        return start + timedelta(seconds=self.rnd.randint(0, min(most_hours * 3600, room)))

    def job(self) -> dict[str, Any]:
        rnd, pools = self.rnd, self.pools
        role = rnd.choice(self.roles)
        skills = rnd.sample(self.role_skills[role], k=min(4, len(self.role_skills[role])))
        created = self.today - timedelta(days=rnd.randint(1, 200), minutes=rnd.randint(0, 1440))
        locale = rnd.choice(self.locales)
        return {
            "id": new_id("job", rnd),
            "title": f"{rnd.choice(LEVELS)}{role}",
            "product": rnd.choice(PRODUCTS),
            "team": rnd.choice(TEAMS),
            "description": f"We are looking for a {role.lower()} to join our team. "
            + rnd.choice(pools.paragraphs),
            "requirements": "Experience with " + ", ".join(skills) + ".",
            "location": rnd.choice(["Remote", "Remote", rnd.choice(pools.cities[locale])]),
            "job_type": rnd.choice(list(JobType)).value,
            "status": rnd.choices(list(JobStatus), weights=[70, 20, 10])[0].value,
            "salary_range": f"${rnd.randint(6, 12)}0k-${rnd.randint(13, 20)}0k",
            "created_at": created,
            "updated_at": created,
        }

    def candidate(self, jobs: list[dict[str, Any]]) -> dict[str, Any]:
        rnd, pools = self.rnd, self.pools
        role = rnd.choice(self.roles)
        locale = rnd.choice(self.locales)
        country, dialling = COUNTRIES[locale]
        name = f"{rnd.choice(pools.first_names[locale])} {rnd.choice(pools.last_names[locale])}"
        handle = _handle(name)
        created = self.today - timedelta(days=rnd.randint(0, 365), seconds=rnd.randint(0, 86_399))
        job = rnd.choice(jobs) if jobs and rnd.random() < 0.6 else None
        skills = rnd.sample(self.role_skills[role], k=rnd.randint(2, len(self.role_skills[role])))
        if rnd.random() < 0.4:
            extra = rnd.choice(self.vocabulary)
            if extra not in skills:
                skills.append(extra)
        email = (
            f"{handle}{rnd.randint(1, 99)}@{rnd.choice(pools.email_domains)}"
            if rnd.random() < 0.85
            else None
        )
        phone = (
            f"{dialling} {rnd.randint(100, 999)} {rnd.randint(100_000, 999_999)}"
            if rnd.random() < 0.6
            else None
        )
        linkedin_url = (
            f"https://www.linkedin.com/in/{handle.replace('.', '-')}-{rnd.randint(10, 99)}"
            if rnd.random() < 0.7
            else None
        )
        return {
            "id": new_id("cand", rnd),
            "name": name,
            "email": email,
            "phone": phone,
            "linkedin_url": linkedin_url,
            # Written without the ORM: the keys its flush would keep.
            "email_key": email_key(email),
            "linkedin_key": linkedin_key(linkedin_url),
            "phone_key": phone_key(phone),
            "sort_name": name_sort_key(name),
            "github_url": None,
            "location": f"{rnd.choice(pools.cities[locale])}, {country}",
            "current_title": f"{rnd.choice(LEVELS)}{role}",
            "current_company": rnd.choice(pools.companies),
            "resume_text": None,
            "resume_parsed": None,
            "source": rnd.choices(self.sources, weights=self.source_weights)[0].value,
            "stage": Stage.applied.value,
            "job_id": job["id"] if job else None,
            "product": job["product"] if job else rnd.choice(PRODUCTS),
            "notes": None,
            "assigned_to": None,
            "skills": skills,
            "availability": rnd.choice(["Immediately", "2 weeks", "1 month", None]),
            "desired_roles": [role],
            "languages": rnd.sample(LANGUAGES, k=rnd.randint(1, 3)),
            "salary_expectation": None,
            "notice_period": rnd.choice(["None", "2 weeks", "1 month", "3 months", None]),
            "tags": rnd.sample(TAGS, k=rnd.choice((0, 0, 1, 1, 2))),
            "rating": rnd.choice([None, None, 2, 3, 4, 5]),
            "archived_at": self.later(created, 30 * 24) if rnd.random() < 0.03 else None,
            "created_at": created,
            "updated_at": created,
        }

    def activity(self, candidate_id: str, kind: str, title: str, at: datetime) -> dict[str, Any]:
        return {
            "id": new_id("act", self.rnd),
            "candidate_id": candidate_id,
            "job_id": None,
            "activity_type": kind,
            "title": title,
            "body": None,
            "actor": self.actor,
            "data": None,
            "created_at": at,
        }

    def history(self, row: dict[str, Any]) -> tuple[list[Any], list[Any], list[Any]]:
        """A candidate's pipeline assignment, notes and activities; sets the row's stage."""
        rnd = self.rnd
        assignments, notes = [], []
        acts = [
            self.activity(
                row["id"],
                "created",
                f"Candidate created (source: {row['source']})",
                row["created_at"],
            )
        ]
        if row["job_id"]:
            stage = rnd.choices(self.stages, weights=self.stage_weights)[0].value
            row["stage"] = stage
            moved = self.later(row["created_at"], 240)
            assignments.append(
                {
                    "id": new_id("asg", rnd),
                    "job_id": row["job_id"],
                    "candidate_id": row["id"],
                    "stage": stage,
                    "rejection_reason": rnd.choice(REJECTION_REASONS)
                    if stage == Stage.rejected
                    else None,
                    "assigned_by": self.actor,
                    "created_at": row["created_at"],
                    "updated_at": moved,
                }
            )
            acts.append(
                self.activity(row["id"], "assigned", f"Added to pipeline at {stage}", moved)
            )
        for _ in range(rnd.choice((0, 0, 1, 2))):
            written = self.later(row["created_at"], 500)
            notes.append(
                {
                    "id": new_id("note", rnd),
                    "candidate_id": row["id"],
                    "job_id": None,
                    "body": rnd.choice(NOTE_LINES),
                    "author": self.actor,
                    "created_at": written,
                    "updated_at": written,
                }
            )
        return assignments, notes, acts


def batches(
    *, candidates: int, jobs: int, seed: int, actor: str, today: datetime, size: int
) -> Generator[Batch, None, None]:
    """The rows: the jobs first, then candidates ``size`` at a time with their pipeline
    assignments, notes and activities. The same arguments give the same rows."""
    make = _Generator(seed, today, actor)
    job_rows = [make.job() for _ in range(jobs)]
    yield {"jobs": job_rows}
    for batch in _batches((make.candidate(job_rows) for _ in range(candidates)), size):
        made: Batch = {"candidates": batch, "assignments": [], "notes": [], "activities": []}
        for row in batch:
            assignments, notes, acts = make.history(row)
            made["assignments"] += assignments
            made["notes"] += notes
            made["activities"] += acts
        yield made
