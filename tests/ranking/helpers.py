from typing import Any

from fastapi.testclient import TestClient

from hiring.ranking import embedding
from tests.factories import make_candidate, make_job

# What the local ranker says it is: the blend with the sentence model where the semantic
# extra is installed (as `make install` does), words only without it.
LOCAL_ENGINE = "semantic" if embedding.model_archive() is not None else "local"

FRONTEND_JOB = {
    "title": "Senior Frontend Engineer",
    "description": "Build our customer dashboard.",
    "requirements": "React, TypeScript, GraphQL, CSS and JavaScript.",
    "location": "Remote",
    "job_type": "full_time",
}


def recommend(client: TestClient, job_id: str, body: Any = None) -> dict[str, Any]:
    response = client.post(f"/api/jobs/{job_id}/recommend-candidates", json=body)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def frontend_pool(client: TestClient) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A frontend job and three candidates: a strong, a partial and a non-fit."""
    job = make_job(client, **FRONTEND_JOB)
    people = {
        "strong": make_candidate(
            client,
            name="Strong Fit",
            phone="+49 30 5550001",
            current_title="Frontend Engineer",
            location="Berlin, Germany",
            skills=["react", "TS", "GraphQL", "css", "js"],
        ),
        "partial": make_candidate(
            client,
            name="Partial Fit",
            current_title="Full-Stack Developer",
            location="Lisbon, Portugal",
            skills=["React", "Node.js", "PostgreSQL"],
        ),
        "none": make_candidate(
            client,
            name="No Fit",
            current_title="Accountant",
            location="Madrid, Spain",
            skills=["Excel", "Bookkeeping"],
        ),
    }
    return job, people
