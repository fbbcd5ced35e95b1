"""The portal's merge: a Merge button per possible duplicate, a confirmation page with both
records side by side, then the merge and a word on the kept record's page."""

from fastapi.testclient import TestClient

from tests.factories import make_candidate
from tests.web.conftest import Portal


def _twins(admin: TestClient) -> tuple[dict, dict]:
    kept = make_candidate(
        admin, name="Jane Smith", email="jane@example.com", location="Leeds", skills=["Go"]
    )
    other = admin.post(
        "/api/candidates?allow_duplicate=true",
        json={
            "name": "Jane Smith",
            "email": "jane@example.com",
            "location": "York",
            "phone": "+44 20 7183 8750",
            "skills": ["Rust"],
        },
    ).json()["data"]
    note = admin.post(f"/api/candidates/{other['id']}/notes", json={"body": "Strong referee"})
    assert note.status_code == 201
    return kept, other


def test_merge_from_the_duplicates_list_through_the_confirmation_page(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    kept, other = _twins(admin)
    confirm_path = f"/admin/candidates/{kept['id']}/merge?other_id={other['id']}"

    page = portal_recruiter.get(f"/admin/candidates/{kept['id']}")
    assert f'href="{confirm_path}"' in page.text

    confirm = portal_recruiter.get(confirm_path)
    assert confirm.status_code == 200
    assert 'data-field="phone"' in confirm.text
    assert "filled from the other" in confirm.text
    assert "conflict: kept value stays" in confirm.text  # location: Leeds / York
    assert "Notes: <strong>1</strong>" in confirm.text
    assert f'name="other_id" value="{other["id"]}"' in confirm.text

    forged = portal_recruiter.client.post(
        f"/admin/candidates/{kept['id']}/merge", data={"other_id": other["id"]}
    )
    assert forged.status_code == 403  # no CSRF token
    # Neither looking nor a forged form changed anything.
    assert admin.get(f"/api/candidates/{other['id']}").status_code == 200
    done = portal_recruiter.post(f"/admin/candidates/{kept['id']}/merge", {"other_id": other["id"]})
    assert done.status_code == 303
    assert done.headers["location"] == f"/admin/candidates/{kept['id']}?merged={other['id']}"
    shown = portal_recruiter.get(done.headers["location"])
    assert f"Merged {other['id']} into this record" in shown.text
    assert "Possible duplicates" not in shown.text
    record = admin.get(f"/api/candidates/{kept['id']}").json()["data"]
    assert (record["location"], record["phone"]) == ("Leeds", "+44 20 7183 8750")
    assert record["skills"] == ["Go", "Rust"]
    assert admin.get(f"/api/candidates/{other['id']}").json()["error"]["code"] == "merged"


def test_viewer_sees_no_merge_button_and_cannot_merge(
    portal_viewer: Portal, admin: TestClient
) -> None:
    kept, other = _twins(admin)

    page = portal_viewer.get(f"/admin/candidates/{kept['id']}")
    assert "Possible duplicates" in page.text
    assert "/merge?other_id=" not in page.text
    confirm = portal_viewer.get(f"/admin/candidates/{kept['id']}/merge?other_id={other['id']}")
    assert confirm.status_code == 403
    refused = portal_viewer.post(f"/admin/candidates/{kept['id']}/merge", {"other_id": other["id"]})
    assert refused.status_code == 403
    assert admin.get(f"/api/candidates/{other['id']}").status_code == 200


def test_merging_a_record_already_merged_says_where_it_went(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    kept, other = _twins(admin)
    third = make_candidate(admin)
    merged = portal_recruiter.post(
        f"/admin/candidates/{kept['id']}/merge", {"other_id": other["id"]}
    )
    assert merged.status_code == 303

    again = portal_recruiter.get(f"/admin/candidates/{third['id']}/merge?other_id={other['id']}")

    assert again.status_code == 404
    assert f"was merged into {kept['id']}" in again.text
