"""The candidates table and the segment builder read filters as the API does."""

from fastapi.testclient import TestClient

from tests.factories import make_candidate
from tests.web.conftest import Portal


def test_a_refused_filter_is_left_out_with_a_word_and_the_others_still_apply(
    portal_viewer: Portal, recruiter: TestClient
) -> None:
    make_candidate(recruiter, name="Ada Berlin", location="Berlin")
    make_candidate(recruiter, name="Bob Lisbon", location="Lisbon")
    params = {"location": "berlin", "stage": "nowhere", "date_from": "yesterday"}
    for headers in ({}, {"X-Partial": "results"}):
        page = portal_viewer.get("/admin/candidates", params=params, headers=headers)
        assert page.status_code == 200
        assert "data-filter-errors" in page.text
        assert "Stage (" in page.text and "Date from (" in page.text
        assert "Ada Berlin" in page.text and "Bob Lisbon" not in page.text
    plain = portal_viewer.get("/admin/candidates", params={"location": "berlin"})
    assert "data-filter-errors" not in plain.text


def test_the_table_reads_the_api_parameters(portal_viewer: Portal, recruiter: TestClient) -> None:
    make_candidate(recruiter, name="Has Mail")
    recruiter.post("/api/candidates", json={"name": "No Mail"})
    page = portal_viewer.get("/admin/candidates", params={"has_email": "0"})
    assert "No Mail" in page.text and "Has Mail" not in page.text
    assert '<option value="0" selected>' in page.text


def test_the_builder_saves_dates_under_the_filter_names(
    portal_recruiter: Portal, recruiter: TestClient
) -> None:
    saved = portal_recruiter.post(
        "/admin/segments",
        {"name": "Since spring", "description": "", "archived": "", "date_from": "2026-03-01"},
    )
    assert saved.status_code == 303
    [segment] = recruiter.get("/api/candidate-segments").json()["data"]
    assert list(segment["filters"]) == ["created_from"]
    assert segment["filters"]["created_from"].startswith("2026-03-01")
    edit = portal_recruiter.get(saved.headers["location"])
    assert 'name="date_from"' in edit.text and 'value="2026-03-01"' in edit.text
    refused = portal_recruiter.post(
        "/admin/segments",
        {"name": "", "description": "", "archived": "", "date_from": "someday"},
    )
    assert refused.status_code == 422
    assert 'id="date_from-error"' in refused.text and 'id="name-error"' in refused.text
