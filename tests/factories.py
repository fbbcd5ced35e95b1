"""Small data builders: create through the API so tests exercise the real paths."""

from typing import Any

from fastapi.testclient import TestClient

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_job(client: TestClient, **fields: Any) -> dict[str, Any]:
    body = {"title": f"Backend Engineer {_next()}"} | fields
    response = client.post("/api/jobs", json=body)
    assert response.status_code == 201, response.text
    return response.json()["data"]


def make_candidate(client: TestClient, **fields: Any) -> dict[str, Any]:
    n = _next()
    body = {"name": f"Jane Doe {n}", "email": f"jane{n}@example.com"} | fields
    response = client.post("/api/candidates", json=body)
    assert response.status_code == 201, response.text
    return response.json()["data"]


def assign(client: TestClient, job_id: str, candidate_id: str, stage: str = "applied") -> None:
    response = client.post(
        f"/api/jobs/{job_id}/candidates", json={"candidate_id": candidate_id, "stage": stage}
    )
    assert response.status_code == 201, response.text


def make_placement(client: TestClient, **fields: Any) -> dict[str, Any]:
    if "job_id" not in fields:
        fields["job_id"] = make_job(client)["id"]
    if "candidate_id" not in fields:
        fields["candidate_id"] = make_candidate(client)["id"]
    body = {"start_date": "2026-03-01", "salary": "85000", "period": "year"} | fields
    response = client.post("/api/placements", json=body)
    assert response.status_code == 201, response.text
    return response.json()["data"]


def make_company(client: TestClient, **fields: Any) -> dict[str, Any]:
    body = {"name": f"Acme {_next()}"} | fields
    response = client.post("/api/companies", json=body)
    assert response.status_code == 201, response.text
    return response.json()["data"]


def make_contact(client: TestClient, **fields: Any) -> dict[str, Any]:
    n = _next()
    body = {"name": f"Maria Lopez {n}", "email": f"maria{n}@example.com"} | fields
    response = client.post("/api/contacts", json=body)
    assert response.status_code == 201, response.text
    return response.json()["data"]
