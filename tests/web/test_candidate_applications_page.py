"""A candidate's page shows what an applicant sent beside the record, and "Use these details"."""

import re

from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job
from tests.web.conftest import Portal

KNOWN = {"name": "Ann Lee-Smith", "email": "ann@example.com", "phone": "+1 555 0199"}
SENT = {
    "name": "Ann Lee",
    "email": "ANN@example.com",
    "phone": "+1 555 0100",
    "cover_note": "My new number is below.",
}


def _applied(anon: TestClient, admin: TestClient) -> tuple[dict, dict]:
    job = make_job(admin, title="Data Engineer")
    known = make_candidate(admin, **KNOWN)
    assert anon.post(f"/api/jobs/public/{job['id']}/apply", json=SENT).status_code == 201
    [application] = admin.get(f"/api/candidates/{known['id']}/applications").json()["data"]
    return known, application


def _use_path(known: dict, application: dict) -> str:
    return f"/admin/candidates/{known['id']}/applications/{application['id']}/use"


def test_the_page_shows_the_sent_details_beside_the_record(
    anon: TestClient, admin: TestClient, portal_recruiter: Portal
) -> None:
    known, application = _applied(anon, admin)
    html = portal_recruiter.get(f"/admin/candidates/{known['id']}").text
    section = html[html.index('id="applications"') :]
    assert "Data Engineer" in section
    assert "+1 555 0100" in section and "+1 555 0199" in section
    assert f'action="{_use_path(known, application)}"' in section
    assert "Use these details" in section
    # The cover note is the applicant's, not a user's.
    assert re.search(r"Ann Lee \(cover note\)</strong> · from the applicant", html)


def test_use_these_details_copies_them_and_logs_it(
    anon: TestClient, admin: TestClient, portal_recruiter: Portal
) -> None:
    known, application = _applied(anon, admin)
    response = portal_recruiter.post(_use_path(known, application))
    assert response.status_code == 303
    assert response.headers["location"].endswith("#applications")
    cand = admin.get(f"/api/candidates/{known['id']}").json()["data"]
    assert (cand["name"], cand["phone"]) == ("Ann Lee", "+1 555 0100")
    kinds = [a["activity_type"] for a in cand["activities"]]
    assert kinds[0] == "application_details_used"
    assert cand["activities"][0]["actor"] == "recruiter@example.com"
    html = portal_recruiter.client.get(response.headers["location"]).text
    assert "details used by recruiter@example.com" in html
    assert "Use these details" not in html  # nothing differs any more


def test_a_viewer_sees_the_details_but_cannot_use_them(
    anon: TestClient, admin: TestClient, portal_viewer: Portal
) -> None:
    known, application = _applied(anon, admin)
    html = portal_viewer.get(f"/admin/candidates/{known['id']}").text
    assert "+1 555 0100" in html
    assert "Use these details" not in html
    assert portal_viewer.post(_use_path(known, application)).status_code == 403
    cand = admin.get(f"/api/candidates/{known['id']}").json()["data"]
    assert cand["phone"] == KNOWN["phone"]
    assert "application_details_used" not in [a["activity_type"] for a in cand["activities"]]


def test_another_candidates_application_is_not_found(
    anon: TestClient, admin: TestClient, portal_recruiter: Portal
) -> None:
    _known, application = _applied(anon, admin)
    other = make_candidate(admin)
    assert portal_recruiter.post(_use_path(other, application)).status_code == 404


def test_a_note_shows_its_author_and_who_added_it(
    recruiter: TestClient, portal_recruiter: Portal
) -> None:
    cand = make_candidate(recruiter)
    recruiter.post(
        f"/api/candidates/{cand['id']}/notes", json={"body": "Go", "author": "ceo@example.com"}
    )
    recruiter.post(f"/api/candidates/{cand['id']}/notes", json={"body": "Mine"})
    html = portal_recruiter.get(f"/admin/candidates/{cand['id']}").text
    assert "by <strong>ceo@example.com</strong> · added by recruiter@example.com" in html
    assert "<strong>recruiter@example.com</strong> · <time" in html
