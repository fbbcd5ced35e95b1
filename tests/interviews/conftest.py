"""Helpers of the interview tests: scheduling through the API, the personas as interviewers."""

from typing import Any

from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job

# The portal's signed-in clients, for the portal tests.
from tests.web.conftest import portal_recruiter, portal_viewer  # noqa: F401

ADMIN = "admin@example.com"
RECRUITER = "recruiter@example.com"
VIEWER = "viewer@example.com"


def interview_body(client: TestClient, **fields: Any) -> dict[str, Any]:
    """A valid interview: a new job and candidate unless given, tomorrow-ish in Berlin."""
    if "job_id" not in fields:
        fields["job_id"] = make_job(client)["id"]
    if "candidate_id" not in fields:
        fields["candidate_id"] = make_candidate(client)["id"]
    return {
        "starts_at": "2030-06-03T10:00:00",
        "ends_at": "2030-06-03T11:00:00",
        "timezone": "Europe/Berlin",
        "interviewers": [VIEWER],
        "kind": "technical",
        "video_url": "https://meet.example.com/abc-defg",
    } | fields


def schedule(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/interviews", json=interview_body(client, **fields))
    assert response.status_code == 201, response.text
    return response.json()["data"]


def activity_types(client: TestClient, candidate_id: str) -> list[str]:
    response = client.get(f"/api/candidates/{candidate_id}/activities", params={"limit": 200})
    assert response.status_code == 200, response.text
    return [a["activity_type"] for a in response.json()["data"]]
