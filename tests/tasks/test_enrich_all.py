"""Enrich-all as a background job: queued by the API, run by the queue (at once, in tests),
recorded in the tasks table, retried, idempotent, and visible only to its creator and admins."""

from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.auth.models import User
from hiring.db import unit_of_work, utcnow
from hiring.tasks import service as tasks
from hiring.tasks.service import STALE_AFTER
from tests.conftest import Persona
from tests.factories import make_candidate
from tests.fakes.apollo import FakeApollo, Scripted, person
from tests.tasks.conftest import RETRIES, UseApollo

ENRICH_ALL = "/api/candidates/enrich-all"
BULK = "/api/v1/people/bulk_match"
UNAUTHORIZED = Scripted(status=401, body=b'{"error": "Invalid access credentials."}')
# The client's own retries of a 5xx (HIRING_APOLLO_MAX_RETRIES) come before the job's.
CALLS_PER_ATTEMPT = 3


def _start(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post(ENRICH_ALL, json=body)
    assert response.status_code == 202, response.text
    task: dict[str, Any] = response.json()["data"]
    return task


def _sent_emails(apollo: FakeApollo) -> list[str]:
    return [d["email"] for call in apollo.calls(BULK) for d in call.body["details"]]


def test_a_job_runs_once_and_records_success(recruiter: TestClient, apollo: FakeApollo) -> None:
    tag = "enrich-me"
    known = person(1, email="ada@example.com")
    apollo.people.append(known)
    ids = [
        make_candidate(recruiter, name=f"Ada {n}", email=f"ada{n}@example.com", tags=[tag])["id"]
        for n in range(12)
    ]
    ids.append(make_candidate(recruiter, name="Ada", email="ada@example.com", tags=[tag])["id"])
    make_candidate(recruiter, name="Not tagged", email="other@example.com")

    task = _start(recruiter, filters={"tags": [tag]})

    assert task["kind"] == "enrich_all"
    assert task["total"] == 13
    shown = recruiter.get(f"/api/tasks/{task['id']}").json()["data"]
    assert (shown["status"], shown["attempts"], shown["error"]) == ("succeeded", 1, None)
    assert shown["progress"] == {"matched": 1, "missed": 12}
    assert shown["finished_at"] is not None
    # Two Apollo calls (10, then 3), each candidate of the filter sent once, no one else.
    assert [len(c.body["details"]) for c in apollo.calls(BULK)] == [10, 3]
    assert sorted(_sent_emails(apollo)) == sorted(
        [f"ada{n}@example.com" for n in range(12)] + ["ada@example.com"]
    )
    enriched = recruiter.get(f"/api/candidates/{ids[-1]}").json()["data"]
    assert enriched["linkedin_url"] == known["linkedin_url"]


def test_a_segment_is_enriched_by_its_filters(recruiter: TestClient, apollo: FakeApollo) -> None:
    make_candidate(recruiter, name="Berlin one", email="b1@example.com", location="Berlin")
    make_candidate(recruiter, name="Paris one", email="p1@example.com", location="Paris")
    segment = recruiter.post(
        "/api/candidate-segments", json={"name": "Berliners", "filters": {"location": "berlin"}}
    ).json()["data"]

    response = recruiter.post(f"/api/candidate-segments/{segment['id']}/enrich-all")
    assert response.status_code == 202, response.text
    task = response.json()["data"]

    assert task["status"] == "succeeded"
    assert task["params"]["segment_id"] == segment["id"]
    assert _sent_emails(apollo) == ["b1@example.com"]


def test_a_failing_job_records_failed_with_the_error_after_its_retries(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(recruiter, name="Kim", email="kim@example.com")
    apollo.script.extend([Scripted(status=500)] * CALLS_PER_ATTEMPT * (RETRIES + 1))

    task = _start(recruiter, filters={})

    shown = recruiter.get(f"/api/tasks/{task['id']}").json()["data"]
    assert shown["status"] == "failed"
    assert shown["attempts"] == RETRIES + 1
    assert shown["error"].startswith("Apollo did not answer (apollo_error)")
    assert "kim@example.com" not in shown["error"]
    assert len(apollo.calls(BULK)) == CALLS_PER_ATTEMPT * (RETRIES + 1)
    assert shown["progress"] == {}


def test_a_job_that_retries_cannot_help_fails_at_once(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(recruiter, name="Kim", email="kim@example.com")
    apollo.script.append(UNAUTHORIZED)

    task = _start(recruiter, filters={})

    shown = recruiter.get(f"/api/tasks/{task['id']}").json()["data"]
    assert (shown["status"], shown["attempts"]) == ("failed", 1)
    assert "unauthorized" in shown["error"]
    assert len(apollo.calls(BULK)) == 1


def test_a_retry_goes_on_where_the_failed_attempt_stopped(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    for n in range(15):
        make_candidate(recruiter, name=f"Lee {n}", email=f"lee{n}@example.com")
    # The first batch is answered, the second times out once: the retry sends only the second.
    apollo.script.extend([Scripted(), Scripted(delay=1.0)])

    task = _start(recruiter, filters={})

    shown = recruiter.get(f"/api/tasks/{task['id']}").json()["data"]
    assert (shown["status"], shown["attempts"], shown["error"]) == ("succeeded", 2, None)
    assert shown["progress"] == {"missed": 15}
    sizes = [len(c.body["details"]) for c in apollo.calls(BULK)]
    assert sizes == [10, 5, 5]
    answered = _sent_emails(apollo)[:10] + _sent_emails(apollo)[15:]
    assert sorted(answered) == sorted(f"lee{n}@example.com" for n in range(15))


def test_running_a_finished_job_again_does_nothing(
    app: FastAPI, recruiter: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(recruiter, name="Sam", email="sam@example.com")
    task = _start(recruiter, filters={})
    calls = len(apollo.calls(BULK))

    app.state.queue.enqueue(task["id"])

    again = recruiter.get(f"/api/tasks/{task['id']}").json()["data"]
    assert len(apollo.calls(BULK)) == calls == 1
    assert (again["status"], again["attempts"], again["progress"]) == (
        "succeeded",
        1,
        {"missed": 1},
    )


def test_too_many_candidates_are_refused_before_anything_is_queued(
    app: FastAPI, recruiter: TestClient, admin: TestClient, apollo: FakeApollo
) -> None:
    for n in range(3):
        make_candidate(recruiter, name=f"Pat {n}")
    app.state.settings.enrich_job_max_candidates = 2
    try:
        response = recruiter.post(ENRICH_ALL, json={"filters": {}})
    finally:
        app.state.settings.enrich_job_max_candidates = 10_000
    assert response.status_code == 422, response.text
    assert admin.get("/api/tasks").json()["total"] == 0
    assert apollo.calls(BULK) == []


def test_the_request_names_its_candidates(recruiter: TestClient, apollo: FakeApollo) -> None:
    no_filters = recruiter.post(ENRICH_ALL, json={})
    bad_filter = recruiter.post(ENRICH_ALL, json={"filters": {"colour": "blue"}})
    unknown = recruiter.post("/api/candidate-segments/seg_missing/enrich-all", json={})
    assert (no_filters.status_code, bad_filter.status_code, unknown.status_code) == (422, 422, 404)
    assert apollo.calls(BULK) == []


def test_without_apollo_nothing_is_queued(recruiter: TestClient, admin: TestClient) -> None:
    response = recruiter.post(ENRICH_ALL, json={"filters": {}})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "enrichment_unavailable"
    assert admin.get("/api/tasks").json()["total"] == 0


def test_who_sees_which_task(
    admin: TestClient,
    recruiter: TestClient,
    viewer: TestClient,
    anon: TestClient,
    apollo: FakeApollo,
) -> None:
    mine = _start(recruiter, filters={})
    theirs = _start(admin, filters={})

    assert [t["id"] for t in recruiter.get("/api/tasks").json()["data"]] == [mine["id"]]
    assert recruiter.get(f"/api/tasks/{theirs['id']}").status_code == 404
    listed = admin.get("/api/tasks").json()
    assert (listed["total"], {t["id"] for t in listed["data"]}) == (2, {mine["id"], theirs["id"]})
    assert admin.get(f"/api/tasks/{mine['id']}").status_code == 200
    assert viewer.get("/api/tasks").status_code == 403
    assert viewer.get(f"/api/tasks/{mine['id']}").status_code == 403
    assert viewer.post(ENRICH_ALL, json={"filters": {}}).status_code == 403
    assert anon.get("/api/tasks").status_code == 401


def test_a_user_over_the_enrichment_limit_queues_nothing(
    app: FastAPI, queue_apollo: UseApollo, recruiter: TestClient, admin: TestClient
) -> None:
    queue_apollo()
    limit = app.state.settings.enrich_per_minute
    for _ in range(limit):
        _start(recruiter, filters={})
    refused = recruiter.post(ENRICH_ALL, json={"filters": {}})
    assert refused.status_code == 429
    assert admin.get("/api/tasks").json()["total"] == limit


def _left(app: FastAPI, persona: Persona, *, idle: timedelta) -> str:
    """A task left running by a worker that last advanced it ``idle`` ago."""
    with unit_of_work(app.state.sessions) as session:
        user = session.get(User, persona.user_id)
        assert user is not None
        task = tasks.create_task(session, "enrich_all", {"filters": {}, "force": False}, user)
        task.status = "running"
        task.attempts = 1
        task.updated_at = utcnow() - idle
        return task.id


def test_a_task_running_on_another_worker_is_left_to_it(
    app: FastAPI, personas: dict[str, Persona], recruiter: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(recruiter, name="Ray", email="ray@example.com")
    task_id = _left(app, personas["recruiter"], idle=timedelta(seconds=5))

    app.state.queue.enqueue(task_id)  # a second delivery of its message
    assert app.state.queue.requeue_stale() == []

    shown = recruiter.get(f"/api/tasks/{task_id}").json()["data"]
    assert (shown["status"], shown["attempts"]) == ("running", 1)
    assert apollo.calls(BULK) == []


def test_a_task_whose_worker_was_lost_is_taken_over(
    app: FastAPI, personas: dict[str, Persona], recruiter: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(recruiter, name="Ray", email="ray@example.com")
    task_id = _left(app, personas["recruiter"], idle=STALE_AFTER + timedelta(minutes=1))

    assert app.state.queue.requeue_stale() == [task_id]

    shown = recruiter.get(f"/api/tasks/{task_id}").json()["data"]
    assert (shown["status"], shown["attempts"], shown["progress"]) == (
        "succeeded",
        2,
        {"missed": 1},
    )
    assert _sent_emails(apollo) == ["ray@example.com"]
