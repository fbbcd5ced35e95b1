"""An import writes its new people, their activities and events a statement per batch, without
the ORM: what it writes must be what the ORM writes for the same person."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from benchmarks.imports import make_csv
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from hiring.activities.models import Activity
from hiring.candidates.models import Candidate, CandidateLabel, Origin
from hiring.candidates.schemas import CandidateCreate, CandidateOut
from hiring.candidates.service import build_candidate, insert_candidates, new_candidate_row
from hiring.db import unit_of_work
from hiring.events.models import Event
from hiring.validation import FROM_TEXT
from tests.conftest import FreshApp, client_for
from tests.imports.conftest import ImportSettings, candidates, csv_bytes, report_of, send

COUNTS = ("rows", "created", "updated", "skipped", "failed")
# Different for each record however it is written.
OWN = {"id", "created_at", "updated_at"}

PEOPLE = [
    {"name": "Ada Lovelace"},
    {
        "name": "  Émile Zola ",
        "email": " Emile@Example.COM ",
        "phone": "+44 (20) 7183-8750",
        "linkedin_url": "https://www.linkedin.com/in/Emile/",
        "github_url": "https://github.com/emile",
        "location": "Paris, France",
        "current_title": "Writer",
        "current_company": "Le Figaro",
        "notes": "Met at a fair",
        "skills": ["Writing", "writing ", "Python"],
        "tags": ["vip"],
        "languages": ["French", "English"],
        "desired_roles": ["Editor"],
        "availability": "May",
        "salary_expectation": "50k",
        "notice_period": "1 month",
        "rating": "4",
        "product": "labs",
        "source": "referral",
    },
]


# Ada's second row fills her record before it is written.
ADA_TWICE_AND_GRACE = csv_bytes(
    "Name,Email,Skills",
    "Ada Lovelace,ada@example.com,Maths",
    "Ada L.,ADA@example.com,Engines",
    "Grace Hopper,grace@example.com,",
)


def _stored(session: Any, candidate_id: str) -> dict[str, Any]:
    """The candidate's row as the database holds it, and their label rows."""
    row = session.execute(
        text("SELECT * FROM candidates WHERE id = :id"), {"id": candidate_id}
    ).mappings()
    stored = {key: value for key, value in dict(row.one()).items() if key not in OWN}
    labels = session.execute(
        select(CandidateLabel.kind, CandidateLabel.value, CandidateLabel.archived).where(
            CandidateLabel.candidate_id == candidate_id
        )
    )
    stored["labels"] = sorted(tuple(row) for row in labels)
    return stored


@pytest.mark.parametrize("values", PEOPLE, ids=["name only", "every field"])
def test_a_bulk_row_is_the_candidate_the_orm_writes(app: FastAPI, values: dict) -> None:
    data = CandidateCreate.model_validate({"source": "direct"} | values, context=FROM_TEXT)
    with unit_of_work(app.state.sessions) as session:
        by_orm = build_candidate(data, origin=Origin.import_)
        session.add(by_orm)
        session.flush()
        row = new_candidate_row(data, origin=Origin.import_)
        insert_candidates(session, [row])
        assert _stored(session, row["id"]) == _stored(session, by_orm.id)
        shown = CandidateOut.model_validate(by_orm).model_dump(mode="json")
        again = CandidateOut.model_validate(
            dict.fromkeys(CandidateOut.model_fields) | row
        ).model_dump(mode="json")
        assert {k: v for k, v in again.items() if k not in OWN} == {
            k: v for k, v in shown.items() if k not in OWN
        }


def test_each_new_person_has_a_created_activity_and_event(
    app: FastAPI, recruiter: TestClient
) -> None:
    assert report_of(recruiter, ADA_TWICE_AND_GRACE)["created"] == 2

    found = {c["name"]: c for c in candidates(recruiter)}
    ada = found["Ada Lovelace"]
    assert ada["skills"] == ["Maths", "Engines"]
    assert ada["origin"] == "import"
    with unit_of_work(app.state.sessions, write=False) as session:
        shown = session.scalars(select(Activity).where(Activity.candidate_id == ada["id"])).all()
        events = session.scalars(select(Event).order_by(Event.seq)).all()
    assert [a.title for a in shown] == ["Candidate created (source: direct)"]
    assert [(e.type, e.candidate_id) for e in events] == [
        ("candidate.created", ada["id"]),
        ("candidate.created", found["Grace Hopper"]["id"]),
    ]
    # The event carries the person as the API shows them, filled by the file's later row.
    assert events[0].data == {key: ada[key] for key in events[0].data}


def test_the_benchmark_file_is_counted_as_the_row_by_row_import_counted_it(
    recruiter: TestClient, import_settings: ImportSettings
) -> None:
    # Rows matched within a batch and across batches, by each key; invalid rows.
    import_settings(import_background_rows=5_000, import_batch_rows=300)
    content = make_csv(1_000)

    first = report_of(recruiter, content, "bench.csv")
    again = report_of(recruiter, content, "bench.csv")

    # What the import reported when it wrote a candidate at a time through the ORM.
    assert [first[key] for key in COUNTS] == [1_000, 930, 61, 3, 6]
    assert [again[key] for key in COUNTS] == [1_000, 0, 0, 994, 6]


def test_an_import_and_creates_of_one_person_at_once_make_one_record(
    fresh_app: Callable[..., FreshApp],
) -> None:
    built = fresh_app(import_background_rows=10_000, import_batch_rows=5_000)
    creates = 6
    clients = [client_for(built.app, built.personas["recruiter"].token) for _ in range(creates)]
    rows = [f"Person {n},person{n}@example.com" for n in range(3_000)]
    content = csv_bytes("Name,Email", "Jane,jane@example.com", *rows)

    def create(n: int) -> int:
        # Spread over the import's one long batch: some before it reads who is known, some
        # while it writes, some after.
        time.sleep(n * 0.25)
        body = {"name": "Jane", "email": "jane@example.com"}
        return clients[n].post("/api/candidates", json=body).status_code

    with ThreadPoolExecutor(max_workers=creates + 1) as pool:
        imported = pool.submit(send, built.client("recruiter"), content)
        codes = list(pool.map(create, range(creates)))

    assert imported.result().status_code == 200
    assert sorted(set(codes)) <= [201, 409] and codes.count(201) <= 1
    with unit_of_work(built.app.state.sessions, write=False) as session:
        janes = session.scalars(
            select(Candidate.id).where(Candidate.email == "jane@example.com")
        ).all()
    assert len(janes) == 1
