"""The candidate page's data-request actions: "Download all data" and, for admins, "Erase…"."""

import io
import json
import zipfile

from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_placement
from tests.web.conftest import Portal

ERASE_FORM = 'action="/admin/candidates/{id}/erase"'


def test_recruiters_download_all_data_but_only_admins_see_erase(
    portal_recruiter: Portal, portal_admin: Portal, portal_viewer: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Petra Page")
    path = f"/admin/candidates/{candidate['id']}"
    recruiter_page = portal_recruiter.get(path).text
    assert "Download all data" in recruiter_page
    assert ERASE_FORM.format(id=candidate["id"]) not in recruiter_page
    admin_page = portal_admin.get(path).text
    assert "Download all data" in admin_page and "Erase…" in admin_page
    assert ERASE_FORM.format(id=candidate["id"]) in admin_page
    viewer_page = portal_viewer.get(path).text
    assert "Download all data" not in viewer_page and "Erase…" not in viewer_page


def test_download_all_data_answers_the_zip(
    portal_recruiter: Portal, portal_viewer: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Dora Download")
    response = portal_recruiter.get(f"/admin/candidates/{candidate['id']}/export")
    assert response.status_code == 200
    person = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("person.json"))
    assert person["profile"]["name"] == "Dora Download"
    assert portal_viewer.get(f"/admin/candidates/{candidate['id']}/export").status_code == 403


def test_an_admin_erases_with_a_reason(portal_admin: Portal, admin: TestClient) -> None:
    candidate = make_candidate(admin, name="Erin Erased")
    path = f"/admin/candidates/{candidate['id']}/erase"
    refused = portal_admin.post(path, {"reason": "  "})
    assert refused.status_code == 422
    assert admin.get(f"/api/candidates/{candidate['id']}").status_code == 200

    response = portal_admin.post(path, {"reason": "Asked on 2026-12-01"})
    assert response.status_code == 303
    listing = portal_admin.get(response.headers["location"]).text
    assert "erased for good" in listing and "Erin Erased" not in listing
    gone = admin.get(f"/api/candidates/{candidate['id']}")
    assert gone.json()["error"]["code"] == "erased"


def test_a_recruiter_cannot_erase_from_the_portal(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Rhea Recruited")
    response = portal_recruiter.post(f"/admin/candidates/{candidate['id']}/erase", {"reason": "no"})
    assert response.status_code == 403
    assert admin.get(f"/api/candidates/{candidate['id']}").status_code == 200


def test_an_erased_placement_shows_as_erased_candidate(
    portal_viewer: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Paula Placed")

    make_placement(admin, candidate_id=candidate["id"])
    admin.post(f"/api/candidates/{candidate['id']}/erase", json={"reason": "Request"})
    page = portal_viewer.get("/admin/placements").text
    assert "Erased candidate" in page and "Paula Placed" not in page
