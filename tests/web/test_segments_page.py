"""The portal's segments: list, builder with live preview, save, edit, delete, export."""

import csv
import io

from fastapi.testclient import TestClient

from tests.factories import make_candidate
from tests.web.conftest import Portal

BASE = {"name": "Berlin Python", "description": "", "archived": "exclude"}


def _people(recruiter: TestClient) -> dict[str, dict]:
    return {
        "ada": make_candidate(
            recruiter, name="Ada Berlin", location="Berlin", skills=["Python", "Go"], tags=["vip"]
        ),
        "bob": make_candidate(recruiter, name="Bob Lisbon", location="Lisbon", skills=["Python"]),
        "cy": make_candidate(recruiter, name="Cy Berlin", location="Berlin", skills=["Java"]),
    }


def test_live_preview_counts_and_lists_who_matches(
    portal_viewer: Portal, recruiter: TestClient
) -> None:
    _people(recruiter)
    page = portal_viewer.get(
        "/admin/segments/preview", params={"skills": "python", "location": "berlin"}
    )
    assert page.status_code == 200
    assert "data-total>1<" in page.text and "Ada Berlin" in page.text
    assert "Bob Lisbon" not in page.text and "Cy Berlin" not in page.text
    both = portal_viewer.get(
        "/admin/segments/preview", params={"skills": "python, go", "skills_mode": "all"}
    )
    assert "data-total>1<" in both.text and "Ada Berlin" in both.text


def test_preview_names_a_bad_filter_instead_of_failing(portal_viewer: Portal) -> None:
    page = portal_viewer.get("/admin/segments/preview", params={"stage": "nowhere"})
    assert page.status_code == 200
    assert 'data-preview-error="stage"' in page.text


def test_save_a_segment_then_see_it_listed_with_its_count(
    portal_recruiter: Portal, recruiter: TestClient
) -> None:
    _people(recruiter)
    saved = portal_recruiter.post(
        "/admin/segments", BASE | {"skills": "Python", "location": "Berlin", "stage": "applied"}
    )
    assert saved.status_code == 303
    segment = recruiter.get("/api/candidate-segments").json()["data"][0]
    assert segment["name"] == "Berlin Python"
    assert segment["filters"] == {"skills": ["Python"], "location": "Berlin", "stage": ["applied"]}
    listing = portal_recruiter.get("/admin/segments")
    assert "Berlin Python" in listing.text and "data-members>1<" in listing.text
    edit = portal_recruiter.get(saved.headers["location"])
    assert 'value="Python"' in edit.text and "Segment saved." in edit.text
    assert 'value="applied" checked' in edit.text


def test_errors_show_next_to_fields_and_keep_what_was_typed(portal_recruiter: Portal) -> None:
    page = portal_recruiter.post(
        "/admin/segments", BASE | {"name": "", "skills": "Rust, Elixir", "rating_min": "9"}
    )
    assert page.status_code == 422
    assert 'id="name-error"' in page.text and 'id="rating_min-error"' in page.text
    assert 'value="Rust, Elixir"' in page.text


def test_a_taken_name_is_refused_beside_the_name(portal_recruiter: Portal) -> None:
    assert portal_recruiter.post("/admin/segments", BASE).status_code == 303
    again = portal_recruiter.post("/admin/segments", BASE | {"location": "Lisbon"})
    assert again.status_code == 422
    assert 'id="name-error"' in again.text and "already exists" in again.text
    assert 'value="Lisbon"' in again.text


def test_edit_replaces_the_filters_and_delete_removes_the_segment(
    portal_recruiter: Portal, recruiter: TestClient
) -> None:
    path = (
        portal_recruiter.post("/admin/segments", BASE | {"skills": "Python"})
        .headers["location"]
        .split("?")[0]
    )
    changed = portal_recruiter.post(path, BASE | {"name": "Tagged", "tags": "vip"})
    assert changed.status_code == 303
    [segment] = recruiter.get("/api/candidate-segments").json()["data"]
    assert (segment["name"], segment["filters"]) == ("Tagged", {"tags": ["vip"]})
    assert portal_recruiter.post(f"{path}/delete").status_code == 303
    assert recruiter.get("/api/candidate-segments").json()["data"] == []


def test_export_downloads_the_members_as_csv(portal_viewer: Portal, recruiter: TestClient) -> None:
    _people(recruiter)
    created = recruiter.post(
        "/api/candidate-segments", json={"name": "Berliners", "filters": {"location": "berlin"}}
    ).json()["data"]
    response = portal_viewer.get(f"/admin/segments/{created['id']}/export.csv")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["name"] for r in rows) == ["Ada Berlin", "Cy Berlin"]


def test_viewer_sees_no_save_controls_and_is_refused(
    portal_viewer: Portal, recruiter: TestClient
) -> None:
    created = recruiter.post("/api/candidate-segments", json={"name": "All"}).json()["data"]
    page = portal_viewer.get(f"/admin/segments/{created['id']}")
    assert page.status_code == 200
    assert "Save changes" not in page.text and "/delete" not in page.text
    assert portal_viewer.get("/admin/segments/new").status_code == 403
    assert portal_viewer.post("/admin/segments", BASE).status_code == 403
    assert portal_viewer.post(f"/admin/segments/{created['id']}/delete").status_code == 403
    assert len(recruiter.get("/api/candidate-segments").json()["data"]) == 1


def test_saving_without_the_csrf_token_is_refused(portal_recruiter: Portal) -> None:
    response = portal_recruiter.client.post("/admin/segments", data=BASE)
    assert response.status_code == 403


def test_unknown_segment_is_a_404_page(portal_viewer: Portal) -> None:
    assert portal_viewer.get("/admin/segments/seg_nope").status_code == 404


def test_the_list_is_paged_so_few_segments_are_counted_at_once(
    portal_viewer: Portal, recruiter: TestClient
) -> None:
    for n in range(26):
        body = {"name": f"Segment {n:02d}", "filters": {"location": "berlin"}}
        assert recruiter.post("/api/candidate-segments", json=body).status_code == 201
    first = portal_viewer.get("/admin/segments")
    assert first.text.count("data-members>") == 25 and 'rel="next"' in first.text
    second = portal_viewer.get("/admin/segments", params={"page": 2})
    assert second.text.count("data-members>") == 1 and "Segment 25" in second.text
