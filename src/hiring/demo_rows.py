"""Realistic, deterministic demo rows (``hiring.demo`` loads them).

Faker fills small pools once (``hiring.demo_pools``); every row is then combined from those
pools and the role templates (``hiring.demo_roles``) with one seeded ``random.Random``. The
same seed and the same ``today`` give the same rows.
"""

import random
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hiring.candidates.identity import email_key, name_sort_key, phone_key
from hiring.candidates.models import STAGE_BITS, Source
from hiring.demo_closing import Tally, closing_rows
from hiring.demo_pools import COUNTRIES, handle, make_pools, person_name
from hiring.demo_roles import catalogue, job_ad
from hiring.ids import new_id
from hiring.jobs.models import JobStatus, JobType, SalaryPeriod
from hiring.pipeline.models import Stage
from hiring.placements.models import PayPeriod, PlacementStatus
from hiring.referrals.models import ReferralStatus
from hiring.skills import all_skills

# Rows to insert by table, in the order they go in.
Batch = dict[str, list[dict[str, Any]]]
DEMO_ACTOR = "demo@example.com"
PRODUCTS = ("studios", "platform", "labs", "agency")
LANGUAGES = ("English", "Spanish", "German", "French", "Portuguese", "Italian", "Polish", "Dutch")
TAGS = ("priority", "remote-only", "relocate", "alumni")
# How many jobs publish their pay as numbers (job boards' structured salary) besides the text.
STRUCTURED_PAY = 0.7
# How often a candidate in a pipeline holds another role of the job's family.
ADJACENT_ROLE = 0.1
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


# A referral's status for the referred candidate's stage.
REFERRAL_STATUS = {
    Stage.applied: ReferralStatus.submitted,
    Stage.screening: ReferralStatus.in_review,
    Stage.interview: ReferralStatus.interviewing,
    Stage.offer: ReferralStatus.interviewing,
    Stage.hired: ReferralStatus.hired,
    Stage.rejected: ReferralStatus.rejected,
}
REFERRAL_BONUSES = (500, 1_000, 1_500, 2_000)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class JobTerms:
    """What a job's pipeline and placements follow: its role, and its pay in thousands a
    year in its country's currency."""

    role: str
    currency: str
    low: int
    high: int


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _country_code(locale: str) -> str:
    """The ISO 3166-1 alpha-2 code of a Faker locale's country: ``de_DE`` → ``DE``."""
    return locale.rsplit("_", 1)[1]


def start_of_today() -> datetime:
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


class _Generator:
    """Makes the rows; every random draw comes from ``rnd`` in a fixed order."""

    def __init__(self, seed: int, today: datetime, actor: str) -> None:
        self.rnd = random.Random(seed)
        self.pools = make_pools(seed)
        self.today = today
        self.actor = actor
        self.catalogue = catalogue()
        self.roles = list(self.catalogue.roles)
        self.role_skills = {name: role.skills for name, role in self.catalogue.roles.items()}
        self.adjacent = {role: self.catalogue.adjacent(role) for role in self.roles}
        self.levels = list(self.catalogue.levels)
        self.vocabulary = all_skills()
        self.locales = list(COUNTRIES)
        # Demo numbers are the dialling code and nine digits, never starting with 0: whether
        # such a number is possible depends on the country alone, so its key (E.164: the code
        # and the digits) needs no parsing per row. Parsing numbers and profile URLs was most
        # of making a candidate; tests check the keys equal those of hiring.candidates.identity.
        self.keyed_countries = {
            code for _, code in COUNTRIES.values() if phone_key(f"{code} 234 567890")
        }
        self.sources = list(SOURCE_WEIGHTS)
        self.source_weights = list(SOURCE_WEIGHTS.values())
        self.stages = list(STAGE_WEIGHTS)
        self.stage_weights = list(STAGE_WEIGHTS.values())
        self.terms: dict[str, JobTerms] = {}
        self.tally = Tally()

    def later(self, start: datetime, most_hours: int) -> datetime:
        """A moment up to ``most_hours`` after ``start``, never after ``today``: nothing in
        the demo happens later than the load."""
        room = max(0, int((self.today - start).total_seconds()))
        return start + timedelta(seconds=self.rnd.randint(0, min(most_hours * 3600, room)))

    def job(self) -> dict[str, Any]:
        rnd = self.rnd
        role = self.catalogue.roles[rnd.choice(self.roles)]
        level = rnd.choice(self.levels)
        skills = rnd.sample(role.skills, k=min(4, len(role.skills)))
        created = self.today - timedelta(days=rnd.randint(1, 200), minutes=rnd.randint(0, 1440))
        locale = rnd.choice(self.locales)
        city = rnd.choice(self.pools.cities[locale])
        remote = rnd.random() < 0.5
        product = rnd.choice(PRODUCTS)
        ad = job_ad(
            rnd,
            role,
            level=level,
            product=product,
            where="fully remote" if remote else f"based in our {city} office",
            skills=skills,
        )
        pay = self.catalogue.pay[locale]
        scale = pay.scale * self.catalogue.levels[level].pay
        low, high = (round(thousands * scale) for thousands in role.salary)
        job_id = new_id("job", rnd)
        self.terms[job_id] = JobTerms(role.name, pay.currency, low, high)
        structured = rnd.random() < STRUCTURED_PAY
        return {
            "id": job_id,
            "title": f"{level}{role.name}",
            "product": product,
            "team": role.team,
            "public_department": role.family.department,
            "description": ad.description,
            "requirements": ad.requirements,
            "location": "Remote" if remote else f"{city}, {COUNTRIES[locale][0]}",
            "country": _country_code(locale),
            "remote_countries": self._same_currency(locale) if remote else [],
            "job_type": rnd.choice(list(JobType)).value,
            "status": rnd.choices(list(JobStatus), weights=[70, 20, 10])[0].value,
            "salary_range": f"{pay.currency} {low}k-{high}k",
            "salary_min": Decimal(low * 1_000) if structured else None,
            "salary_max": Decimal(high * 1_000) if structured else None,
            "salary_currency": pay.currency if structured else None,
            "salary_period": SalaryPeriod.year.value if structured else None,
            "created_at": created,
            "updated_at": created,
        }

    def _same_currency(self, locale: str) -> list[str]:
        """Where a remote job's applicants may live: the countries paid in its currency (a
        euro job is open across the euro countries of the demo)."""
        currency = self.catalogue.pay[locale].currency
        same = (other for other, pay in self.catalogue.pay.items() if pay.currency == currency)
        return sorted(_country_code(other) for other in same)

    def role_for(self, job: dict[str, Any] | None) -> str:
        """A pipeline's candidates hold its job's role, a few another of the same family."""
        if job is None:
            return self.rnd.choice(self.roles)
        role = self.terms[job["id"]].role
        adjacent = self.adjacent[role]
        if adjacent and self.rnd.random() < ADJACENT_ROLE:
            return self.rnd.choice(adjacent)
        return role

    def candidate(self, jobs: list[dict[str, Any]]) -> dict[str, Any]:
        rnd, pools = self.rnd, self.pools
        job = rnd.choice(jobs) if jobs and rnd.random() < 0.6 else None
        role = self.role_for(job)
        locale = rnd.choice(self.locales)
        country, dialling = COUNTRIES[locale]
        name = person_name(rnd, pools, locale)
        handle_of_name = handle(name)
        created = self.today - timedelta(days=rnd.randint(0, 365), seconds=rnd.randint(0, 86_399))
        role_skills = self.role_skills[role]
        skills = rnd.sample(role_skills, k=rnd.randint(2, len(role_skills)))
        if rnd.random() < 0.4:
            extra = rnd.choice(self.vocabulary)
            if extra not in skills:
                skills.append(extra)
        email = (
            f"{handle_of_name}{rnd.randint(1, 99)}@{rnd.choice(pools.email_domains)}"
            if rnd.random() < 0.85
            else None
        )
        phone = phone_digits = None
        if rnd.random() < 0.6:
            area, line = rnd.randint(100, 999), rnd.randint(100_000, 999_999)
            phone, phone_digits = f"{dialling} {area} {line}", f"{dialling}{area}{line}"
        linkedin_url = linkedin = None
        if rnd.random() < 0.7:
            profile = f"{handle_of_name.replace('.', '-')}-{rnd.randint(10, 99)}"
            linkedin_url, linkedin = f"https://www.linkedin.com/in/{profile}", profile.lower()
        return {
            "id": new_id("cand", rnd),
            "name": name,
            "email": email,
            "phone": phone,
            "linkedin_url": linkedin_url,
            # Written without the ORM: the keys its flush would keep.
            "email_key": email_key(email),
            "linkedin_key": f"linkedin.com/in/{linkedin}" if linkedin else None,
            "phone_key": phone_digits if dialling in self.keyed_countries else None,
            "sort_name": name_sort_key(name),
            "github_url": None,
            "location": f"{rnd.choice(pools.cities[locale])}, {country}",
            "current_title": f"{rnd.choice(self.levels)}{role}",
            "current_company": rnd.choice(pools.companies),
            "resume_text": None,
            "resume_parsed": None,
            "source": rnd.choices(self.sources, weights=self.source_weights)[0].value,
            "stage": Stage.applied.value,
            "stage_bits": STAGE_BITS[Stage.applied.value],
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

    def placement(self, row: dict[str, Any], hired: datetime) -> dict[str, Any]:
        """The terms of a hire: starting after it (never after today), paid in the job's
        range and currency, with the agency's fee; completed once its end date has passed."""
        rnd, terms = self.rnd, self.terms[row["job_id"]]
        today = self.today.date()
        start = min(hired.date() + timedelta(days=rnd.randint(14, 60)), today)
        end = start + timedelta(days=rnd.randint(90, 365)) if rnd.random() < 0.25 else None
        salary = Decimal(rnd.randint(terms.low, terms.high) * 1_000)
        return {
            "id": new_id("plc", rnd),
            "candidate_id": row["id"],
            "job_id": row["job_id"],
            "start_date": start,
            "end_date": end,
            "salary": salary,
            "rate": None,
            "currency": terms.currency,
            "period": PayPeriod.year.value,
            "fee": (salary * rnd.randint(15, 25) / 100).quantize(CENT),
            "status": (
                PlacementStatus.completed if end and end <= today else PlacementStatus.active
            ).value,
            "notes": None,
            "created_by": self.actor,
            "created_at": hired,
            "updated_at": hired,
        }

    def referral(self, row: dict[str, Any], moved: datetime) -> dict[str, Any]:
        """Who referred a candidate whose source is a referral, following their stage."""
        rnd = self.rnd
        referrer = person_name(rnd, self.pools, rnd.choice(self.locales))
        terms = self.terms.get(row["job_id"] or "")
        status = REFERRAL_STATUS[Stage(row["stage"])]
        if status == ReferralStatus.hired and rnd.random() < 0.5:
            status = ReferralStatus.paid
        return {
            "id": new_id("ref", rnd),
            "referrer_name": referrer,
            "referrer_email": f"{handle(referrer)}@{rnd.choice(self.pools.email_domains)}",
            "candidate_id": row["id"],
            "job_id": row["job_id"],
            "status": status.value,
            "bonus_amount": Decimal(rnd.choice(REFERRAL_BONUSES)) if terms else None,
            "currency": terms.currency if terms else "USD",
            "notes": None,
            "candidate_created": True,
            "matched_by": None,
            "created_by": self.actor,
            "created_at": row["created_at"],
            "updated_at": moved,
        }

    def history(self, row: dict[str, Any], made: Batch) -> None:
        """A candidate's pipeline assignment, placement, referral, notes and activities into
        ``made``; sets the row's stage."""
        rnd = self.rnd
        made["activities"].append(
            self.activity(
                row["id"],
                "created",
                f"Candidate created (source: {row['source']})",
                row["created_at"],
            )
        )
        moved = row["created_at"]
        if row["job_id"]:
            stage = rnd.choices(self.stages, weights=self.stage_weights)[0].value
            row["stage"] = stage
            row["stage_bits"] = STAGE_BITS[stage]
            moved = self.later(row["created_at"], 240)
            made["assignments"].append(
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
            made["activities"].append(
                self.activity(row["id"], "assigned", f"Added to pipeline at {stage}", moved)
            )
            if stage == Stage.hired:
                made["placements"].append(self.placement(row, moved))
        if row["source"] == Source.referral:
            made["referrals"].append(self.referral(row, moved))
        for _ in range(rnd.choice((0, 0, 1, 2))):
            written = self.later(row["created_at"], 500)
            made["notes"].append(
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
        self.tally.add(row)


def batches(
    *, candidates: int, jobs: int, seed: int, actor: str, today: datetime, size: int
) -> Generator[Batch, None, None]:
    """The rows: the jobs first, then candidates ``size`` at a time with their pipeline
    assignments, placements, referrals, notes and activities, then the companies, contacts
    and segments that follow from them. The same arguments give the same rows."""
    make = _Generator(seed, today, actor)
    job_rows = [make.job() for _ in range(jobs)]
    yield {"jobs": job_rows}
    for batch in _batches((make.candidate(job_rows) for _ in range(candidates)), size):
        made: Batch = {
            "candidates": batch,
            "assignments": [],
            "placements": [],
            "referrals": [],
            "notes": [],
            "activities": [],
        }
        for row in batch:
            make.history(row, made)
        yield made
    yield closing_rows(make.rnd, make.pools, make.tally, today, actor)
