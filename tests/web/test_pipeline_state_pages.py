"""The portal shows a candidate's pipeline state honestly: a stage only when they are in one."""

from fastapi.testclient import TestClient

from tests.factories import assign, make_candidate, make_job
from tests.web.conftest import Portal


def test_candidate_in_no_pipeline_shows_no_stage(
    recruiter: TestClient, portal_recruiter: Portal
) -> None:
    loose = make_candidate(recruiter, name="Loose Person")
    page = portal_recruiter.get(f"/admin/candidates/{loose['id']}").text
    assert "Not in a pipeline" in page
    assert 'class="pill stage-applied"' not in page
    listing = portal_recruiter.get("/admin/candidates").text
    assert "Not in a pipeline" in listing


def test_candidate_in_a_pipeline_shows_its_stage(
    recruiter: TestClient, portal_recruiter: Portal
) -> None:
    job = make_job(recruiter)
    placed = make_candidate(recruiter, name="Placed Person")
    assign(recruiter, job["id"], placed["id"], stage="interview")
    page = portal_recruiter.get(f"/admin/candidates/{placed['id']}").text
    assert 'class="pill stage-interview"' in page
    assert "Not in a pipeline" not in page
