"""Candidate segments: the spec's Candidate Segments section."""

import csv
import io
import sqlite3
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import make_candidate


def _create(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/api/candidate-segments", json={"name": "Pythonistas"} | body)
    assert response.status_code == 201, response.text
    return response.json()["data"]


def test_crud(recruiter: TestClient, viewer: TestClient) -> None:
    made = _create(
        recruiter,
        description="For the spring campaign",
        filters={"skills": ["Python"], "stage": "screening", "location": "lisbon"},
    )
    assert made["id"].startswith("seg_")
    # Stored without defaults, one-or-many values as lists.
    assert made["filters"] == {"skills": ["Python"], "stage": ["screening"], "location": "lisbon"}
    assert made["created_by"] == "recruiter@example.com"

    got = viewer.get(f"/api/candidate-segments/{made['id']}")
    assert got.status_code == 200 and got.json()["data"] == made
    listed = viewer.get("/api/candidate-segments").json()
    assert listed["total"] == 1 and listed["data"][0]["name"] == "Pythonistas"

    patched = recruiter.patch(
        f"/api/candidate-segments/{made['id']}",
        json={"name": "Rustaceans", "filters": {"skills": ["Rust"], "skills_mode": "all"}},
    )
    assert patched.status_code == 200, patched.text
    data = patched.json()["data"]
    assert (data["name"], data["description"]) == ("Rustaceans", "For the spring campaign")
    assert data["filters"] == {"skills": ["Rust"], "skills_mode": "all"}

    assert recruiter.delete(f"/api/candidate-segments/{made['id']}").status_code == 200
    assert recruiter.get(f"/api/candidate-segments/{made['id']}").status_code == 404
    assert recruiter.delete(f"/api/candidate-segments/{made['id']}").status_code == 404


def test_names_are_unique(recruiter: TestClient) -> None:
    first = _create(recruiter, name="VIPs")
    other = _create(recruiter, name="Others")
    again = recruiter.post("/api/candidate-segments", json={"name": "VIPs"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    clash = recruiter.patch(f"/api/candidate-segments/{other['id']}", json={"name": "VIPs"})
    assert clash.status_code == 409
    same = recruiter.patch(f"/api/candidate-segments/{first['id']}", json={"name": "VIPs"})
    assert same.status_code == 200


def test_patch_revalidates_filters(recruiter: TestClient) -> None:
    made = _create(recruiter, filters={"rating_min": 3})
    for filters, field in (
        ({"rating_min": 9}, "filters.rating_min"),
        ({"skills": "rust"}, "filters.skills"),
        ({"mystery": 1}, "filters.mystery"),
    ):
        response = recruiter.patch(
            f"/api/candidate-segments/{made['id']}", json={"filters": filters}
        )
        assert response.status_code == 422, response.text
        assert [d["field"] for d in response.json()["error"]["details"]] == [field]
    kept = recruiter.get(f"/api/candidate-segments/{made['id']}").json()["data"]
    assert kept["filters"] == {"rating_min": 3}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "A", "color": "red"}, "color"),
        ({"name": "A", "filters": "skills=python"}, "filters"),
    ],
)
def test_bad_segments_are_422(recruiter: TestClient, body: dict, field: str) -> None:
    response = recruiter.post("/api/candidate-segments", json=body)
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == [field]


def test_viewers_read_but_do_not_write(recruiter: TestClient, viewer: TestClient) -> None:
    made = _create(recruiter)
    assert viewer.post("/api/candidate-segments", json={"name": "Mine"}).status_code == 403
    assert viewer.patch(f"/api/candidate-segments/{made['id']}", json={}).status_code == 403
    assert viewer.delete(f"/api/candidate-segments/{made['id']}").status_code == 403
    assert viewer.get(f"/api/candidate-segments/{made['id']}/candidates").status_code == 200
    assert viewer.get(f"/api/candidate-segments/{made['id']}/export.csv").status_code == 200


def test_members_are_paginated_with_total(recruiter: TestClient) -> None:
    for i in range(5):
        make_candidate(recruiter, name=f"Py {i}", skills=["Python"])
    make_candidate(recruiter, name="Other", skills=["Java"])
    made = _create(recruiter, filters={"skills": ["python"]})
    path = f"/api/candidate-segments/{made['id']}/candidates"
    first = recruiter.get(path, params={"limit": 2, "sort": "name"}).json()
    second = recruiter.get(path, params={"limit": 2, "offset": 2, "sort": "name"}).json()
    assert first["total"] == second["total"] == 5
    assert [c["name"] for c in first["data"] + second["data"]] == ["Py 0", "Py 1", "Py 2", "Py 3"]
    assert recruiter.get("/api/candidate-segments/seg_nope/candidates").status_code == 404


def test_members_follow_the_candidates(recruiter: TestClient) -> None:
    made = _create(recruiter, filters={"tags": ["campaign"]})
    path = f"/api/candidate-segments/{made['id']}/candidates"
    cand = make_candidate(recruiter, tags=["Campaign"])
    assert recruiter.get(path).json()["total"] == 1
    recruiter.patch(f"/api/candidates/{cand['id']}", json={"tags": []})
    assert recruiter.get(path).json()["total"] == 0


def _csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text)))


def test_export_csv(recruiter: TestClient) -> None:
    make_candidate(
        recruiter,
        name='=HYPERLINK("http://evil.example")',
        email="ok@example.com",
        skills=["Python", "SQL"],
        current_company="+Plus Corp",
        current_title="@Lead",
        location="-Minus, Town",
    )
    make_candidate(recruiter, name="Plain, Person", skills=["Python"], phone="+1 555 0100")
    make_candidate(recruiter, name="Not Included", skills=["Java"])
    made = _create(recruiter, filters={"skills": ["python"]})
    response = recruiter.get(f"/api/candidate-segments/{made['id']}/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv(response)
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {'\'=HYPERLINK("http://evil.example")', "Plain, Person"}
    evil = by_name['\'=HYPERLINK("http://evil.example")']
    assert evil["current_company"] == "'+Plus Corp"
    assert evil["current_title"] == "'@Lead"
    assert evil["location"] == "'-Minus, Town"
    assert evil["skills"] == "Python; SQL"
    assert evil["email"] == "ok@example.com"
    assert by_name["Plain, Person"]["phone"] == "'+1 555 0100"
    assert recruiter.get("/api/candidate-segments/seg_nope/export.csv").status_code == 404


def test_empty_export_has_the_header(recruiter: TestClient) -> None:
    made = _create(recruiter, filters={"skills": ["nothing-like-this"]})
    response = recruiter.get(f"/api/candidate-segments/{made['id']}/export.csv")
    # The candidates export's file: a byte order mark, then the header.
    assert response.text.strip().split(",")[:3] == ["\ufeffid", "name", "email"]
    assert _csv(response) == []


def test_a_segment_is_read_while_another_request_holds_the_write_lock(
    app: FastAPI, recruiter: TestClient
) -> None:
    # Reading never queues behind the writers: on SQLite, WAL lets a reader beside a writer.
    make_candidate(recruiter, name="Ada", skills=["Python"])
    made = _create(recruiter, filters={"skills": ["python"]})
    if app.state.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single write lock is what this is about")
    path = app.state.engine.url.database
    writer = sqlite3.connect(path, isolation_level=None, timeout=0)
    probe = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe.execute("BEGIN IMMEDIATE")  # the lock is really held
        response = recruiter.get(f"/api/candidate-segments/{made['id']}/candidates")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        probe.close()
    assert response.status_code == 200, response.text
    assert [c["name"] for c in response.json()["data"]] == ["Ada"]
