"""A burst of simultaneous writes: every write is acknowledged or answered 503 with Retry-After,
never 500, and every acknowledged write is there afterwards."""

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import FreshApp, Persona

WRITERS = 60
BURST = 160


def _burst(client: TestClient, writers: int) -> list[int]:
    def create(n: int) -> int:
        return client.post("/api/candidates", json={"name": f"Burst {n}"}).status_code

    with ThreadPoolExecutor(max_workers=writers) as pool:
        return list(pool.map(create, range(writers)))


def test_a_burst_of_writers_is_acknowledged_and_kept(
    app: FastAPI, personas: dict[str, Persona], recruiter: TestClient
) -> None:
    # More writers at once than the server has worker threads (40).
    headers = {"Authorization": f"Bearer {personas['recruiter'].token}"}
    with TestClient(app, headers=headers) as client:
        codes = _burst(client, WRITERS)
    assert set(codes) <= {201, 503}, codes
    listed = recruiter.get("/api/candidates", params={"limit": 200}).json()
    assert listed["total"] == codes.count(201)
    assert codes.count(201) == WRITERS  # the queue drains well within its wait


def test_applications_with_resumes_take_turns_with_other_writers(
    fresh_app: Callable[..., FreshApp],
) -> None:
    """Applications store and read their resume outside any transaction, then take their turn
    like every other write: a burst of both, more than the worker threads, is all kept."""
    fresh = fresh_app(public_apply_per_minute=BURST)
    with fresh.client("recruiter") as client:
        job_id = client.post("/api/jobs", json={"title": "Data Engineer"}).json()["data"]["id"]
        resume = b"Sam Lee\nSkills: Python, SQL\n"

        def write(n: int) -> int:
            if n % 2:
                return client.post("/api/candidates", json={"name": f"Burst {n}"}).status_code
            return client.post(
                f"/api/jobs/public/{job_id}/apply",
                data={"name": f"Applicant {n}", "email": f"applicant{n}@example.com"},
                files={"resume": ("cv.txt", resume, "text/plain")},
            ).status_code

        with ThreadPoolExecutor(max_workers=BURST) as pool:
            codes = list(pool.map(write, range(BURST)))
        assert codes == [201] * BURST
        assert client.get("/api/candidates").json()["total"] == BURST
        applied = client.get("/api/candidates", params={"job_id": job_id}).json()["total"]
        assert applied == BURST // 2


def test_a_writer_that_cannot_get_the_lock_in_time_is_told_to_retry(
    fresh_app: Callable[..., FreshApp],
) -> None:
    fresh = fresh_app(write_wait_seconds=0.5)
    if fresh.app.state.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database")
    holder = sqlite3.connect(fresh.app.state.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with fresh.client("recruiter") as client:
            codes = _burst(client, 8)  # some wait for the lock, some for their turn
            refused = client.post("/api/candidates", json={"name": "Late"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert codes == [503] * 8
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["error"]["code"] == "busy"
    with fresh.client("recruiter") as client:
        assert client.get("/api/candidates").json()["total"] == 0
