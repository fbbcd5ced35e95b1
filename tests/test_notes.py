"""Notes on jobs and candidates."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job


@pytest.fixture(params=["jobs", "candidates"])
def owner_path(request: pytest.FixtureRequest, recruiter: TestClient) -> str:
    owner = make_job(recruiter) if request.param == "jobs" else make_candidate(recruiter)
    return f"/api/{request.param}/{owner['id']}"


def test_add_note_defaults_author_to_caller(recruiter: TestClient, owner_path: str) -> None:
    response = recruiter.post(f"{owner_path}/notes", json={"body": "Call back Monday"})
    assert response.status_code == 201
    note = response.json()["data"]
    assert note["id"].startswith("note_")
    assert note["author"] == "recruiter@example.com"
    assert note["body"] == "Call back Monday"


def test_add_note_keeps_given_author(recruiter: TestClient, owner_path: str) -> None:
    note = recruiter.post(
        f"{owner_path}/notes", json={"body": "x", "author": "paula@example.com"}
    ).json()["data"]
    assert note["author"] == "paula@example.com"


def test_a_note_records_who_wrote_it_whatever_author_it_names(
    recruiter: TestClient, owner_path: str
) -> None:
    note = recruiter.post(
        f"{owner_path}/notes", json={"body": "Approved", "author": "ceo@example.com"}
    ).json()["data"]
    assert (note["author"], note["created_by"]) == ("ceo@example.com", "recruiter@example.com")
    assert note["application_id"] is None
    [listed] = recruiter.get(f"{owner_path}/notes").json()["data"]
    assert listed["created_by"] == "recruiter@example.com"
    edited = recruiter.patch(f"{owner_path}/notes/{note['id']}", json={"body": "Approved!"})
    assert edited.json()["data"]["created_by"] == "recruiter@example.com"


def test_list_notes_newest_first_with_total(recruiter: TestClient, owner_path: str) -> None:
    for text in ("first", "second", "third"):
        recruiter.post(f"{owner_path}/notes", json={"body": text})
    body = recruiter.get(f"{owner_path}/notes", params={"limit": 2}).json()
    assert [n["body"] for n in body["data"]] == ["third", "second"]
    assert body["total"] == 3


def test_note_validation(recruiter: TestClient, owner_path: str) -> None:
    for body, field in (
        ({}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"body": 5}, "body"),
        ({"body": "ok", "author": "not an email"}, "author"),
        ({"body": "ok", "pinned": True}, "pinned"),
    ):
        response = recruiter.post(f"{owner_path}/notes", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["details"][0]["field"] == field


def test_edit_and_delete_note(recruiter: TestClient, owner_path: str) -> None:
    note = recruiter.post(f"{owner_path}/notes", json={"body": "draft"}).json()["data"]
    edited = recruiter.patch(f"{owner_path}/notes/{note['id']}", json={"body": "final"})
    assert edited.json()["data"]["body"] == "final"
    assert recruiter.delete(f"{owner_path}/notes/{note['id']}").status_code == 200
    assert recruiter.get(f"{owner_path}/notes").json()["total"] == 0
    assert recruiter.delete(f"{owner_path}/notes/{note['id']}").status_code == 404


def test_note_changes_are_logged(recruiter: TestClient, owner_path: str) -> None:
    note = recruiter.post(f"{owner_path}/notes", json={"body": "hello"}).json()["data"]
    recruiter.patch(f"{owner_path}/notes/{note['id']}", json={"body": "hello again"})
    recruiter.delete(f"{owner_path}/notes/{note['id']}")
    kinds = [a["activity_type"] for a in recruiter.get(f"{owner_path}/activities").json()["data"]]
    assert kinds[:3] == ["note_deleted", "note_edited", "note_added"]


def test_note_of_another_owner_is_404(recruiter: TestClient) -> None:
    job_a, job_b = make_job(recruiter), make_job(recruiter)
    cand = make_candidate(recruiter)
    note = recruiter.post(f"/api/jobs/{job_a['id']}/notes", json={"body": "mine"}).json()["data"]
    for path in (f"/api/jobs/{job_b['id']}", f"/api/candidates/{cand['id']}"):
        assert recruiter.delete(f"{path}/notes/{note['id']}").status_code == 404
        assert recruiter.patch(f"{path}/notes/{note['id']}", json={"body": "x"}).status_code == 404
    assert recruiter.get(f"/api/jobs/{job_a['id']}/notes").json()["total"] == 1


def test_notes_of_unknown_owner_are_404(recruiter: TestClient) -> None:
    for path in ("/api/jobs/job_nope/notes", "/api/candidates/cand_nope/notes"):
        assert recruiter.get(path).status_code == 404
        assert recruiter.post(path, json={"body": "x"}).status_code == 404


def test_viewer_cannot_add_notes(viewer: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    assert viewer.post(f"/api/jobs/{job['id']}/notes", json={"body": "x"}).status_code == 403
    assert viewer.get(f"/api/jobs/{job['id']}/notes").status_code == 200
