"""Files on the job and candidate pages: upload, download, delete, and the resume preview."""

import re

from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job
from tests.files.documents import EXE, RESUME_LINES, pdf
from tests.web.conftest import Portal


def _file_ids(html: str, base: str) -> list[str]:
    return re.findall(rf'href="{re.escape(base)}/([^"/]+)" download', html)


def test_upload_download_and_delete_a_candidates_file(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Fay Files")
    base = f"/admin/candidates/{candidate['id']}/files"
    sent = portal_recruiter.post(base, files={"file": ("notes.txt", b"Met at PyCon", "text/plain")})
    assert sent.status_code == 303
    assert sent.headers["location"].endswith("#files")

    page = portal_recruiter.get(f"/admin/candidates/{candidate['id']}").text
    (file_id,) = _file_ids(page, base)
    assert "notes.txt" in page
    download = portal_recruiter.get(f"{base}/{file_id}")
    assert download.status_code == 200
    assert download.content == b"Met at PyCon"
    assert "attachment" in download.headers["content-disposition"]

    assert portal_recruiter.post(f"{base}/{file_id}/delete").status_code == 303
    assert admin.get(f"/api/candidates/{candidate['id']}/files").json()["total"] == 0
    assert portal_recruiter.get(f"{base}/{file_id}").status_code == 404


def test_a_resume_upload_fills_the_profile_and_shows_its_text(
    portal_admin: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Jane Resume", email=None)
    base = f"/admin/candidates/{candidate['id']}/files"
    resume = pdf(RESUME_LINES)
    assert portal_admin.post(base, files={"file": ("cv.pdf", resume)}).status_code == 303
    detail = admin.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert detail["email"] == "jane.resume@example.org"
    page = portal_admin.get(f"/admin/candidates/{candidate['id']}").text
    assert 'class="resume-text"' in page
    assert "Backend engineer with 7 years" in page


def test_job_files_work_the_same(portal_recruiter: Portal, admin: TestClient) -> None:
    job = make_job(admin)
    base = f"/admin/jobs/{job['id']}/files"
    portal_recruiter.post(base, files={"file": ("brief.txt", b"Role brief", "text/plain")})
    (file_id,) = _file_ids(portal_recruiter.get(f"/admin/jobs/{job['id']}").text, base)
    assert portal_recruiter.get(f"{base}/{file_id}").content == b"Role brief"


def test_a_refused_upload_shows_its_error_next_to_the_field(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin)
    base = f"/admin/candidates/{candidate['id']}/files"
    refused = portal_recruiter.post(base, files={"file": ("tool.exe", EXE)})
    assert refused.status_code == 422
    assert 'id="file-error"' in refused.text
    empty = portal_recruiter.post(base, files={"file": ("", b"")})
    assert empty.status_code == 422
    assert "Choose a file to upload" in empty.text
    assert admin.get(f"/api/candidates/{candidate['id']}/files").json()["total"] == 0


def test_uploads_need_the_csrf_token(portal_recruiter: Portal, admin: TestClient) -> None:
    candidate = make_candidate(admin)
    response = portal_recruiter.client.post(
        f"/admin/candidates/{candidate['id']}/files", files={"file": ("a.txt", b"x")}
    )
    assert response.status_code == 403
    assert admin.get(f"/api/candidates/{candidate['id']}/files").json()["total"] == 0


def test_viewer_downloads_but_cannot_upload_or_delete(
    portal_viewer: Portal, admin: TestClient, recruiter: TestClient
) -> None:
    candidate = make_candidate(admin)
    api_base = f"/api/candidates/{candidate['id']}/files"
    file_id = recruiter.post(api_base, files={"file": ("a.txt", b"hello")}).json()["data"]["id"]
    base = f"/admin/candidates/{candidate['id']}/files"
    page = portal_viewer.get(f"/admin/candidates/{candidate['id']}").text
    assert _file_ids(page, base) == [file_id]
    assert 'type="file"' not in page
    assert portal_viewer.get(f"{base}/{file_id}").content == b"hello"
    assert portal_viewer.post(base, files={"file": ("b.txt", b"x")}).status_code == 403
    assert portal_viewer.post(f"{base}/{file_id}/delete").status_code == 403
    assert admin.get(api_base).json()["total"] == 1


def test_a_file_is_only_found_under_its_owner(portal_admin: Portal, admin: TestClient) -> None:
    owner, other = make_candidate(admin), make_candidate(admin)
    file_id = admin.post(
        f"/api/candidates/{owner['id']}/files", files={"file": ("a.txt", b"x")}
    ).json()["data"]["id"]
    assert portal_admin.get(f"/admin/candidates/{other['id']}/files/{file_id}").status_code == 404
