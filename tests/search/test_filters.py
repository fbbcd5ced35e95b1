"""Every candidate filter, through the segment preview and the list endpoint (one builder)."""

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from hiring.candidates.filters import CandidateSort
from hiring.candidates.models import Candidate
from hiring.db import unit_of_work
from tests.factories import assign, make_candidate, make_job


def _preview(client: TestClient, **filters: Any) -> set[str]:
    response = client.post("/api/candidate-segments/preview", json={"filters": filters})
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["total"] == len(data["candidates"])
    return {c["name"] for c in data["candidates"]}


def _listed(client: TestClient, **params: Any) -> set[str]:
    response = client.get("/api/candidates", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    return {c["name"] for c in response.json()["data"]}


def _set(app: FastAPI, candidate_id: str, **values: Any) -> None:
    with unit_of_work(app.state.sessions) as session:
        session.execute(update(Candidate).where(Candidate.id == candidate_id).values(**values))


@pytest.fixture
def crowd(app: FastAPI, recruiter: TestClient) -> dict[str, dict[str, Any]]:
    job = make_job(recruiter, title="Platform Engineer", product="studios")
    people = {
        "ada": make_candidate(
            recruiter,
            name="Ada",
            skills=["Python", "Go", "SQL"],
            tags=["VIP"],
            languages=["English", "French"],
            location="Lisbon, Portugal",
            phone="+351 555 0101",
            rating=5,
            source="linkedin",
            product="studios",
        ),
        "ben": make_candidate(
            recruiter,
            name="Ben",
            email=None,
            skills=["python"],
            tags=["vip", "Relocate"],
            languages=["English"],
            location="Porto",
            rating=3,
            source="referral",
        ),
        "cat": make_candidate(
            recruiter,
            name="Cat",
            skills=["Rust", "Go"],
            languages=["German"],
            location="Berlin",
            rating=1,
        ),
    }
    assign(recruiter, job["id"], people["ada"]["id"], "interview")
    _set(app, people["ada"]["id"], created_at=datetime(2026, 1, 10, tzinfo=UTC))
    _set(app, people["ben"]["id"], created_at=datetime(2026, 2, 10, tzinfo=UTC))
    _set(
        app,
        people["cat"]["id"],
        created_at=datetime(2026, 3, 10, tzinfo=UTC),
        updated_at=datetime(2026, 3, 10, tzinfo=UTC),
    )
    people["job"] = job
    return people


def test_skills_any_and_all_ignore_case(recruiter: TestClient, crowd: dict) -> None:
    assert _preview(recruiter, skills=["PYTHON"]) == {"Ada", "Ben"}
    assert _preview(recruiter, skills=["python", "rust"]) == {"Ada", "Ben", "Cat"}
    assert _preview(recruiter, skills=["go", "Python"], skills_mode="all") == {"Ada"}
    assert _preview(recruiter, skills=["go", "GO"], skills_mode="all") == {"Ada", "Cat"}
    assert _preview(recruiter, skills=["cobol"]) == set()
    assert _preview(recruiter, skills=[]) == {"Ada", "Ben", "Cat"}


def test_tags_and_languages(recruiter: TestClient, crowd: dict) -> None:
    assert _preview(recruiter, tags=["VIP"]) == {"Ada", "Ben"}
    assert _preview(recruiter, tags=["vip", "relocate"], tags_mode="all") == {"Ben"}
    assert _preview(recruiter, languages=["english"]) == {"Ada", "Ben"}
    assert _preview(recruiter, languages=["English", "French"], languages_mode="all") == {"Ada"}
    assert _preview(recruiter, languages=["german", "french"]) == {"Ada", "Cat"}


def test_scalar_filters(recruiter: TestClient, crowd: dict) -> None:
    job_id = crowd["job"]["id"]
    assert _preview(recruiter, location="portu") == {"Ada"}
    assert _preview(recruiter, location="ORT") == {"Ada", "Ben"}
    assert _preview(recruiter, stage="interview") == {"Ada"}
    assert _preview(recruiter, stage=["interview", "applied"]) == {"Ada", "Ben", "Cat"}
    assert _preview(recruiter, source="referral") == {"Ben"}
    assert _preview(recruiter, source=["referral", "linkedin"]) == {"Ada", "Ben"}
    assert _preview(recruiter, job_id=job_id) == {"Ada"}
    assert _preview(recruiter, product="STUDIOS") == {"Ada"}
    assert _preview(recruiter, rating_min=3) == {"Ada", "Ben"}
    assert _preview(recruiter, has_email=False) == {"Ben"}
    assert _preview(recruiter, has_email=True) == {"Ada", "Cat"}
    assert _preview(recruiter, has_phone=True) == {"Ada"}
    assert _preview(recruiter, has_phone=False) == {"Ben", "Cat"}
    assert _preview(recruiter, created_from="2026-02-10") == {"Ben", "Cat"}
    assert _preview(recruiter, created_to="2026-02-10") == {"Ada", "Ben"}
    assert _preview(recruiter, updated_from="2026-04-01") == {"Ada", "Ben"}
    assert _preview(recruiter, search="ada") == {"Ada"}


def test_filters_combine_with_and(recruiter: TestClient, crowd: dict) -> None:
    combined = {"skills": ["python"], "rating_min": 4, "location": "lisbon", "has_phone": True}
    assert _preview(recruiter, **combined) == {"Ada"}
    assert _preview(recruiter, **(combined | {"source": "referral"})) == set()


def test_archived_exclude_include_only(recruiter: TestClient, crowd: dict) -> None:
    recruiter.patch(
        f"/api/candidates/{crowd['cat']['id']}", json={"archived_at": "2026-05-01T00:00:00Z"}
    )
    assert _preview(recruiter) == {"Ada", "Ben"}
    assert _preview(recruiter, archived="exclude") == {"Ada", "Ben"}
    assert _preview(recruiter, archived="include") == {"Ada", "Ben", "Cat"}
    assert _preview(recruiter, archived="only") == {"Cat"}
    assert _listed(recruiter, archived="only") == {"Cat"}
    assert _listed(recruiter, show_archived=1) == {"Ada", "Ben", "Cat"}


def test_list_endpoint_takes_the_new_filters(recruiter: TestClient, crowd: dict) -> None:
    assert _listed(recruiter, skills=["go", "python"], skills_mode="all") == {"Ada"}
    assert _listed(recruiter, tags="vip") == {"Ada", "Ben"}
    assert _listed(recruiter, languages="german") == {"Cat"}
    assert _listed(recruiter, stage=["interview", "applied"]) == {"Ada", "Ben", "Cat"}
    assert _listed(recruiter, source=["referral", "linkedin"]) == {"Ada", "Ben"}
    assert _listed(recruiter, rating_min=3, has_phone=0) == {"Ben"}
    assert _listed(recruiter, updated_from="2026-04-01") == {"Ada", "Ben"}
    assert _listed(recruiter, date_from="2026-02-01", date_to="2026-02-28") == {"Ben"}


def test_preview_lists_at_most_fifty_with_the_full_total(recruiter: TestClient) -> None:
    for _ in range(52):
        make_candidate(recruiter, skills=["Elixir"])
    response = recruiter.post(
        "/api/candidate-segments/preview", json={"filters": {"skills": ["elixir"]}}
    )
    data = response.json()["data"]
    assert data["total"] == 52 and len(data["candidates"]) == 50
    assert set(data["candidates"][0]) >= {"id", "name", "email", "stage", "skills", "location"}


BAD_FILTERS = [
    ({"colour": "red"}, "filters.colour"),
    ({"skills": "python"}, "filters.skills"),
    ({"skills": [1]}, "filters.skills.0"),
    ({"skills": ["x" * 101]}, "filters.skills.0"),
    ({"skills": [f"s{i}" for i in range(101)]}, "filters.skills"),
    ({"skills": [""]}, "filters.skills.0"),
    ({"skills_mode": "some"}, "filters.skills_mode"),
    ({"tags": {"any": ["vip"]}}, "filters.tags"),
    ({"tags_mode": 1}, "filters.tags_mode"),
    ({"languages": [None]}, "filters.languages.0"),
    ({"languages_mode": "none"}, "filters.languages_mode"),
    ({"location": "x" * 201}, "filters.location"),
    ({"stage": "nowhere"}, "filters.stage.0"),
    ({"stage": ["applied", "nowhere"]}, "filters.stage.1"),
    ({"stage": []}, "filters.stage"),
    ({"source": "fax"}, "filters.source.0"),
    ({"job_id": "x" * 41}, "filters.job_id"),
    ({"product": "x" * 101}, "filters.product"),
    ({"rating_min": 0}, "filters.rating_min"),
    ({"rating_min": 6}, "filters.rating_min"),
    ({"rating_min": "high"}, "filters.rating_min"),
    ({"has_email": "maybe"}, "filters.has_email"),
    ({"has_phone": "maybe"}, "filters.has_phone"),
    ({"created_from": "yesterday"}, "filters.created_from"),
    ({"created_to": "2026-13-45"}, "filters.created_to"),
    ({"updated_from": "soon"}, "filters.updated_from"),
    ({"archived": "maybe"}, "filters.archived"),
    ({"archived": True}, "filters.archived"),
    ({"search": "x" * 201}, "filters.search"),
    ({"search": ["java"]}, "filters.search"),
    ({"show_archived": True}, "filters.show_archived"),
]


@pytest.mark.parametrize(("filters", "field"), BAD_FILTERS)
def test_bad_filters_are_422_naming_the_key(
    recruiter: TestClient, filters: dict, field: str
) -> None:
    for path, body in (
        ("/api/candidate-segments/preview", {"filters": filters}),
        ("/api/candidate-segments", {"name": "Bad", "filters": filters}),
    ):
        response = recruiter.post(path, json=body)
        assert response.status_code == 422, (filters, response.text)
        fields = [d["field"] for d in response.json()["error"]["details"]]
        assert fields == [field], (filters, fields)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"skills": "x" * 101}, "skills.0"),
        ({"skills_mode": "some"}, "skills_mode"),
        ({"archived": "maybe"}, "archived"),
        ({"rating_min": 9}, "rating_min"),
        ({"has_phone": "maybe"}, "has_phone"),
        ({"updated_from": "soon"}, "updated_from"),
        ({"sort": "salary"}, "sort"),
    ],
)
def test_bad_list_params_are_422_naming_the_key(
    recruiter: TestClient, params: dict, field: str
) -> None:
    response = recruiter.get("/api/candidates", params=params)
    assert response.status_code == 422, response.text
    assert [d["field"] for d in response.json()["error"]["details"]] == [field]


@pytest.mark.parametrize("sort", [s.value for s in CandidateSort])
def test_pages_follow_the_whole_order(app: FastAPI, recruiter: TestClient, sort: str) -> None:
    # Pages of three, one after another, are the whole ordered list cut in threes: no one
    # twice, no one missed, ties broken the same way every time.
    job = make_job(recruiter, title="Data Engineer")
    same_day = datetime(2026, 4, 1, tzinfo=UTC)
    for n in range(9):
        person = make_candidate(
            recruiter,
            name=f"Pat {'CABEDGFIH'[n]}",
            skills=["Python", "SQL"] if n % 2 else ["Go"],
            rating=(n % 3) or None,
            source="linkedin" if n % 3 else "direct",
            location="Berlin" if n < 6 else "Oslo",
        )
        if n % 4 == 0:
            assign(recruiter, job["id"], person["id"], "screening")
        # Ties in every order, broken by id.
        created = same_day if n < 4 else datetime(2026, 1, n, tzinfo=UTC)
        _set(app, person["id"], created_at=created, updated_at=same_day)
    filters: list[dict[str, Any]] = [
        {},
        {"search": "pat"},
        {"skills": "python"},
        {"skills": ["sql", "python"], "skills_mode": "all"},
        {"search": "pat", "location": "berl"},
        {"source": "linkedin", "location": "berl"},
        {"stage": "screening"},
        {"job_id": job["id"], "rating_min": 1},
    ]

    def pages() -> list[list[str]]:
        return [
            [
                c["id"]
                for c in recruiter.get(
                    "/api/candidates",
                    params={**f, "sort": sort, "limit": 3, "offset": offset},
                ).json()["data"]
            ]
            for f in filters
            for offset in (0, 3, 6)
        ]

    def whole() -> list[list[str]]:
        found = []
        for f in filters:
            everyone = recruiter.get("/api/candidates", params={**f, "sort": sort, "limit": 200})
            ids = [c["id"] for c in everyone.json()["data"]]
            found.extend(ids[offset : offset + 3] for offset in (0, 3, 6))
        return found

    paged = pages()
    assert paged == whole()
    assert sum(len(page) for page in paged) == 9 + 9 + 4 + 4 + 6 + 4 + 3 + 2
