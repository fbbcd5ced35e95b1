"""The demo's closing rows: client companies with their contacts, drawn from the candidates'
current companies, and saved segments that match the candidates made. Both are a fixed small
number whatever the size of the load: a ``Tally`` kept as the candidates are made is all they
need."""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Source
from hiring.demo_pools import COUNTRIES, Pools, handle, person_name
from hiring.ids import new_id
from hiring.pipeline.models import Stage
from hiring.segments.service import stored

CLIENT_COMPANIES = 20
INDUSTRIES = (
    "Software",
    "Financial Services",
    "Healthcare",
    "Retail",
    "Logistics",
    "Media",
    "Manufacturing",
    "Education",
)
HEADCOUNTS = (25, 60, 140, 350, 900, 2_500, 8_000)
CONTACT_TITLES = (
    "Head of Talent",
    "Head of People",
    "VP Engineering",
    "CTO",
    "COO",
    "HR Business Partner",
    "Hiring Manager",
)
Row = dict[str, Any]


@dataclass(frozen=True)
class SegmentTemplate:
    """A saved segment; ``{key}`` in its texts is the value most of its members share."""

    name: str
    description: str
    # What a (not archived) candidate brings to the segment; None: not a member.
    key: Callable[[Row], str | None]
    filters: Callable[[str], CandidateFilters]


def _country(row: Row) -> str:
    return str(row["location"]).rsplit(", ", 1)[-1]


def _senior_python(row: Row) -> str | None:
    senior = row["current_title"].startswith("Senior ") and "Python" in row["skills"]
    return _country(row) if senior else None


SEGMENTS = (
    SegmentTemplate(
        name="Senior Python engineers in {key}",
        description="Senior people with Python, based in {key}.",
        key=_senior_python,
        filters=lambda key: CandidateFilters(search="Senior", skills=["Python"], location=key),
    ),
    SegmentTemplate(
        name="Priority candidates",
        description="Everyone tagged priority: follow up first.",
        key=lambda row: "" if "priority" in row["tags"] else None,
        filters=lambda _key: CandidateFilters(tags=["priority"]),
    ),
    SegmentTemplate(
        name="Designers open to remote",
        description="Figma skills, tagged remote-only.",
        key=lambda row: "" if "Figma" in row["skills"] and "remote-only" in row["tags"] else None,
        filters=lambda _key: CandidateFilters(skills=["Figma"], tags=["remote-only"]),
    ),
    SegmentTemplate(
        name="Referrals in interviews",
        description="Referred candidates at the interview or offer stage.",
        key=lambda row: (
            ""
            if row["source"] == Source.referral and row["stage"] in (Stage.interview, Stage.offer)
            else None
        ),
        filters=lambda _key: CandidateFilters(
            source=[Source.referral], stage=[Stage.interview, Stage.offer]
        ),
    ),
)


class Tally:
    """What the closing rows need to know about the candidates, counted as they are made."""

    def __init__(self) -> None:
        self.companies: Counter[str] = Counter()
        self.segments: list[Counter[str]] = [Counter() for _ in SEGMENTS]

    def add(self, row: Row) -> None:
        """Count a candidate row, once its pipeline stage is set."""
        self.companies[row["current_company"]] += 1
        if row["archived_at"] is not None:
            return  # segments leave archived candidates out
        for members, segment in zip(self.segments, SEGMENTS, strict=True):
            if (key := segment.key(row)) is not None:
                members[key] += 1


def _company_and_contacts(
    rnd: random.Random, pools: Pools, name: str, today: datetime
) -> tuple[Row, list[Row]]:
    locale = rnd.choice(list(COUNTRIES))
    country, dialling = COUNTRIES[locale]
    city = rnd.choice(pools.cities[locale])
    slug = handle(name).replace(".", "")
    domain = f"{slug}.com"
    industry = rnd.choice(INDUSTRIES)
    headcount = rnd.choice(HEADCOUNTS)
    created = today - timedelta(days=rnd.randint(200, 400))
    company: Row = {
        "id": new_id("comp", rnd),
        "name": name,
        "domain": domain,
        "website": f"https://www.{domain}",
        "industry": industry,
        "employee_count": headcount,
        "linkedin_url": f"https://www.linkedin.com/company/{slug}",
        "location": f"{city}, {country}",
        "description": f"{name}: {industry.lower()}, about {headcount:,} people, based in {city}.",
        "founded_year": today.year - rnd.randint(3, 40),
        "enrichment": None,
        "enriched_at": None,
        "created_at": created,
        "updated_at": created,
    }
    contacts = []
    for _ in range(rnd.randint(1, 3)):
        person = person_name(rnd, pools, locale)
        added = created + timedelta(days=rnd.randint(0, 60))
        contacts.append(
            {
                "id": new_id("cont", rnd),
                "name": person,
                "email": f"{handle(person)}@{domain}",
                "phone": f"{dialling} {rnd.randint(100, 999)} {rnd.randint(100_000, 999_999)}",
                "title": rnd.choice(CONTACT_TITLES),
                "company_id": company["id"],
                "linkedin_url": f"https://www.linkedin.com/in/{handle(person).replace('.', '-')}",
                "location": company["location"],
                "notes": None,
                "enrichment": None,
                "enriched_at": None,
                "created_at": added,
                "updated_at": added,
            }
        )
    return company, contacts


def closing_rows(
    rnd: random.Random, pools: Pools, tally: Tally, today: datetime, actor: str
) -> dict[str, list[Row]]:
    """Companies (the candidates' most frequent current companies) with 1-3 contacts each,
    and the segments that have members."""
    companies: list[Row] = []
    contacts: list[Row] = []
    for name, _people in tally.companies.most_common(CLIENT_COMPANIES):
        company, people = _company_and_contacts(rnd, pools, name, today)
        companies.append(company)
        contacts += people
    segments = []
    for template, members in zip(SEGMENTS, tally.segments, strict=True):
        if not members:
            continue
        key = members.most_common(1)[0][0]
        saved = today - timedelta(days=rnd.randint(1, 60), minutes=rnd.randint(0, 1440))
        segments.append(
            {
                "id": new_id("seg", rnd),
                "name": template.name.format(key=key),
                "description": template.description.format(key=key),
                "filters": stored(template.filters(key)),
                "created_by": actor,
                "created_at": saved,
                "updated_at": saved,
            }
        )
    return {"companies": companies, "contacts": contacts, "segments": segments}
