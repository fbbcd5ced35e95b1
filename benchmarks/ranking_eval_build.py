"""Builds the honest ranking evaluation set, ``tests/data/ranking_eval.json``.

Jobs and people from unrelated fields, written the way people write resumes (not in the
ranker's skills vocabulary), with graded labels that come from how each person was built:
2 = holds the job's role, 1 = holds an adjacent role, 0 = anything else. Some people talk
about another role without holding it (a recruiter who hired React developers, a salesperson
who sold Kubernetes consulting, an engineer who built a nurse rostering system): they are
labelled by the role they hold, never by the words they use, and never by a ranker.

python -m benchmarks.ranking_eval_build      # rewrites the JSON (same seed, same file)
"""

import json
import random
from pathlib import Path
from typing import Any

from benchmarks.ranking_eval_roles import ROLES, Role

SEED = 2026
HOLDERS = 20
STUFFED_EACH = 3
# Beside the tests that assert the ranker's floor on it (benchmarks/data/ is git-ignored).
OUT = Path(__file__).parent.parent / "tests" / "data" / "ranking_eval.json"
CITIES = (
    "Berlin, Germany",
    "Lisbon, Portugal",
    "Manchester, United Kingdom",
    "Toronto, Canada",
    "Austin, United States",
    "Dublin, Ireland",
    "Warsaw, Poland",
    "Melbourne, Australia",
)
COMPANIES = (
    "Northwind",
    "Bluefield Health",
    "Acme Retail",
    "Kestrel Logistics",
    "Orbital Bank",
    "Harbor & Finch LLP",
    "Greenleaf Pharmacy",
    "Pinecone Software",
    "Lumen Media",
    "St. Anne's Hospital",
    "Tidewater Freight",
    "Quartz Analytics",
    "Brightpath Education",
    "Copperline Energy",
)


ROLE = {role.key: role for role in ROLES}

# People who talk about another role without holding it: (the role they hold, the role whose
# words they use, lines saying so). Each is labelled by the role they hold.
STUFFED = (
    (
        "recruiting",
        "frontend",
        (
            "Hired React developers and TypeScript frontend engineers for three startups",
            "Screened front-end candidates on accessibility and CSS skills",
        ),
    ),
    (
        "recruiting",
        "backend",
        (
            "Recruited Python and Go backend engineers for the API platform team",
            "Ran technical hiring for server-side developers with the CTO",
        ),
    ),
    (
        "recruiting",
        "nursing",
        (
            "Recruited registered nurses and charge nurses for two hospitals",
            "Ran open days for nursing students and staff nurses",
        ),
    ),
    (
        "recruiting",
        "accounting",
        (
            "Hired accountants, financial controllers and a finance manager",
            "Screened candidates on month-end close and audit experience",
        ),
    ),
    (
        "sales",
        "sre",
        (
            "Sold Kubernetes consulting and Terraform training to DevOps teams",
            "Ran demos of our monitoring product for site reliability engineers",
        ),
    ),
    (
        "sales",
        "physio",
        (
            "Sold physiotherapy equipment and rehab software to clinics",
            "Met physiotherapists and sports clubs every week to demo our exercise app",
        ),
    ),
    (
        "backend",
        "nursing",
        (
            "Built the nurse rostering system used on every hospital ward",
            "Wrote the API for medication charts used by registered nurses",
        ),
    ),
    (
        "backend",
        "logistics",
        (
            "Wrote the warehouse management system's picking and shift planning services",
            "Built carrier rate APIs for logistics companies",
        ),
    ),
    (
        "customer_support",
        "pharmacy",
        (
            "Answered customers of an online pharmacy about prescriptions and repeat medicines",
            "Helped patients track their prescription deliveries",
        ),
    ),
    (
        "customer_support",
        "backend",
        (
            "Reproduced API bugs and escalated them to the backend engineers",
            "Answered developer questions about our REST API and webhooks",
        ),
    ),
    (
        "marketing",
        "data_science",
        (
            "Ran campaigns for a machine learning platform aimed at data scientists",
            "Wrote blog posts about A/B testing and forecasting",
        ),
    ),
    (
        "marketing",
        "nursing",
        (
            "Ran recruitment campaigns for a nursing school",
            "Wrote content about the life of ward nurses for a hospital group",
        ),
    ),
    (
        "product_management",
        "backend",
        (
            "Product manager for the public API and developer platform",
            "Worked daily with backend engineers on API design and rate limits",
        ),
    ),
    (
        "product_management",
        "sre",
        (
            "Owned the roadmap of our observability product used by SRE teams",
            "Interviewed DevOps engineers about Kubernetes monitoring and on-call pain",
        ),
    ),
    (
        "product_design",
        "legal",
        (
            "Designed a contract management app for law firms",
            "Ran usability tests with commercial lawyers and legal counsel",
        ),
    ),
    (
        "legal",
        "recruiting",
        (
            "Advised HR on hiring, employment contracts and interview practices",
            "Reviewed the recruiting team's offer letters",
        ),
    ),
    (
        "accounting",
        "logistics",
        (
            "Audited freight costs and carrier invoices for a distribution centre",
            "Costed warehouse operations and inventory for the operations director",
        ),
    ),
    (
        "sre",
        "accounting",
        (
            "Built cloud cost reports for the finance team and the month-end close",
            "Automated the export of invoices to the accounting system",
        ),
    ),
    (
        "logistics",
        "customer_support",
        (
            "Handled customer complaints about late deliveries",
            "Ran the customer service desk for delivery questions",
        ),
    ),
    (
        "data_science",
        "marketing",
        (
            "Built marketing attribution models for the campaigns team",
            "Analysed paid search and social spend for the marketing manager",
        ),
    ),
    (
        "nursing",
        "recruiting",
        (
            "Interviewed and onboarded newly qualified nurses for the ward",
            "Helped the recruitment team at nursing job fairs",
        ),
    ),
    (
        "frontend",
        "sales",
        (
            "Built the sales team's CRM dashboards and quota tracker",
            "Made the pricing page and demo booking flow for account executives",
        ),
    ),
)


def _person(rnd: random.Random, role: Role, extra: tuple[str, ...] = ()) -> dict:
    """One person holding ``role``, in varied phrasing: a title (sometimes missing, as when
    a resume was parsed badly), a headline, experience lines (the most recent first) and a
    summary; ``extra`` lines about another role are mixed into their experience."""
    title = rnd.choice(role.titles)
    if rnd.random() < 0.3:
        title = rnd.choice(("Senior ", "Lead ", "Junior ", "")) + title.removeprefix("Senior ")
    lines = rnd.sample(role.lines, rnd.randint(2, 4))
    for line in extra:
        lines.insert(rnd.randint(0, len(lines)), line)
    companies = rnd.sample(COMPANIES, 2)
    years = rnd.randint(2, 14)
    experience = [f"{title} at {companies[0]} (2021 to now)", *lines[: len(lines) // 2 + 1]]
    earlier = rnd.choice(role.titles)
    experience += [f"{earlier} at {companies[1]} (2016 to 2021)", *lines[len(lines) // 2 + 1 :]]
    parts = [rnd.choice(role.headlines), *experience, rnd.choice(role.summaries)]
    if rnd.random() < 0.5:
        parts.insert(1, f"{years} years of experience.")
    return {
        "id": "",
        "role": role.key,
        "current_title": title if rnd.random() > 0.1 else None,
        "resume_text": "\n".join(parts),
        "location": rnd.choice(CITIES),
    }


def build(seed: int = SEED) -> dict[str, Any]:
    rnd = random.Random(seed)
    people: list[dict] = []
    for role in ROLES:
        for _ in range(HOLDERS):
            people.append(_person(rnd, role))
    for holder, mentioned, lines in STUFFED:
        for _ in range(STUFFED_EACH):
            person = _person(rnd, ROLE[holder], lines)
            person["mentions"] = mentioned
            people.append(person)
    # Ids are given after shuffling, so that no id order says anything about a role.
    rnd.shuffle(people)
    for number, person in enumerate(people):
        person["id"] = f"p{number:03d}"
    jobs = []
    for role in ROLES:
        grades = {}
        for person in people:
            if person["role"] == role.key:
                grades[person["id"]] = 2
            elif person["role"] in role.adjacent:
                grades[person["id"]] = 1
        jobs.append(
            {
                "id": role.key,
                "title": role.job_title,
                "description": role.job_description,
                "requirements": role.job_requirements,
                "location": "Remote",
                "job_type": "full_time",
                "grades": dict(sorted(grades.items())),
            }
        )
    return {
        "about": (
            "Honest ranking evaluation set, built by benchmarks/ranking_eval_build.py "
            f"(seed {seed}). grades: 2 = holds the job's role, 1 = adjacent role, absent = 0. "
            "'mentions': the role whose words a person uses without holding it."
        ),
        "jobs": jobs,
        "candidates": people,
    }


def main() -> None:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"{OUT}: {len(data['jobs'])} jobs, {len(data['candidates'])} candidates")


if __name__ == "__main__":
    main()
