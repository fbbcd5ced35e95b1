"""Referrals: who referred whom; known people are linked, never duplicated."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job

REFERRER = {"referrer_name": "Paula Pérez", "referrer_email": "paula@example.com"}


def _refer(client: TestClient, **fields: object) -> dict:
    response = client.post("/api/referrals", json=REFERRER | fields)
    assert response.status_code == 201, response.text
    return response.json()["data"]


def _candidates(client: TestClient) -> list[dict]:
    return client.get("/api/candidates").json()["data"]


def test_referral_of_a_new_person_creates_a_referral_candidate(recruiter: TestClient) -> None:
    data = _refer(
        recruiter,
        name="Ann Lee",
        email="ann@example.com",
        linkedin_url="https://www.linkedin.com/in/ann-lee",
        resume_text="Ann Lee. Go, Postgres.",
        bonus_amount=1500,
        currency="gbp",
        notes="Worked together at Acme",
    )
    assert data["id"].startswith("ref_")
    assert (data["candidate_created"], data["matched_by"], data["status"]) == (
        True,
        None,
        "submitted",
    )
    assert (data["bonus_amount"], data["currency"]) == ("1500.00", "GBP")
    cand = recruiter.get(f"/api/candidates/{data['candidate_id']}").json()["data"]
    assert (cand["name"], cand["source"], cand["resume_text"]) == (
        "Ann Lee",
        "referral",
        "Ann Lee. Go, Postgres.",
    )
    assert "referred" in {a["activity_type"] for a in cand["activities"]}


def test_referral_of_an_existing_candidate_id(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter)
    data = _refer(recruiter, candidate_id=cand["id"])
    assert (data["candidate_id"], data["candidate_created"], data["matched_by"]) == (
        cand["id"],
        False,
        None,
    )


def test_referral_matches_an_existing_person_by_email_any_case(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter, email="Ann.Lee@Example.com")
    data = _refer(recruiter, name="Ann", email="ann.lee@EXAMPLE.com")
    assert (data["candidate_id"], data["candidate_created"], data["matched_by"]) == (
        cand["id"],
        False,
        "email",
    )
    assert len(_candidates(recruiter)) == 1


def test_referral_matches_an_existing_person_by_linkedin_url(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter, linkedin_url="https://www.linkedin.com/in/Ann-Lee/")
    data = _refer(
        recruiter,
        name="Ann",
        email="other@example.com",
        linkedin_url="https://WWW.linkedin.com/in/ann-lee",
    )
    assert (data["candidate_id"], data["matched_by"]) == (cand["id"], "linkedin_url")
    assert len(_candidates(recruiter)) == 1


def test_referral_with_job_assigns_the_candidate(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    data = _refer(recruiter, name="Ann", email="ann@example.com", job_id=job["id"])
    listed = recruiter.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert [(c["candidate_id"], c["stage"]) for c in listed] == [(data["candidate_id"], "applied")]


def test_referral_keeps_an_existing_assignment(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    cand = make_candidate(recruiter, job_id=job["id"], stage="offer")
    _refer(recruiter, candidate_id=cand["id"], job_id=job["id"])
    listed = recruiter.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert [c["stage"] for c in listed] == ["offer"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "name"),
        ({"email": "new@example.com"}, "name"),
        ({"candidate_id": "cand_nope"}, "candidate_id"),
        ({"name": "A", "job_id": "job_nope"}, "job_id"),
        ({"name": "A", "bonus_amount": -1}, "bonus_amount"),
        ({"name": "A", "currency": "dollars"}, "currency"),
        ({"name": "A", "status": "lost"}, "status"),
        ({"name": "A", "email": "nope"}, "email"),
        ({"name": "A", "linkedin_url": "ftp://x"}, "linkedin_url"),
        ({"name": "A", "referrer_email": "nope"}, "referrer_email"),
        ({"name": "A", "referrer_name": " "}, "referrer_name"),
        ({"name": "A", "candidate_created": True}, "candidate_created"),
    ],
)
def test_referral_validation(recruiter: TestClient, fields: dict, field: str) -> None:
    response = recruiter.post("/api/referrals", json=REFERRER | fields)
    assert response.status_code == 422, response.text
    assert field in {d["field"] for d in response.json()["error"]["details"]}
    assert recruiter.get("/api/referrals").json()["total"] == 0


def test_candidate_id_and_new_person_fields_together_is_422(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter)
    response = recruiter.post(
        "/api/referrals", json=REFERRER | {"candidate_id": cand["id"], "name": "Someone"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "name"


def test_list_referrals_filters_and_total(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    first = _refer(recruiter, name="A", job_id=job["id"])
    second = _refer(
        recruiter,
        name="B",
        referrer_name="Sam",
        referrer_email="Sam@Example.com",
        status="in_review",
    )

    def ids(**params: str) -> set[str]:
        body = recruiter.get("/api/referrals", params=params).json()
        assert body["total"] == len(body["data"])
        return {r["id"] for r in body["data"]}

    assert ids() == {first["id"], second["id"]}
    assert ids(status="in_review") == {second["id"]}
    assert ids(job_id=job["id"]) == {first["id"]}
    assert ids(referrer_email="sam@example.COM") == {second["id"]}
    assert recruiter.get("/api/referrals", params={"status": "x"}).status_code == 422
    page = recruiter.get("/api/referrals", params={"limit": 1}).json()
    assert (page["total"], len(page["data"])) == (2, 1)


def test_referral_status_move_is_an_activity_on_the_candidate(recruiter: TestClient) -> None:
    data = _refer(recruiter, name="A")
    path = f"/api/referrals/{data['id']}"
    moved = recruiter.patch(path, json={"status": "interviewing", "bonus_amount": "250"})
    assert moved.status_code == 200
    assert (moved.json()["data"]["status"], moved.json()["data"]["bonus_amount"]) == (
        "interviewing",
        "250.00",
    )
    log = recruiter.get(f"/api/candidates/{data['candidate_id']}/activities").json()["data"]
    assert log[0]["activity_type"] == "referral_status"
    assert (log[0]["data"]["from"], log[0]["data"]["to"]) == ("submitted", "interviewing")


def test_referral_update_with_a_job_assigns_and_validates(recruiter: TestClient) -> None:
    data = _refer(recruiter, name="A")
    path = f"/api/referrals/{data['id']}"
    assert recruiter.patch(path, json={"job_id": "job_nope"}).status_code == 422
    assert recruiter.patch(path, json={"status": None}).status_code == 422
    assert recruiter.patch(path, json={"candidate_id": "cand_x"}).status_code == 422
    job = make_job(recruiter)
    assert recruiter.patch(path, json={"job_id": job["id"]}).json()["data"]["job_id"] == job["id"]
    listed = recruiter.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert [c["candidate_id"] for c in listed] == [data["candidate_id"]]


def test_delete_referral_keeps_the_candidate(recruiter: TestClient) -> None:
    data = _refer(recruiter, name="A")
    path = f"/api/referrals/{data['id']}"
    assert recruiter.delete(path).status_code == 200
    assert recruiter.get(path).status_code == 404
    assert recruiter.delete(path).status_code == 404
    assert recruiter.get(f"/api/candidates/{data['candidate_id']}").status_code == 200


def test_unknown_referral_is_404(recruiter: TestClient) -> None:
    assert recruiter.get("/api/referrals/ref_nope").status_code == 404
    assert recruiter.patch("/api/referrals/ref_nope", json={}).status_code == 404
