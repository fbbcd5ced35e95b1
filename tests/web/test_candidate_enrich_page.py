"""The Enrich button on a candidate's page."""

from fastapi.testclient import TestClient

from tests.enrichment.conftest import apollo, apollo_server, use_apollo  # noqa: F401
from tests.factories import make_candidate
from tests.fakes.apollo import FakeApollo, person
from tests.web.conftest import Portal


def test_enrich_fills_missing_fields_and_says_so(
    portal_recruiter: Portal,
    admin: TestClient,
    apollo: FakeApollo,  # noqa: F811
) -> None:
    known = person(902, title="Head of Data")
    apollo.people.append(known)
    candidate = make_candidate(admin, name=known["name"], email=known["email"])
    page = f"/admin/candidates/{candidate['id']}"
    response = portal_recruiter.post(f"{page}/enrich")
    assert response.headers["location"] == f"{page}?enriched=matched"
    assert "Enriched: the empty fields" in portal_recruiter.get(response.headers["location"]).text
    detail = admin.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert detail["current_title"] == "Head of Data"


def test_enrich_without_apollo_changes_nothing_and_says_why(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin)
    page = f"/admin/candidates/{candidate['id']}"
    response = portal_recruiter.post(f"{page}/enrich")
    assert response.headers["location"] == f"{page}?enriched=unconfigured"
    assert "set APOLLO_API_KEY" in portal_recruiter.get(response.headers["location"]).text


def test_enrich_is_for_writers_with_the_csrf_token(
    portal_viewer: Portal, portal_recruiter: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin)
    page = f"/admin/candidates/{candidate['id']}"
    assert "/enrich" not in portal_viewer.get(page).text
    assert portal_viewer.post(f"{page}/enrich").status_code == 403
    assert portal_recruiter.client.post(f"{page}/enrich").status_code == 403
    assert '/enrich"' in portal_recruiter.get(page).text
