"""An upload holds no transaction while its file is stored and its resume read: on SQLite one
open write transaction would stop every other writer for as long as a resume takes to read
(up to HIRING_RESUME_PARSE_SECONDS). Each test writes through another unit of work while the
resume is being read; with the upload's transaction open that write would wait for the lock
and fail. Both writes are kept."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from hiring.candidates.models import Candidate
from hiring.db import unit_of_work
from hiring.files import service as files_service
from tests.factories import make_candidate, make_job
from tests.files import documents

RESUME = "Jane Doe\njane@example.com\nSkills: Python, Kubernetes\n"


@pytest.fixture
def write_while_reading(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str, str], None]]:
    """Arrange for ``candidate_id``'s title to be changed by another writer while the next
    resume is read; the test checks the change was made."""
    planned: dict[str, str] = {}
    real_read = files_service.read_resume_file

    def read_and_write(*args: Any, **kwargs: Any) -> Any:
        with unit_of_work(app.state.sessions) as session:
            session.execute(
                update(Candidate)
                .where(Candidate.id == planned["id"])
                .values(current_title=planned["title"])
            )
        return real_read(*args, **kwargs)

    def plan(candidate_id: str, title: str) -> None:
        planned.update(id=candidate_id, title=title)

    monkeypatch.setattr(files_service, "read_resume_file", read_and_write)
    yield plan


def title_of(client: TestClient, candidate_id: str) -> str:
    return client.get(f"/api/candidates/{candidate_id}").json()["data"]["current_title"]


def test_a_resume_upload_lets_other_writers_in_while_it_is_read(
    recruiter: TestClient, write_while_reading: Callable[[str, str], None]
) -> None:
    candidate = make_candidate(recruiter, email=None)
    write_while_reading(candidate["id"], "Changed meanwhile")
    response = recruiter.post(
        f"/api/candidates/{candidate['id']}/files",
        files={"file": ("cv.txt", RESUME.encode(), "text/plain")},
    )
    assert response.status_code == 201, response.text
    assert response.json()["data"]["extracted"]["filled"] == ["email", "skills"]
    assert title_of(recruiter, candidate["id"]) == "Changed meanwhile"
    detail = recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert detail["email"] == "jane@example.com"


def test_a_public_application_lets_other_writers_in_while_its_resume_is_read(
    anon: TestClient, recruiter: TestClient, write_while_reading: Callable[[str, str], None]
) -> None:
    job = make_job(recruiter)
    other = make_candidate(recruiter)
    write_while_reading(other["id"], "Changed meanwhile")
    response = anon.post(
        f"/api/jobs/public/{job['id']}/apply",
        data={"name": "Jane Doe", "email": "jane.doe@example.com"},
        files={"resume": ("cv.docx", documents.docx_file(RESUME.splitlines()))},
    )
    assert response.status_code == 201, response.text
    assert title_of(recruiter, other["id"]) == "Changed meanwhile"
    [applicant] = recruiter.get("/api/candidates", params={"job_id": job["id"]}).json()["data"]
    [stored] = recruiter.get(f"/api/candidates/{applicant['id']}/files").json()["data"]
    assert stored["kind"] == "resume"
    detail = recruiter.get(f"/api/candidates/{applicant['id']}").json()["data"]
    assert "Kubernetes" in detail["resume_text"]


def test_an_upload_refused_after_storing_leaves_no_object(
    app: FastAPI, recruiter: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When recording fails after the object was stored, the object goes too."""
    candidate = make_candidate(recruiter)
    storage = app.state.storage
    before = set(storage.keys())

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise files_service.NotFound("No such candidate")

    monkeypatch.setattr(files_service, "record_upload", refuse)
    response = recruiter.post(
        f"/api/candidates/{candidate['id']}/files",
        files={"file": ("cv.txt", RESUME.encode(), "text/plain")},
    )
    assert response.status_code == 404
    assert set(storage.keys()) == before
