"""Candidates: the spec's Candidates section (without files, enrichment and segments)."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from hiring import demo
from hiring.activities.models import Activity
from hiring.candidates.models import Candidate
from hiring.db import unit_of_work
from hiring.notes.models import Note
from hiring.pipeline.models import Assignment
from tests.factories import make_candidate, make_job


def _names(client: TestClient, **params: object) -> list[str]:
    response = client.get("/api/candidates", params={"limit": 200, **params})
    assert response.status_code == 200, response.text
    return sorted(c["name"] for c in response.json()["data"])


def _set_created_at(app: FastAPI, candidate_id: str, when: datetime) -> None:
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            update(Candidate).where(Candidate.id == candidate_id).values(created_at=when)
        )


# Create


def test_create_candidate_applies_defaults(recruiter: TestClient) -> None:
    data = make_candidate(recruiter, name="Jane Smith")
    assert data["id"].startswith("cand_")
    assert (data["source"], data["stage"], data["job_id"]) == ("direct", "applied", None)
    assert data["skills"] == [] and data["tags"] == []
    assert [a["activity_type"] for a in data["activities"]] == ["created"]


def test_create_candidate_keeps_every_spec_field(recruiter: TestClient) -> None:
    job = make_job(recruiter, product="labs")
    body = {
        "name": "Jane Smith",
        "email": "jane@example.com",
        "phone": "+49 30 1234567",
        "linkedin_url": "https://www.linkedin.com/in/jane-smith",
        "location": "Berlin, Germany",
        "current_title": "Frontend Engineer",
        "current_company": "Acme",
        "resume_text": "Jane Smith. React, TypeScript.",
        "resume_parsed": {"skills": ["React"], "years": 6},
        "source": "linkedin",
        "stage": "screening",
        "job_id": job["id"],
        "notes": "Met at a meetup",
        "assigned_to": "paula@example.com",
    }
    data = make_candidate(recruiter, **body)
    assert {k: data[k] for k in body} == body
    assert data["product"] == "labs"


def test_create_with_job_id_enters_that_pipeline(recruiter: TestClient) -> None:
    job = make_job(recruiter, title="Platform Engineer")
    data = make_candidate(recruiter, job_id=job["id"], stage="interview")
    kinds = {a["activity_type"] for a in data["activities"]}
    assert kinds == {"created", "assigned"}
    job_detail = recruiter.get(f"/api/jobs/{job['id']}").json()["data"]
    assert [(c["candidate_id"], c["stage"]) for c in job_detail["candidates"]] == [
        (data["id"], "interview")
    ]
    job_log = recruiter.get(f"/api/jobs/{job['id']}/activities").json()["data"]
    assert job_log[0]["activity_type"] == "assigned"


def test_create_with_unknown_job_is_422(recruiter: TestClient) -> None:
    response = recruiter.post("/api/candidates", json={"name": "X", "job_id": "job_nope"})
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {"field": "job_id", "message": "No job with this id"}
    ]
    assert recruiter.get("/api/candidates").json()["total"] == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", None),
        ("name", "x" * 201),
        ("email", "not-an-email"),
        ("email", 42),
        ("phone", "call me maybe"),
        ("linkedin_url", "javascript:alert(1)"),
        ("linkedin_url", "ftp://example.com/x"),
        ("linkedin_url", "not a url"),
        ("stage", "hired-ish"),
        ("source", "facebook"),
        ("resume_parsed", "not an object"),
        ("current_title", "x" * 201),
        ("assigned_to", "nobody"),
        ("rating", 6),
        ("rating", "five"),
        ("skills", "python"),
        ("skills", ["x" * 101]),
        ("id", "cand_mine"),
        ("created_at", "2020-01-01T00:00:00Z"),
        ("enrichment", {}),
    ],
)
def test_create_rejects_bad_field(recruiter: TestClient, field: str, value: object) -> None:
    body = {"name": "Valid Name", field: value}
    response = recruiter.post("/api/candidates", json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"][0]["field"].split(".")[0] == field


def test_list_fields_are_trimmed_and_deduplicated(recruiter: TestClient) -> None:
    data = make_candidate(recruiter, skills=[" Python ", "python", "Go"], tags=["VIP", "vip"])
    assert data["skills"] == ["Python", "Go"]
    assert data["tags"] == ["VIP"]


# Detail


def test_get_candidate_has_activities_newest_first_and_parsed_resume(
    recruiter: TestClient,
) -> None:
    cand = make_candidate(recruiter, resume_parsed={"skills": ["Go"]})
    recruiter.post(
        f"/api/candidates/{cand['id']}/activity",
        json={"activity_type": "call", "title": "Intro call"},
    )
    data = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert [a["activity_type"] for a in data["activities"]] == ["call", "created"]
    assert data["activities_total"] == 2
    assert data["resume_parsed"] == {"skills": ["Go"]}


def test_any_json_number_and_text_in_a_parsed_resume_is_kept(recruiter: TestClient) -> None:
    parsed = {"id": 2**70, "years": 6.5, "name": "Zoë Ñúñez", "nested": [{"ok": None}]}
    cand = make_candidate(recruiter, resume_parsed=parsed)
    data = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert data["resume_parsed"] == parsed


def test_unknown_candidate_is_404(recruiter: TestClient) -> None:
    for candidate_id in ("cand_nope", "job_x", "%20", "x" * 500):
        response = recruiter.get(f"/api/candidates/{candidate_id}")
        assert response.status_code == 404
    assert recruiter.patch("/api/candidates/cand_nope", json={"name": "x"}).status_code == 404
    assert recruiter.delete("/api/candidates/cand_nope").status_code == 404


# List and filters


def test_list_is_newest_first_with_total_and_offset(recruiter: TestClient) -> None:
    names = [make_candidate(recruiter, name=f"Person {i}")["name"] for i in range(4)]
    body = recruiter.get("/api/candidates", params={"limit": 2, "offset": 1}).json()
    assert [c["name"] for c in body["data"]] == [names[2], names[1]]
    assert body["total"] == 4


def test_limit_defaults_to_50_and_is_capped_at_200(app: FastAPI, recruiter: TestClient) -> None:
    with unit_of_work(app.state.sessions) as session:
        demo.generate(session, candidates=230, jobs=0, seed=1)
    everything = {"show_archived": 1}
    assert len(recruiter.get("/api/candidates", params=everything).json()["data"]) == 50
    capped = recruiter.get("/api/candidates", params={**everything, "limit": 1_000_000}).json()
    assert len(capped["data"]) == 200
    assert capped["total"] == 230


def test_filter_by_job_and_stage_match_any_assignment(recruiter: TestClient) -> None:
    job_a, job_b = make_job(recruiter), make_job(recruiter)
    both = make_candidate(recruiter, name="Both", job_id=job_a["id"], stage="interview")
    recruiter.post(f"/api/candidates/{both['id']}/notes", json={"body": "x"})
    make_candidate(recruiter, name="Only B", job_id=job_b["id"], stage="offer")
    make_candidate(recruiter, name="Nowhere", stage="offer")
    assert _names(recruiter, job_id=job_a["id"]) == ["Both"]
    assert _names(recruiter, stage="offer") == ["Nowhere", "Only B"]
    assert _names(recruiter, stage="interview", job_id=job_a["id"]) == ["Both"]
    assert _names(recruiter, job_id="job_unknown") == []


def test_filter_by_product_source_and_location(recruiter: TestClient) -> None:
    make_candidate(recruiter, name="A", product="labs", source="linkedin", location="Berlin, DE")
    make_candidate(recruiter, name="B", product="studios", source="referral", location="berlin")
    make_candidate(recruiter, name="C", product="labs", source="manatal", location="Lisbon")
    assert _names(recruiter, product="labs") == ["A", "C"]
    assert _names(recruiter, source="referral") == ["B"]
    assert _names(recruiter, location="BERL") == ["A", "B"]
    assert _names(recruiter, location="lin", product="labs", source="linkedin") == ["A"]


def test_filter_has_email(recruiter: TestClient) -> None:
    make_candidate(recruiter, name="With")
    recruiter.post("/api/candidates", json={"name": "Without"})
    assert _names(recruiter, has_email=1) == ["With"]
    assert _names(recruiter) == ["With", "Without"]


def test_filter_dates_are_inclusive_and_accept_dates_or_datetimes(
    app: FastAPI, recruiter: TestClient
) -> None:
    days = {"Early": "2026-01-10", "Middle": "2026-02-15", "Late": "2026-03-20"}
    for name, day in days.items():
        cand = make_candidate(recruiter, name=name)
        _set_created_at(app, cand["id"], datetime.fromisoformat(f"{day}T15:30:00+00:00"))
    assert _names(recruiter, date_from="2026-02-15") == ["Late", "Middle"]
    assert _names(recruiter, date_to="2026-02-15") == ["Early", "Middle"]
    assert _names(recruiter, date_from="2026-02-15T16:00:00Z") == ["Late"]
    assert _names(recruiter, date_from="2026-01-01", date_to="2026-01-31") == ["Early"]


def test_bad_filter_values_are_422(recruiter: TestClient) -> None:
    for params, field in (
        ({"stage": "nope"}, "stage.0"),
        ({"source": "fax"}, "source.0"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2026-13-45"}, "date_to"),
        ({"has_email": "maybe"}, "has_email"),
        ({"search": "x" * 201}, "search"),
        ({"sort": "salary"}, "sort"),
        ({"offset": -1}, "offset"),
    ):
        response = recruiter.get("/api/candidates", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["details"][0]["field"] == field


def test_archived_candidates_are_hidden_unless_asked(recruiter: TestClient) -> None:
    kept = make_candidate(recruiter, name="Kept")
    gone = make_candidate(recruiter, name="Archived")
    recruiter.patch(f"/api/candidates/{gone['id']}", json={"archived_at": "2026-01-01T00:00:00Z"})
    assert _names(recruiter) == ["Kept"]
    assert _names(recruiter, show_archived=1) == ["Archived", "Kept"]
    assert kept["archived_at"] is None


def test_search_matches_word_prefixes_of_name_company_title_and_email(
    recruiter: TestClient,
) -> None:
    make_candidate(recruiter, name="Jane Smith", current_company="Globex", email="js@acme.io")
    make_candidate(recruiter, name="Mary Janeway", current_title="Data Scientist", email="m@x.io")
    make_candidate(recruiter, name="Benjamin Ray", current_company="Initech", email="b@x.io")
    assert _names(recruiter, search="jan") == ["Jane Smith", "Mary Janeway"]
    assert _names(recruiter, search="SMI") == ["Jane Smith"]
    assert _names(recruiter, search="glob") == ["Jane Smith"]
    assert _names(recruiter, search="scien") == ["Mary Janeway"]
    assert _names(recruiter, search="acme") == ["Jane Smith"]
    assert _names(recruiter, search="jane smith") == ["Jane Smith"]
    assert _names(recruiter, search="jamin") == []


@pytest.mark.parametrize("hostile", ["%", "_", "'", '"', "\\", "a' OR '1'='1", "--", "*"])
def test_search_input_cannot_break_the_query(recruiter: TestClient, hostile: str) -> None:
    make_candidate(recruiter, name="Jane Smith")
    response = recruiter.get("/api/candidates", params={"search": hostile})
    assert response.status_code == 200
    assert response.json()["total"] == 0


def test_sort_options(recruiter: TestClient) -> None:
    make_candidate(recruiter, name="Bravo", rating=2)
    make_candidate(recruiter, name="Alpha", rating=5)
    make_candidate(recruiter, name="Charlie")

    def order(sort: str) -> list[str]:
        return [
            c["name"]
            for c in recruiter.get("/api/candidates", params={"sort": sort}).json()["data"]
        ]

    assert order("created_at") == ["Charlie", "Alpha", "Bravo"]
    assert order("-created_at") == ["Bravo", "Alpha", "Charlie"]
    assert order("name") == ["Alpha", "Bravo", "Charlie"]
    assert order("rating") == ["Alpha", "Bravo", "Charlie"]


def test_name_order_ignores_case_and_accents(recruiter: TestClient) -> None:
    for name in ("charlie", "Émile", "bob", "Alice", "élodie", "Zoë", "ada"):
        make_candidate(recruiter, name=name)

    def names() -> list[str]:
        listed = recruiter.get("/api/candidates", params={"sort": "name"}).json()["data"]
        return [c["name"] for c in listed]

    assert names() == ["ada", "Alice", "bob", "charlie", "élodie", "Émile", "Zoë"]
    # A renamed candidate moves to their new place.
    ada = recruiter.get("/api/candidates", params={"search": "ada"}).json()["data"][0]
    recruiter.patch(f"/api/candidates/{ada['id']}", json={"name": "Yusuf"})
    assert names()[-2:] == ["Yusuf", "Zoë"]


# Update


def test_patch_accepts_every_spec_field(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter)
    body = {
        "name": "New Name",
        "email": "new@example.com",
        "phone": "(555) 123-4567",
        "linkedin_url": "https://linkedin.com/in/new",
        "location": "Madrid",
        "current_title": "CTO",
        "current_company": "Initech",
        "notes": "Updated",
        "assigned_to": "paula@example.com",
        "skills": ["Rust", "Go"],
        "availability": "2 weeks",
        "desired_roles": ["Staff Engineer"],
        "languages": ["Spanish", "English"],
        "github_url": "https://github.com/new",
        "salary_expectation": "€90k",
        "notice_period": "1 month",
        "tags": ["priority"],
        "rating": 4,
    }
    response = recruiter.patch(f"/api/candidates/{cand['id']}", json=body)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert {k: data[k] for k in body} == body
    updated = data["activities"][0]
    assert updated["activity_type"] == "updated"
    assert updated["data"]["changes"]["name"] == {"from": cand["name"], "to": "New Name"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", None),
        ("stage", None),
        ("stage", "done"),
        ("rating", 0),
        ("tags", [1, 2]),
        ("languages", "English"),
        ("archived_at", "last week"),
        ("source", "linkedin"),
        ("job_id", "job_x"),
        ("resume_text", "patched"),
        ("updated_at", "2020-01-01T00:00:00Z"),
        ("github_url", "github.com/no-scheme"),
    ],
)
def test_patch_rejects_bad_or_unlisted_field(
    recruiter: TestClient, field: str, value: object
) -> None:
    cand = make_candidate(recruiter)
    response = recruiter.patch(f"/api/candidates/{cand['id']}", json={field: value})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["field"].split(".")[0] == field


def test_failed_patch_changes_nothing(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter, name="Stable")
    recruiter.patch(f"/api/candidates/{cand['id']}", json={"name": "Changed", "rating": 9})
    assert recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]["name"] == "Stable"


def test_stage_change_without_pipeline_is_logged_with_actor(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter)
    data = recruiter.patch(f"/api/candidates/{cand['id']}", json={"stage": "screening"}).json()[
        "data"
    ]
    assert data["stage"] == "screening"
    change = data["activities"][0]
    assert change["activity_type"] == "stage_change"
    assert change["data"] == {"from": "applied", "to": "screening"}
    assert change["actor"] == "recruiter@example.com"


def test_stage_change_moves_the_current_assignment(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    cand = make_candidate(recruiter, job_id=job["id"])
    recruiter.patch(f"/api/candidates/{cand['id']}", json={"stage": "offer"})
    job_detail = recruiter.get(f"/api/jobs/{job['id']}").json()["data"]
    assert job_detail["candidates"][0]["stage"] == "offer"
    job_log = recruiter.get(f"/api/jobs/{job['id']}/activities").json()["data"]
    assert job_log[0]["data"]["to"] == "offer"


def test_archive_and_restore_are_logged(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter)
    path = f"/api/candidates/{cand['id']}"
    archived = recruiter.patch(path, json={"archived_at": "2026-05-01T10:00:00Z"}).json()["data"]
    assert archived["archived_at"] == "2026-05-01T10:00:00Z"
    restored = recruiter.patch(path, json={"archived_at": None}).json()["data"]
    assert restored["archived_at"] is None
    kinds = [a["activity_type"] for a in restored["activities"]]
    assert kinds[:2] == ["unarchived", "archived"]


# Manual activities


def test_log_manual_activity(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter)
    response = recruiter.post(
        f"/api/candidates/{cand['id']}/activity",
        json={"activity_type": "email", "title": "Sent the brief", "body": "See attachment"},
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["id"].startswith("act_")
    assert (data["actor"], data["candidate_id"]) == ("recruiter@example.com", cand["id"])


def test_manual_activity_validation(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter)
    path = f"/api/candidates/{cand['id']}/activity"
    for body, field in (
        ({"title": "x"}, "activity_type"),
        ({"activity_type": "call"}, "title"),
        ({"activity_type": "Bad Type!", "title": "x"}, "activity_type"),
        ({"activity_type": "call", "title": "x" * 301}, "title"),
        ({"activity_type": "call", "title": "x", "actor": "me"}, "actor"),
    ):
        response = recruiter.post(path, json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"][0]["field"] == field
    assert (
        recruiter.post(
            "/api/candidates/cand_nope/activity", json={"activity_type": "call", "title": "x"}
        ).status_code
        == 404
    )


# Delete


def test_delete_candidate_removes_everything_personal(app: FastAPI, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    cand = make_candidate(recruiter, job_id=job["id"])
    recruiter.post(f"/api/candidates/{cand['id']}/notes", json={"body": "private"})
    assert recruiter.delete(f"/api/candidates/{cand['id']}").status_code == 200
    assert recruiter.get(f"/api/candidates/{cand['id']}").status_code == 404
    with unit_of_work(app.state.sessions) as session:
        for model in (Note, Activity, Assignment):
            count = session.scalar(
                select(func.count()).select_from(model).where(model.candidate_id == cand["id"])
            )
            assert count == 0, model


def test_viewer_cannot_create_or_change_candidates(
    viewer: TestClient, recruiter: TestClient
) -> None:
    cand = make_candidate(recruiter)
    assert viewer.post("/api/candidates", json={"name": "X"}).status_code == 403
    assert viewer.patch(f"/api/candidates/{cand['id']}", json={"name": "X"}).status_code == 403
    assert viewer.delete(f"/api/candidates/{cand['id']}").status_code == 403


def test_timestamps_are_iso_utc(recruiter: TestClient) -> None:
    data = make_candidate(recruiter)
    created = datetime.fromisoformat(data["created_at"].replace("Z", "+00:00"))
    assert created.tzinfo is not None
    assert abs(created - datetime.now(UTC)) < timedelta(minutes=5)
