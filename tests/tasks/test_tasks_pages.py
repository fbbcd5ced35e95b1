"""The portal's Tasks page and the buttons that queue enrich-all jobs."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import Persona
from tests.factories import make_candidate
from tests.fakes.apollo import FakeApollo, Scripted
from tests.web.conftest import Portal, sign_in

UNAUTHORIZED = Scripted(status=401, body=b'{"error": "Invalid access credentials."}')


def _portal(app: FastAPI, personas: dict[str, Persona], who: str) -> Portal:
    return Portal(sign_in(app, personas[who].email))


def test_the_list_button_queues_a_job_for_its_filters_and_shows_the_task(
    app: FastAPI, personas: dict[str, Persona], recruiter: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(recruiter, name="Ada Berlin", email="ada@example.com", location="Berlin")
    make_candidate(recruiter, name="Bob Lisbon", email="bob@example.com", location="Lisbon")
    portal = _portal(app, personas, "recruiter")
    listed = portal.get("/admin/candidates", params={"location": "berlin"})
    assert "data-enrich-all" in listed.text

    queued = portal.post("/admin/candidates/enrich-all", {"location": "berlin"})

    assert queued.status_code == 303
    task_url = queued.headers["location"]
    assert task_url.startswith("/admin/tasks/task_")
    page = portal.get(task_url)
    assert page.status_code == 200
    assert "Succeeded" in page.text and "missed 1" in page.text
    sent = [
        d["email"] for c in apollo.calls("/api/v1/people/bulk_match") for d in c.body["details"]
    ]
    assert sent == ["ada@example.com"]
    tasks = portal.get("/admin/tasks")
    assert tasks.status_code == 200
    assert task_url.removeprefix("/admin/tasks/") in tasks.text
    assert 'href="/admin/tasks"' in tasks.text  # in the menu


def test_a_failed_task_shows_its_error_on_the_tasks_page(
    app: FastAPI, personas: dict[str, Persona], recruiter: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(recruiter, name="Kim", email="kim@example.com")
    segment = recruiter.post(
        "/api/candidate-segments", json={"name": "Everyone", "filters": {}}
    ).json()["data"]
    apollo.script.append(UNAUTHORIZED)
    portal = _portal(app, personas, "recruiter")
    assert "data-enrich-all" in portal.get(f"/admin/segments/{segment['id']}").text

    queued = portal.post(f"/admin/segments/{segment['id']}/enrich-all")

    assert queued.status_code == 303
    tasks = portal.get("/admin/tasks")
    assert "Failed" in tasks.text
    assert "data-error>Apollo did not answer (unauthorized)" in tasks.text
    assert "Everyone" in tasks.text


def test_viewers_see_no_tasks_and_queue_nothing(
    app: FastAPI, personas: dict[str, Persona], recruiter: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(recruiter, name="Sam")
    viewer = _portal(app, personas, "viewer")
    assert "data-enrich-all" not in viewer.get("/admin/candidates").text
    assert viewer.get("/admin/tasks").status_code == 403
    assert viewer.post("/admin/candidates/enrich-all").status_code == 403
    assert apollo.calls("/api/v1/people/bulk_match") == []


def test_a_recruiter_cannot_open_an_admins_task(
    app: FastAPI, personas: dict[str, Persona], admin: TestClient, apollo: FakeApollo
) -> None:
    make_candidate(admin, name="Lee")
    task = admin.post("/api/candidates/enrich-all", json={"filters": {}}).json()["data"]
    recruiter = _portal(app, personas, "recruiter")
    assert recruiter.get(f"/admin/tasks/{task['id']}").status_code == 404
    assert task["id"] not in recruiter.get("/admin/tasks").text
    assert task["id"] in _portal(app, personas, "admin").get("/admin/tasks").text
