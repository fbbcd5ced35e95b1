"""The job page's Recommend candidates button: ranked list, scores, reasoning, add to pipeline."""

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job
from tests.ranking.helpers import LOCAL_ENGINE
from tests.web.conftest import Portal


def _job_with_pool(admin: TestClient) -> tuple[dict, dict, dict]:
    job = make_job(
        admin,
        title="Backend Engineer",
        description="Build APIs in Python.",
        requirements="Python, PostgreSQL",
    )
    strong = make_candidate(
        admin, name="Pia Python", current_title="Backend Engineer", skills=["Python", "PostgreSQL"]
    )
    weak = make_candidate(admin, name="Wes Web", current_title="Designer", skills=["Figma"])
    return job, strong, weak


def test_recommend_shows_the_ranked_list_with_scores_and_engine(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job, strong, _weak = _job_with_pool(admin)
    response = portal_recruiter.post(f"/admin/jobs/{job['id']}/recommendations")
    assert response.status_code == 303
    assert response.headers["location"].endswith("#recommendations")
    page = portal_recruiter.get(f"/admin/jobs/{job['id']}").text
    ranked = re.findall(r'<li data-candidate="([^"]+)"', page)
    assert ranked[0] == strong["id"]
    assert "Pia Python" in page
    assert re.search(rf"data-engine>{LOCAL_ENGINE}<", page)
    assert 'aria-label="Score ' in page
    assert "Add Pia Python to the pipeline" in page


def test_adding_a_recommended_candidate_puts_them_in_the_pipeline(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job, strong, _weak = _job_with_pool(admin)
    portal_recruiter.post(f"/admin/jobs/{job['id']}/recommendations", {"engine": "local"})
    added = portal_recruiter.post(
        f"/admin/jobs/{job['id']}/assignments", {"candidate_id": strong["id"]}
    )
    assert added.status_code == 303
    board = admin.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert [(c["candidate_id"], c["stage"]) for c in board] == [(strong["id"], "applied")]
    page = portal_recruiter.get(f"/admin/jobs/{job['id']}").text
    assert "Add Pia Python to the pipeline" not in page
    assert "In pipeline" in page


def test_an_unknown_engine_is_refused_on_the_page(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job, _strong, _weak = _job_with_pool(admin)
    response = portal_recruiter.post(
        f"/admin/jobs/{job['id']}/recommendations", {"engine": "claude"}
    )
    assert response.status_code == 422
    assert 'id="engine-error"' in response.text
    assert admin.get(f"/api/jobs/{job['id']}/recommendations").json()["data"] is None


def test_recommendations_are_rate_limited(
    app: FastAPI, portal_recruiter: Portal, admin: TestClient
) -> None:
    job, _strong, _weak = _job_with_pool(admin)
    limit = app.state.settings.recommend_per_minute
    for _ in range(limit):
        assert portal_recruiter.post(f"/admin/jobs/{job['id']}/recommendations").status_code == 303
    refused = portal_recruiter.post(f"/admin/jobs/{job['id']}/recommendations")
    assert refused.status_code == 422
    assert "Too many recommendation requests" in refused.text


def test_viewer_sees_the_list_but_cannot_run_or_add(
    portal_viewer: Portal, admin: TestClient
) -> None:
    job, strong, _weak = _job_with_pool(admin)
    admin.post(f"/api/jobs/{job['id']}/recommend-candidates")
    page = portal_viewer.get(f"/admin/jobs/{job['id']}").text
    assert "Pia Python" in page
    assert "Recommend candidates</button>" not in page
    assert "to the pipeline" not in page
    base = f"/admin/jobs/{job['id']}"
    assert portal_viewer.post(f"{base}/recommendations").status_code == 403
    assert (
        portal_viewer.post(f"{base}/assignments", {"candidate_id": strong["id"]}).status_code == 403
    )
    assert admin.get(f"/api/jobs/{job['id']}/candidates").json()["total"] == 0


def test_recommend_and_add_need_the_csrf_token(portal_recruiter: Portal, admin: TestClient) -> None:
    job, strong, _weak = _job_with_pool(admin)
    base = f"/admin/jobs/{job['id']}"
    assert portal_recruiter.client.post(f"{base}/recommendations").status_code == 403
    forged = portal_recruiter.client.post(
        f"{base}/assignments", data={"candidate_id": strong["id"]}
    )
    assert forged.status_code == 403
    assert admin.get(f"/api/jobs/{job['id']}/candidates").json()["total"] == 0
