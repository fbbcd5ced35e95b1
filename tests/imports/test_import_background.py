"""Large files import in the background: 202 with the import, a job that writes a batch at a
time with its progress and bookmark, and the import's status and report to follow."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.db import unit_of_work
from hiring.tasks import service as tasks
from tests.imports.conftest import candidates, csv_bytes, send

FIVE_ROWS = csv_bytes(
    "Name,Email",
    "Row Two,two@example.com",
    "Row Three,three@example.com",
    "Bad Row,not-an-email",
    "Row Five,five@example.com",
    "Row Six,two@example.com",
)


@pytest.fixture
def held(app: FastAPI, in_background: None, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Queued jobs are held (not run) until the test runs them."""
    queued: list[str] = []
    monkeypatch.setattr(app.state.queue, "enqueue", queued.append)
    return queued


def test_a_large_file_is_imported_by_a_job(recruiter: TestClient, in_background: None) -> None:
    response = send(recruiter, FIVE_ROWS, name="big.csv")

    assert response.status_code == 202, response.text
    started = response.json()["data"]
    assert started["background"] is True
    shown = recruiter.get(started["links"]["self"]).json()["data"]
    assert (shown["status"], shown["rows_done"], shown["rows_total"]) == ("done", 5, 5)
    report = shown["report"]
    assert (report["created"], report["updated"], report["skipped"], report["failed"]) == (
        3,
        0,
        1,
        1,
    )
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(4, "email")]
    assert len(candidates(recruiter)) == 3
    assert recruiter.get("/api/imports").json()["data"][0]["id"] == started["id"]


def test_a_queued_import_shows_its_status_then_goes_on_from_its_bookmark(
    app: FastAPI, recruiter: TestClient, held: list[str]
) -> None:
    response = send(recruiter, FIVE_ROWS)
    assert response.status_code == 202, response.text
    started = response.json()["data"]
    assert (started["status"], started["rows_done"]) == ("queued", 0)
    [task_id] = held
    # An earlier attempt wrote the rows up to row 3 (its bookmark), then stopped.
    with unit_of_work(app.state.sessions) as session:
        tasks.advance(session, task_id, {}, "3")

    type(app.state.queue).enqueue(app.state.queue, task_id)

    shown = recruiter.get(started["links"]["self"]).json()["data"]
    assert shown["status"] == "done"
    assert (shown["report"]["rows"], shown["report"]["created"]) == (3, 2)
    assert [c["name"] for c in candidates(recruiter)] == ["Row Five", "Row Six"]


def test_a_job_whose_file_is_gone_fails_with_a_reason(
    app: FastAPI, recruiter: TestClient, held: list[str]
) -> None:
    started = send(recruiter, FIVE_ROWS).json()["data"]
    app.state.storage.delete(f"imports/{started['id']}")

    type(app.state.queue).enqueue(app.state.queue, held[0])

    shown = recruiter.get(started["links"]["self"]).json()["data"]
    assert shown["status"] == "failed"
    assert "no longer kept" in shown["error"]
    assert candidates(recruiter) == []


def test_a_large_dry_run_reports_in_the_background_and_writes_nothing(
    recruiter: TestClient, in_background: None
) -> None:
    response = send(recruiter, FIVE_ROWS, dry_run=True)

    assert response.status_code == 202, response.text
    shown = recruiter.get(response.json()["data"]["links"]["self"]).json()["data"]
    assert (shown["status"], shown["dry_run"]) == ("done", True)
    assert (shown["report"]["created"], shown["report"]["skipped"]) == (3, 1)
    assert candidates(recruiter) == []


def test_an_unknown_import_is_404(recruiter: TestClient) -> None:
    assert recruiter.get("/api/imports/imp_nothing").status_code == 404
