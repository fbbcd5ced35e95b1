"""The portal's side of one person, one record: the new-candidate form names the person who
is already here, and a candidate's page lists their likely duplicates."""

from fastapi.testclient import TestClient

from tests.factories import make_candidate
from tests.files.documents import RESUME_LINES, pdf
from tests.web.conftest import Portal


def test_new_candidate_with_a_known_email_offers_to_open_them_or_create_anyway(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    jane = make_candidate(admin, name="Jane Smith", email="jane@example.com")
    form = {"name": "Jane S.", "email": "JANE@example.com", "source": "direct", "stage": "applied"}
    refused = portal_recruiter.post("/admin/candidates", form)
    assert refused.status_code == 409
    assert f'data-duplicate="{jane["id"]}"' in refused.text
    assert f'href="/admin/candidates/{jane["id"]}">Open Jane Smith</a>' in refused.text
    assert 'name="allow_duplicate" value="1"' in refused.text
    assert 'value="Jane S."' in refused.text  # what was typed stays
    assert admin.get("/api/candidates").json()["total"] == 1

    anyway = portal_recruiter.post("/admin/candidates", form | {"allow_duplicate": "1"})
    assert anyway.status_code == 303
    assert admin.get("/api/candidates").json()["total"] == 2


def test_a_form_prefilled_from_a_resume_warns_before_saving(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    known = make_candidate(admin, name="Jane Resume", email="jane.resume@example.org")
    response = portal_recruiter.post(
        "/admin/candidates/new/resume", files={"resume": ("cv.pdf", pdf(RESUME_LINES))}
    )
    assert response.status_code == 200
    assert f'data-duplicate="{known["id"]}"' in response.text
    assert admin.get("/api/candidates").json()["total"] == 1


def test_candidate_page_lists_possible_duplicates(portal_viewer: Portal, admin: TestClient) -> None:
    jane = make_candidate(admin, name="Jane Smith", email="jane@example.com")
    twin = admin.post(
        "/api/candidates?allow_duplicate=true",
        json={"name": "Jane Smith", "email": "jane@example.com"},
    ).json()["data"]
    stranger = make_candidate(admin, name="Someone Else")
    page = portal_viewer.get(f"/admin/candidates/{jane['id']}")
    assert page.status_code == 200
    assert "Possible duplicates" in page.text
    assert f'data-duplicate="{twin["id"]}"' in page.text
    assert "Same email" in page.text
    alone = portal_viewer.get(f"/admin/candidates/{stranger['id']}")
    assert "Possible duplicates" not in alone.text


def test_the_script_gets_the_person_already_here_with_the_values(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    known = make_candidate(admin, name="Jane Known", email="jane.resume@example.org")
    read = portal_recruiter.post(
        "/admin/candidates/new/resume",
        files={"resume": ("cv.pdf", pdf(RESUME_LINES))},
        headers={"Accept": "application/json"},
    )
    assert read.status_code == 200
    data = read.json()["data"]
    assert data["values"]["email"] == "jane.resume@example.org"
    assert data["duplicate"] == {
        "candidate_id": known["id"],
        "name": "Jane Known",
        "matched_by": "email",
    }
    # An email typed in the form wins over the resume's, for the check too.
    typed = portal_recruiter.post(
        "/admin/candidates/new/resume",
        {"email": "someone.else@example.org"},
        files={"resume": ("cv.pdf", pdf(RESUME_LINES))},
        headers={"Accept": "application/json"},
    )
    assert typed.json()["data"]["duplicate"] is None
    assert admin.get("/api/candidates").json()["total"] == 1
