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
