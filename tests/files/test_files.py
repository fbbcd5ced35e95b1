"""Files of jobs and candidates, through the API, on both storage backends."""

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from hiring.db import unit_of_work
from hiring.files import service as files
from hiring.storage import Storage, make_storage
from tests.factories import make_candidate, make_job
from tests.files import documents
from tests.files.conftest import Failing, backend_settings

pytestmark = pytest.mark.usefixtures("storage")


def upload(client: TestClient, path: str, name: str, content: bytes, **form: str) -> httpx.Response:
    return client.post(f"{path}/files", files={"file": (name, content)}, data=form)


def stored(storage: Storage) -> list[str]:
    return list(storage.keys())


@pytest.fixture
def candidate_path(recruiter: TestClient) -> str:
    return f"/api/candidates/{make_candidate(recruiter)['id']}"


def _refuse(_session: Session) -> None:
    raise RuntimeError("injected commit failure")


@contextmanager
def refused_commits() -> Iterator[None]:
    """The database refuses to commit, after every flush has passed."""
    event.listen(Session, "before_commit", _refuse)
    try:
        yield
    finally:
        event.remove(Session, "before_commit", _refuse)


def test_upload_is_listed_and_downloads_as_an_attachment(
    recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    content = b"Plain notes about the interview.\n"
    response = upload(recruiter, candidate_path, "notes.txt", content, kind="other")
    assert response.status_code == 201, response.text
    record = response.json()["data"]
    assert record["id"].startswith("file_")
    assert record["filename"] == "notes.txt"
    assert record["content_type"] == "text/plain"
    assert record["size"] == len(content)
    assert record["sha256"] == hashlib.sha256(content).hexdigest()
    assert record["kind"] == "other"
    assert record["uploaded_by"] == "recruiter@example.com"
    assert record["extracted"] is None

    listed = recruiter.get(f"{candidate_path}/files").json()
    assert listed["total"] == 1 and listed["data"][0]["id"] == record["id"]

    download = recruiter.get(f"{candidate_path}/files/{record['id']}/download")
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-type"].startswith("text/plain")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert stored(storage) == [f"candidates/{candidate_path.rsplit('/', 1)[1]}/{record['id']}"]


def test_job_files_work_the_same(recruiter: TestClient, storage: Storage) -> None:
    job_path = f"/api/jobs/{make_job(recruiter)['id']}"
    response = upload(recruiter, job_path, "brief.png", documents.PNG)
    assert response.status_code == 201, response.text
    file_id = response.json()["data"]["id"]
    assert response.json()["data"]["kind"] == "other"
    download = recruiter.get(f"{job_path}/files/{file_id}/download")
    assert download.content == documents.PNG
    assert stored(storage)[0].startswith("jobs/")


@pytest.mark.parametrize("owner", ["candidate", "job"])
def test_the_same_bytes_again_answer_the_file_already_kept(
    recruiter: TestClient, storage: Storage, owner: str
) -> None:
    path = (
        f"/api/candidates/{make_candidate(recruiter)['id']}"
        if owner == "candidate"
        else f"/api/jobs/{make_job(recruiter)['id']}"
    )
    first = upload(recruiter, path, "cv.pdf", documents.PNG)
    assert first.status_code == 201, first.text
    assert first.json()["data"]["duplicate"] is False
    again = upload(recruiter, path, "cv (1).pdf", documents.PNG)
    assert again.status_code == 200, again.text
    assert again.json()["data"]["duplicate"] is True
    assert again.json()["data"]["id"] == first.json()["data"]["id"]
    assert recruiter.get(f"{path}/files").json()["total"] == 1
    assert len(stored(storage)) == 1
    other = upload(recruiter, path, "other.txt", b"Different bytes.\n")
    assert other.status_code == 201
    assert len(stored(storage)) == 2


def test_the_same_bytes_on_another_owner_are_a_new_file(
    recruiter: TestClient, storage: Storage
) -> None:
    paths = [f"/api/candidates/{make_candidate(recruiter)['id']}" for _ in range(2)]
    answers = [upload(recruiter, path, "cv.png", documents.PNG) for path in paths]
    assert [a.status_code for a in answers] == [201, 201]
    assert len(stored(storage)) == 2


def test_filename_with_path_parts_and_unicode_is_kept_only_as_a_safe_name(
    recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    name = "../../etc/..\\Lebenslauf Jürgen 履歴書.txt"
    response = upload(recruiter, candidate_path, name, "Grüße\n".encode())
    assert response.status_code == 201, response.text
    record = response.json()["data"]
    assert record["filename"] == "Lebenslauf Jürgen 履歴書.txt"
    assert all("Lebenslauf" not in key and ".." not in key for key in stored(storage))

    download = recruiter.get(f"{candidate_path}/files/{record['id']}/download")
    disposition = download.headers["content-disposition"]
    assert f"filename*=UTF-8''{quote('Lebenslauf Jürgen 履歴書.txt', safe='')}" in disposition
    assert 'filename="Lebenslauf J_rgen ___.txt"' in disposition


def test_a_png_renamed_pdf_is_stored_as_png(recruiter: TestClient, candidate_path: str) -> None:
    response = upload(recruiter, candidate_path, "resume.pdf", documents.PNG)
    assert response.status_code == 201, response.text
    record = response.json()["data"]
    assert record["content_type"] == "image/png"
    assert record["kind"] == "other"
    download = recruiter.get(f"{candidate_path}/files/{record['id']}/download")
    assert download.headers["content-type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", documents.EXE),
        ("archive.zip", documents.plain_zip()),
        ("cv.pdf", documents.EXE),
    ],
)
def test_types_off_the_allow_list_are_415_and_nothing_is_kept(
    recruiter: TestClient, candidate_path: str, storage: Storage, name: str, content: bytes
) -> None:
    response = upload(recruiter, candidate_path, name, content)
    assert response.status_code == 415, response.text
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert recruiter.get(f"{candidate_path}/files").json()["total"] == 0
    assert stored(storage) == []


def test_an_empty_file_is_422(recruiter: TestClient, candidate_path: str) -> None:
    response = upload(recruiter, candidate_path, "empty.txt", b"")
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "file"


def test_a_file_over_the_limit_is_413_and_nothing_is_kept(
    app: FastAPI, recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    previous = app.state.settings
    app.state.settings = previous.model_copy(update={"max_upload_mb": 1})
    try:
        big = b"a" * (1024 * 1024 + 1)
        response = upload(recruiter, candidate_path, "big.txt", big, kind="other")
        assert response.status_code == 413, response.text
        assert response.json()["error"]["code"] == "payload_too_large"
        ok = upload(recruiter, candidate_path, "fits.txt", big[:-1], kind="other")
        assert ok.status_code == 201, ok.text
    finally:
        app.state.settings = previous
    assert recruiter.get(f"{candidate_path}/files").json()["total"] == 1
    assert len(stored(storage)) == 1


def test_deleting_a_file_removes_its_object_and_is_logged(
    recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    file_id = upload(recruiter, candidate_path, "a.txt", b"hello").json()["data"]["id"]
    response = recruiter.delete(f"{candidate_path}/files/{file_id}")
    assert response.status_code == 200
    assert stored(storage) == []
    assert recruiter.get(f"{candidate_path}/files/{file_id}/download").status_code == 404
    kinds = [
        a["activity_type"] for a in recruiter.get(f"{candidate_path}/activities").json()["data"]
    ]
    assert kinds[:2] == ["file_deleted", "file_uploaded"]


@pytest.mark.parametrize("owner", ["candidate", "job"])
def test_deleting_the_owner_removes_its_files_objects(
    recruiter: TestClient, storage: Storage, owner: str
) -> None:
    path = (
        f"/api/candidates/{make_candidate(recruiter)['id']}"
        if owner == "candidate"
        else f"/api/jobs/{make_job(recruiter)['id']}"
    )
    other = f"/api/candidates/{make_candidate(recruiter)['id']}"
    upload(recruiter, path, "a.txt", b"one")
    upload(recruiter, path, "b.png", documents.PNG)
    kept = upload(recruiter, other, "c.txt", b"other owner").json()["data"]
    assert len(stored(storage)) == 3

    assert recruiter.delete(path).status_code == 200
    assert stored(storage) == [f"candidates/{kept['candidate_id']}/{kept['id']}"]


def test_a_file_id_under_another_owner_is_404(recruiter: TestClient, candidate_path: str) -> None:
    file_id = upload(recruiter, candidate_path, "a.txt", b"mine").json()["data"]["id"]
    other = f"/api/candidates/{make_candidate(recruiter)['id']}"
    job = f"/api/jobs/{make_job(recruiter)['id']}"
    for path in (other, job):
        assert recruiter.get(f"{path}/files/{file_id}/download").status_code == 404
        assert recruiter.delete(f"{path}/files/{file_id}").status_code == 404
    assert recruiter.get("/api/candidates/cand_unknown/files").status_code == 404
    assert upload(recruiter, "/api/jobs/job_unknown", "a.txt", b"x").status_code == 404
    assert recruiter.get(f"{candidate_path}/files").json()["total"] == 1


def test_viewers_download_but_cannot_upload_or_delete(
    recruiter: TestClient, viewer: TestClient, candidate_path: str
) -> None:
    file_id = upload(recruiter, candidate_path, "a.txt", b"mine").json()["data"]["id"]
    assert upload(viewer, candidate_path, "b.txt", b"x").status_code == 403
    assert viewer.delete(f"{candidate_path}/files/{file_id}").status_code == 403
    assert viewer.get(f"{candidate_path}/files/{file_id}/download").content == b"mine"


def test_storage_failing_on_upload_leaves_no_record(
    app: FastAPI, recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    app.state.storage = Failing(storage, on="put")
    response = upload(recruiter, candidate_path, "a.txt", b"hello")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "storage_unavailable"
    app.state.storage = storage
    assert recruiter.get(f"{candidate_path}/files").json()["total"] == 0
    assert stored(storage) == []


def test_database_failing_after_upload_leaves_no_object(
    recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    # The refused commit reaches the server's error handler (a 500: see test_api_basics).
    with refused_commits(), pytest.raises(RuntimeError, match="injected commit failure"):
        upload(recruiter, candidate_path, "a.txt", b"hello")
    assert stored(storage) == []


def test_database_failing_on_delete_keeps_record_and_object(
    app: FastAPI, recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    file_id = upload(recruiter, candidate_path, "a.txt", b"hello").json()["data"]["id"]
    candidate_id = candidate_path.rsplit("/", 1)[1]

    with refused_commits():
        with pytest.raises(RuntimeError, match="injected commit failure"):
            recruiter.delete(f"{candidate_path}/files/{file_id}")
        with pytest.raises(RuntimeError, match="injected commit failure"):
            recruiter.delete(candidate_path)
    download = recruiter.get(f"/api/candidates/{candidate_id}/files/{file_id}/download")
    assert download.content == b"hello"


def test_storage_failing_on_delete_still_deletes_the_record_and_logs_the_object(
    app: FastAPI,
    recruiter: TestClient,
    candidate_path: str,
    storage: Storage,
    caplog: pytest.LogCaptureFixture,
) -> None:
    file_id = upload(recruiter, candidate_path, "a.txt", b"hello").json()["data"]["id"]
    app.state.storage = Failing(storage, on="delete")
    with caplog.at_level(logging.ERROR, logger="hiring.files"):
        response = recruiter.delete(f"{candidate_path}/files/{file_id}")
    app.state.storage = storage
    assert response.status_code == 200
    assert recruiter.get(f"{candidate_path}/files").json()["total"] == 0
    [key] = stored(storage)
    assert key.endswith(file_id)
    assert any(key in record.getMessage() for record in caplog.records)


def test_sweeping_removes_only_objects_without_records(
    app: FastAPI, recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    kept = upload(recruiter, candidate_path, "kept.txt", b"kept").json()["data"]
    storage.put("candidates/cand_gone/file_orphan", iter([b"x"]), max_bytes=10, content_type="x/y")
    with unit_of_work(app.state.sessions, write=False) as session:
        assert files.sweep_orphans(session, storage, older_than=timedelta(hours=1)) == []
        removed = files.sweep_orphans(session, storage, older_than=timedelta(seconds=-5))
    assert removed == ["candidates/cand_gone/file_orphan"]
    assert stored(storage) == [f"candidates/{kept['candidate_id']}/{kept['id']}"]


def test_a_record_whose_object_is_gone_downloads_as_404(
    recruiter: TestClient, candidate_path: str, storage: Storage
) -> None:
    file_id = upload(recruiter, candidate_path, "a.txt", b"hello").json()["data"]["id"]
    storage.delete(stored(storage)[0])
    response = recruiter.get(f"{candidate_path}/files/{file_id}/download")
    assert response.status_code == 404


def test_presigned_downloads_redirect_to_a_working_url(
    request: pytest.FixtureRequest, app: FastAPI, settings: Any, recruiter: TestClient
) -> None:
    app.state.storage = make_storage(backend_settings(request, settings, "s3", s3_presign=True))
    path = f"/api/candidates/{make_candidate(recruiter)['id']}"
    file_id = upload(recruiter, path, "Zoë's notes.txt", b"presigned").json()["data"]["id"]
    response = recruiter.get(f"{path}/files/{file_id}/download", follow_redirects=False)
    assert response.status_code == 307
    location = response.headers["location"]
    assert "X-Amz-Expires=300" in location
    fetched = httpx.get(location)
    assert fetched.status_code == 200
    assert fetched.content == b"presigned"
    assert fetched.headers["content-disposition"].startswith("attachment;")


def test_a_huge_one_line_text_resume_is_parsed_quickly(
    recruiter: TestClient, candidate_path: str
) -> None:
    response = upload(recruiter, candidate_path, "cv.txt", b"a" * (1024 * 1024), kind="resume")
    assert response.status_code == 201
    assert response.json()["data"]["extracted"]["parsed"]["emails"] == []
