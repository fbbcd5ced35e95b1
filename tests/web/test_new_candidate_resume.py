"""The new-candidate form prefilled from a resume, and the resume attached once saved."""

from fastapi.testclient import TestClient

from tests.files.documents import PNG, RESUME_LINES, pdf
from tests.web.conftest import Portal

JSON = {"Accept": "application/json"}


def test_a_resume_is_read_into_form_values_for_the_script(portal_recruiter: Portal) -> None:
    response = portal_recruiter.post(
        "/admin/candidates/new/resume",
        files={"resume": ("cv.pdf", pdf(RESUME_LINES))},
        headers=JSON,
    )
    assert response.status_code == 200
    assert response.json()["data"]["values"] == {
        "name": "Jane Resume",
        "email": "jane.resume@example.org",
        "phone": "+44 20 7946 0958",
        "linkedin_url": "https://linkedin.com/in/jane-resume",
        "github_url": "https://github.com/janeresume",
        "current_title": "Senior Engineer",
        "current_company": "Acme Corp",
        "skills": "Python, PostgreSQL, Kubernetes",
        "languages": "English, Spanish",
    }


def test_without_script_the_form_comes_back_filled_keeping_what_was_typed(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    response = portal_recruiter.post(
        "/admin/candidates/new/resume",
        {"name": "J. Resume", "tags": "priority"},
        files={"resume": ("cv.pdf", pdf(RESUME_LINES))},
    )
    assert response.status_code == 200
    assert 'value="J. Resume"' in response.text
    assert 'value="jane.resume@example.org"' in response.text
    assert 'value="priority"' in response.text
    assert "Choose the file again" in response.text
    assert admin.get("/api/candidates").json()["total"] == 0


def test_an_unreadable_resume_is_refused_next_to_its_field(portal_recruiter: Portal) -> None:
    page = portal_recruiter.post(
        "/admin/candidates/new/resume", {"name": "Kept"}, files={"resume": ("a.png", PNG)}
    )
    assert page.status_code == 422
    assert 'id="resume-error"' in page.text
    assert 'value="Kept"' in page.text
    script = portal_recruiter.post(
        "/admin/candidates/new/resume", files={"resume": ("a.png", PNG)}, headers=JSON
    )
    assert script.status_code == 415
    assert script.json()["ok"] is False


def test_reading_a_resume_needs_a_writer_and_the_csrf_token(
    portal_viewer: Portal, portal_recruiter: Portal
) -> None:
    files = {"resume": ("cv.pdf", pdf(RESUME_LINES))}
    viewer = portal_viewer.post("/admin/candidates/new/resume", files=files, headers=JSON)
    assert viewer.status_code == 403
    forged = portal_recruiter.client.post("/admin/candidates/new/resume", files=files, headers=JSON)
    assert forged.status_code == 403


def test_the_resume_is_attached_when_the_candidate_is_created(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    response = portal_recruiter.post(
        "/admin/candidates",
        {"name": "Jane Resume", "source": "direct", "stage": "applied"},
        files={"resume": ("cv.pdf", pdf(RESUME_LINES))},
    )
    assert response.status_code == 303
    candidate_id = response.headers["location"].rsplit("/", 1)[1]
    detail = admin.get(f"/api/candidates/{candidate_id}").json()["data"]
    assert detail["email"] == "jane.resume@example.org"
    assert "Kubernetes" in detail["skills"]
    assert "Backend engineer with 7 years" in detail["resume_text"]
    files = admin.get(f"/api/candidates/{candidate_id}/files").json()["data"]
    assert [(f["filename"], f["kind"]) for f in files] == [("cv.pdf", "resume")]


def test_a_refused_resume_creates_nothing_and_keeps_the_form(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    exe = b"MZ\x90\x00" + bytes(100)
    response = portal_recruiter.post(
        "/admin/candidates",
        {"name": "Nora New", "email": "nora@example.com", "source": "direct", "stage": "applied"},
        files={"resume": ("cv.exe", exe)},
    )
    assert response.status_code == 422
    assert 'id="resume-error"' in response.text
    assert 'value="nora@example.com"' in response.text
    assert admin.get("/api/candidates").json()["total"] == 0


def test_the_form_is_filled_with_location_title_and_languages_by_the_one_rule(
    portal_recruiter: Portal,
) -> None:
    resume = "\n".join(
        [
            "Marta Ruiz",
            "Sevilla, España | marta.ruiz@example.es",
            "Experiencia profesional",
            "Jefa de proyecto, Telefónica (2019 - actualidad)",
            "Idiomas: español (nativo), inglés (C1)",
        ]
    ).encode()
    response = portal_recruiter.post(
        "/admin/candidates/new/resume",
        {"current_company": "Typed Co"},
        files={"resume": ("cv.txt", resume, "text/plain")},
        headers=JSON,
    )
    assert response.status_code == 200, response.text
    values = response.json()["data"]["values"]
    assert values["location"] == "Sevilla, España"
    assert values["current_title"] == "Jefa de proyecto"
    assert values["languages"] == "Spanish, English"
    # A field the user already typed is theirs: the resume does not offer a value for it.
    assert "current_company" not in values
    page = portal_recruiter.post(
        "/admin/candidates/new/resume",
        {"current_company": "Typed Co"},
        files={"resume": ("cv.txt", resume, "text/plain")},
    )
    assert 'value="Typed Co"' in page.text
    assert 'value="Sevilla, España"' in page.text
