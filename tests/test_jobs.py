"""Jobs: the spec's Jobs section (without files and recommendations)."""

from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job

PUBLIC_KEYS = {
    "id",
    "title",
    "product",
    "public_department",
    "location",
    "job_type",
    "description",
    "requirements",
    "created_at",
    "updated_at",
    # Published to job boards and search engines with each posting.
    "country",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "valid_through",
    "remote_countries",
}


def test_create_job_applies_spec_defaults(recruiter: TestClient) -> None:
    job = make_job(recruiter, title="Senior Backend Engineer")
    assert job["id"].startswith("job_")
    assert job["product"] == "studios"
    assert job["location"] == "Remote"
    assert job["job_type"] == "contract"
    assert job["status"] == "open"
    assert job["created_at"].endswith("Z")


def test_create_job_keeps_every_given_field(recruiter: TestClient) -> None:
    body = {
        "title": "Designer",
        "product": "labs",
        "team": "Design",
        "description": "Design things",
        "requirements": "Figma",
        "location": "Berlin",
        "job_type": "full_time",
        "status": "on_hold",
        "salary_range": "$80k-$120k",
    }
    job = make_job(recruiter, **body)
    assert {k: job[k] for k in body} == body


def test_create_job_requires_a_title(recruiter: TestClient) -> None:
    for body in ({}, {"title": ""}, {"title": "   "}, {"title": None}):
        response = recruiter.post("/api/jobs", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"][0]["field"] == "title"


def test_create_job_rejects_bad_values_per_field(recruiter: TestClient) -> None:
    cases = {
        "job_type": "freelance",
        "status": "archived",
        "title": "x" * 201,
        "salary_range": "$" * 101,
        "product": 12,
        "team": ["a"],
        "created_at": "2020-01-01T00:00:00Z",
        "id": "job_mine",
    }
    for field, value in cases.items():
        response = recruiter.post("/api/jobs", json={"title": "Engineer", field: value})
        assert response.status_code == 422, (field, response.text)
        assert response.json()["error"]["details"][0]["field"] == field


def test_list_jobs_filters_by_status_and_product_with_total(recruiter: TestClient) -> None:
    make_job(recruiter, title="A", status="open", product="labs")
    make_job(recruiter, title="B", status="closed", product="labs")
    make_job(recruiter, title="C", status="open", product="studios")
    body = recruiter.get("/api/jobs", params={"status": "open", "product": "labs"}).json()
    assert [j["title"] for j in body["data"]] == ["A"]
    assert body["total"] == 1
    assert recruiter.get("/api/jobs").json()["total"] == 3


def test_list_jobs_is_newest_first_and_paginates(recruiter: TestClient) -> None:
    titles = [make_job(recruiter, title=f"Job {i}")["title"] for i in range(5)]
    page = recruiter.get("/api/jobs", params={"limit": 2, "offset": 1}).json()
    assert [j["title"] for j in page["data"]] == [titles[3], titles[2]]
    assert page["total"] == 5


def test_list_jobs_searches_title_team_and_location(recruiter: TestClient) -> None:
    make_job(recruiter, title="Data Engineer", team="Platform", location="Lisbon")
    make_job(recruiter, title="Designer", team="Brand", location="Remote")
    for query, expected in (("data", 1), ("platf", 1), ("LISBON", 1), ("e", 2), ("%", 0)):
        assert recruiter.get("/api/jobs", params={"search": query}).json()["total"] == expected


def test_list_jobs_rejects_bad_status(recruiter: TestClient) -> None:
    response = recruiter.get("/api/jobs", params={"status": "gone"})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "status"


def test_public_jobs_show_only_open_jobs_and_public_fields(
    recruiter: TestClient, anon: TestClient
) -> None:
    make_job(recruiter, title="Open one", salary_range="$1")
    make_job(recruiter, title="Closed one", status="closed")
    make_job(recruiter, title="Paused one", status="on_hold")
    body = anon.get("/api/jobs/public").json()
    assert [j["title"] for j in body["data"]] == ["Open one"]
    assert body["total"] == 1
    assert set(body["data"][0]) == PUBLIC_KEYS


def test_public_job_hides_salary_and_team(recruiter: TestClient, anon: TestClient) -> None:
    job = make_job(recruiter, title="Open", salary_range="$100k", team="Secret team")
    data = anon.get(f"/api/jobs/public/{job['id']}").json()["data"]
    assert set(data) == PUBLIC_KEYS
    assert "salary_range" not in data


def test_public_job_is_404_when_closed_on_hold_or_unknown(
    recruiter: TestClient, anon: TestClient
) -> None:
    closed = make_job(recruiter, status="closed")
    paused = make_job(recruiter, status="on_hold")
    for job_id in (closed["id"], paused["id"], "job_unknown", "../etc/passwd"):
        response = anon.get(f"/api/jobs/public/{job_id}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_get_job_includes_pipeline_candidates_with_stage(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    make_candidate(recruiter, name="In Pipeline", job_id=job["id"], stage="interview")
    make_candidate(recruiter, name="Elsewhere")
    data = recruiter.get(f"/api/jobs/{job['id']}").json()["data"]
    assert [(c["name"], c["stage"]) for c in data["candidates"]] == [("In Pipeline", "interview")]
    assert data["candidates_total"] == 1
    assert data["salary_range"] is None


def test_get_unknown_job_is_404(recruiter: TestClient) -> None:
    for job_id in ("job_nope", "x" * 300, "cand_abc"):
        assert recruiter.get(f"/api/jobs/{job_id}").status_code == 404


def test_patch_job_changes_only_given_fields(recruiter: TestClient) -> None:
    job = make_job(recruiter, title="Old", team="Core")
    response = recruiter.patch(f"/api/jobs/{job['id']}", json={"title": "New", "status": "closed"})
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["title"], data["status"], data["team"]) == ("New", "closed", "Core")


def test_patch_job_refuses_unknown_fields_nulls_and_bad_enums(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    for body, field in (
        ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
        ({"title": None}, "title"),
        ({"status": "deleted"}, "status"),
        ({"job_type": None}, "job_type"),
        ({"title": ""}, "title"),
    ):
        response = recruiter.patch(f"/api/jobs/{job['id']}", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"][0]["field"] == field


def test_patch_unknown_job_is_404(recruiter: TestClient) -> None:
    assert recruiter.patch("/api/jobs/job_nope", json={"title": "x"}).status_code == 404


def test_job_creation_and_status_change_are_logged(recruiter: TestClient) -> None:
    job = make_job(recruiter, title="Logged")
    recruiter.patch(f"/api/jobs/{job['id']}", json={"status": "on_hold"})
    body = recruiter.get(f"/api/jobs/{job['id']}/activities").json()
    kinds = [a["activity_type"] for a in body["data"]]
    assert kinds == ["status_change", "created"]
    assert body["data"][0]["data"] == {"from": "open", "to": "on_hold"}
    assert body["data"][0]["actor"] == "recruiter@example.com"
    assert body["total"] == 2


def test_activities_of_unknown_job_are_404(recruiter: TestClient) -> None:
    assert recruiter.get("/api/jobs/job_nope/activities").status_code == 404


def test_delete_job_removes_it_and_its_pipeline(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    candidate = make_candidate(recruiter, job_id=job["id"])
    assert recruiter.delete(f"/api/jobs/{job['id']}").status_code == 200
    assert recruiter.get(f"/api/jobs/{job['id']}").status_code == 404
    after = recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert after["job_id"] is None
