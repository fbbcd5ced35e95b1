"""Concurrent writers never see 'database is locked' and never lose a write silently; a
request's writes are kept only when it succeeds."""

import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.app import create_app
from hiring.auth.deps import CurrentUser
from hiring.errors import Conflict
from hiring.http import DbSession, ok
from hiring.jobs import service as jobs
from hiring.jobs.schemas import JobCreate
from tests.conftest import FreshApp, Persona
from tests.factories import make_candidate


def _client(app: FastAPI, persona: Persona) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {persona.token}"})


def test_concurrent_writes_all_succeed_and_are_all_logged(
    app: FastAPI, recruiter: TestClient, personas: dict[str, Persona]
) -> None:
    cand = make_candidate(recruiter)
    path = f"/api/candidates/{cand['id']}"

    def write(n: int) -> list[int]:
        client = _client(app, personas["recruiter"])
        codes = []
        for i in range(5):
            codes.append(client.post(f"{path}/notes", json={"body": f"note {n}-{i}"}).status_code)
            codes.append(client.patch(path, json={"notes": f"writer {n} round {i}"}).status_code)
        return codes

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = [code for codes in pool.map(write, range(6)) for code in codes]

    assert set(results) == {200, 201}
    assert recruiter.get(f"{path}/notes").json()["total"] == 30
    log = recruiter.get(f"{path}/activities", params={"limit": 200}).json()
    assert sum(a["activity_type"] == "note_added" for a in log["data"]) == 30


def test_concurrent_stage_moves_end_consistent_and_logged(
    app: FastAPI, recruiter: TestClient, personas: dict[str, Persona]
) -> None:
    cand = make_candidate(recruiter)
    path = f"/api/candidates/{cand['id']}"
    stages = ["screening", "interview", "offer", "rejected"] * 3

    def move(stage: str) -> int:
        return _client(app, personas["recruiter"]).patch(path, json={"stage": stage}).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(move, stages)) == {200}

    data = recruiter.get(path).json()["data"]
    log = recruiter.get(f"{path}/activities", params={"limit": 200}).json()["data"]
    changes = [a["data"] for a in reversed(log) if a["activity_type"] == "stage_change"]
    # Every logged move starts where the previous one ended, and the last one is the stage now.
    for before, after in itertools.pairwise(changes):
        assert after["from"] == before["to"]
    assert changes[-1]["to"] == data["stage"]


def test_a_request_keeps_its_writes_only_when_it_succeeds(
    fresh_app: Callable[..., FreshApp],
) -> None:
    """The request's unit of work: a write followed by an error is rolled back, a request
    that ends well is committed, and neither keeps a database connection."""
    own = fresh_app()
    probe = own.app

    @probe.post("/probe/jobs")
    def write_then(session: DbSession, user: CurrentUser, title: str, fail: bool = False) -> dict:
        jobs.create_job(session, JobCreate(title=title), user)
        if fail:
            raise Conflict("Failed after writing")
        return ok({})

    client = own.client("recruiter")
    assert client.post("/probe/jobs", params={"title": "Lost", "fail": True}).status_code == 409
    assert client.post("/probe/jobs", params={"title": "Kept"}).status_code == 200
    assert client.get("/api/jobs").json()["total"] == 1
    assert probe.state.engine.pool.checkedout() == 0
    probe.state.engine.dispose()

    # Another copy of the app on the same database sees only the committed write.
    other = create_app(own.settings)
    try:
        listed = TestClient(other, headers=client.headers).get("/api/jobs").json()["data"]
        assert [job["title"] for job in listed] == ["Kept"]
    finally:
        other.state.engine.dispose()
