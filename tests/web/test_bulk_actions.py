"""Bulk actions on the candidates table: stage, tag, add to job, enrich; writers only."""

import httpx
from fastapi.testclient import TestClient

from tests.enrichment.conftest import apollo, apollo_server, use_apollo  # noqa: F401
from tests.factories import assign, make_candidate, make_job
from tests.fakes.apollo import FakeApollo, person
from tests.web.conftest import Portal

BULK = "/admin/candidates/bulk"


def _ids(*candidates: dict) -> list[tuple[str, str]]:
    return [("candidate_ids", c["id"]) for c in candidates]


def _post(portal: Portal, fields: list[tuple[str, str]]) -> httpx.Response:
    """A form post with repeated fields, as the table's check boxes send them."""
    data: dict[str, list[str]] = {"csrf_token": [portal.csrf]}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return portal.client.post(BULK, data=data)


def test_table_offers_row_boxes_and_the_bulk_form_to_writers(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Bea Bulk")
    html = portal_recruiter.get("/admin/candidates").text
    assert 'id="bulk"' in html
    assert f'name="candidate_ids" value="{candidate["id"]}" form="bulk"' in html
    assert 'aria-label="Select Bea Bulk"' in html


def test_move_stage_of_the_selected(portal_recruiter: Portal, admin: TestClient) -> None:
    job = make_job(admin)
    first = make_candidate(admin, job_id=job["id"])
    second, untouched = make_candidate(admin), make_candidate(admin)
    response = _post(
        portal_recruiter,
        [
            ("action", "stage"),
            ("stage", "interview"),
            *_ids(first, second),
            ("next", "/admin/candidates?source=direct"),
        ],
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/admin/candidates?source=direct&done=moved&count=2&of=2")
    stages = {c["id"]: c["stage"] for c in admin.get("/api/candidates").json()["data"]}
    assert (stages[first["id"]], stages[second["id"]], stages[untouched["id"]]) == (
        "interview",
        "interview",
        "applied",
    )
    board = admin.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert board[0]["stage"] == "interview"
    page = portal_recruiter.get(location).text
    assert "Moved 2 of 2 selected candidates." in page


def test_add_a_tag_keeps_existing_tags(portal_recruiter: Portal, admin: TestClient) -> None:
    tagged = make_candidate(admin, tags=["python"])
    plain = make_candidate(admin)
    response = _post(
        portal_recruiter, [("action", "tag"), ("tag", "priority"), *_ids(tagged, plain)]
    )
    assert "done=tagged&count=2" in response.headers["location"]
    tags = {c["id"]: c["tags"] for c in admin.get("/api/candidates").json()["data"]}
    assert tags[tagged["id"]] == ["python", "priority"]
    assert tags[plain["id"]] == ["priority"]


def test_add_to_job_skips_those_already_in_it(portal_recruiter: Portal, admin: TestClient) -> None:
    job = make_job(admin)
    inside, outside = make_candidate(admin), make_candidate(admin)
    assign(admin, job["id"], inside["id"], stage="offer")
    response = _post(
        portal_recruiter, [("action", "job"), ("job_id", job["id"]), *_ids(inside, outside)]
    )
    assert "done=added&count=1&of=2" in response.headers["location"]
    board = admin.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert sorted((c["candidate_id"], c["stage"]) for c in board) == sorted(
        [(inside["id"], "offer"), (outside["id"], "applied")]
    )


def test_enrich_the_selected(
    portal_recruiter: Portal,
    admin: TestClient,
    apollo: FakeApollo,  # noqa: F811
) -> None:
    known = person(901, title="Principal Engineer")
    apollo.people.append(known)
    candidate = make_candidate(admin, name=known["name"], email=known["email"])
    response = _post(portal_recruiter, [("action", "enrich"), *_ids(candidate)])
    assert "done=enriched&count=1&of=1" in response.headers["location"]
    detail = admin.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert detail["current_title"] == "Principal Engineer"


def test_enrich_without_apollo_says_so(portal_recruiter: Portal, admin: TestClient) -> None:
    candidate = make_candidate(admin)
    response = _post(portal_recruiter, [("action", "enrich"), *_ids(candidate)])
    assert "done=unconfigured" in response.headers["location"]
    assert "set APOLLO_API_KEY" in portal_recruiter.get(response.headers["location"]).text


def test_choices_the_action_needs_are_refused(portal_recruiter: Portal, admin: TestClient) -> None:
    candidate = make_candidate(admin)
    for fields, message in (
        ([("action", "stage"), ("stage", "limbo")], "Choose one of the stages"),
        ([("action", "tag"), ("tag", " ")], "Write the tag to add"),
        ([("action", "job"), ("job_id", "")], "Choose a job"),
        ([("action", "explode")], "Choose an action"),
    ):
        response = _post(portal_recruiter, [*fields, *_ids(candidate)])
        assert response.status_code == 422, fields
        assert message in response.text
    nothing = _post(portal_recruiter, [("action", "stage"), ("stage", "offer")])
    assert "Select at least one candidate" in nothing.text
    assert admin.get(f"/api/candidates/{candidate['id']}").json()["data"]["stage"] == "applied"


def test_a_refusal_shows_the_table_again_with_the_error_and_choices_kept(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    chosen = make_candidate(admin, name="Kim Kept", source="referral")
    make_candidate(admin, name="Dee Direct")
    response = _post(
        portal_recruiter,
        [
            ("action", "tag"),
            ("tag", "x" * 300),
            *_ids(chosen),
            ("next", "/admin/candidates?source=referral"),
        ],
    )
    assert response.status_code == 422
    assert 'id="tag-error"' in response.text
    assert 'value="' + "x" * 300 + '"' in response.text
    assert (
        f'value="{chosen["id"]}" form="bulk" aria-label="Select Kim Kept" checked' in response.text
    )
    # The table is the one she filtered.
    assert "Dee Direct" not in response.text
    assert admin.get(f"/api/candidates/{chosen['id']}").json()["data"]["tags"] == []


def test_one_unknown_id_changes_nobody(portal_recruiter: Portal, admin: TestClient) -> None:
    candidate = make_candidate(admin)
    fields = [("action", "stage"), ("stage", "offer"), *_ids(candidate), ("candidate_ids", "nope")]
    assert _post(portal_recruiter, fields).status_code == 404
    assert admin.get(f"/api/candidates/{candidate['id']}").json()["data"]["stage"] == "applied"


def test_viewer_gets_no_controls_and_is_refused(portal_viewer: Portal, admin: TestClient) -> None:
    candidate = make_candidate(admin)
    html = portal_viewer.get("/admin/candidates").text
    assert 'id="bulk"' not in html
    assert "candidate_ids" not in html
    refused = _post(portal_viewer, [("action", "tag"), ("tag", "x"), *_ids(candidate)])
    assert refused.status_code == 403
    assert admin.get(f"/api/candidates/{candidate['id']}").json()["data"]["tags"] == []


def test_bulk_needs_the_csrf_token(portal_recruiter: Portal, admin: TestClient) -> None:
    candidate = make_candidate(admin)
    forged = portal_recruiter.client.post(
        BULK, data={"action": "tag", "tag": "x", "candidate_ids": candidate["id"]}
    )
    assert forged.status_code == 403
    assert admin.get(f"/api/candidates/{candidate['id']}").json()["data"]["tags"] == []


def _latest(client: TestClient, candidate: dict) -> tuple:
    """The candidate's tags and latest activity, as a user sees them (ids and times aside)."""
    detail = client.get(f"/api/candidates/{candidate['id']}").json()["data"]
    act = detail["activities"][0]
    return detail["tags"], act["activity_type"], act["title"], act["actor"], act["data"]


def test_bulk_tagging_logs_and_validates_as_the_api_does(
    portal_recruiter: Portal, recruiter: TestClient
) -> None:
    by_portal = make_candidate(recruiter, tags=["python"])
    by_api = make_candidate(recruiter, tags=["python"])
    _post(portal_recruiter, [("action", "tag"), ("tag", "Priority"), *_ids(by_portal)])
    recruiter.patch(f"/api/candidates/{by_api['id']}", json={"tags": ["python", "Priority"]})
    assert _latest(recruiter, by_portal) == _latest(recruiter, by_api)
    assert _latest(recruiter, by_portal)[1:3] == ("updated", "Updated tags")
    # A tag the API refuses is refused beside the bulk field, with the API's message.
    refused = recruiter.patch(f"/api/candidates/{by_api['id']}", json={"tags": ["x" * 101]})
    assert refused.status_code == 422
    message = refused.json()["error"]["details"][0]["message"]
    page = _post(portal_recruiter, [("action", "tag"), ("tag", "x" * 101), *_ids(by_portal)])
    assert page.status_code == 422
    assert 'id="tag-error"' in page.text and message in page.text
    # Tagging again changes and logs nothing.
    again = _post(portal_recruiter, [("action", "tag"), ("tag", "PRIORITY"), *_ids(by_portal)])
    assert "done=tagged&count=0&of=1" in again.headers["location"]
    assert _latest(recruiter, by_portal) == _latest(recruiter, by_api)


def test_an_unknown_id_changes_nobody_whatever_the_action(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job = make_job(admin)
    candidate = make_candidate(admin)
    for fields in (
        [("action", "stage"), ("stage", "offer")],
        [("action", "tag"), ("tag", "vip")],
        [("action", "job"), ("job_id", job["id"])],
    ):
        # The unknown id comes first: nothing may change before it is found out.
        response = _post(portal_recruiter, [*fields, ("candidate_ids", "nope"), *_ids(candidate)])
        assert response.status_code == 404, fields
    detail = admin.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert (detail["stage"], detail["tags"], detail["job_id"]) == ("applied", [], None)
    assert admin.get(f"/api/jobs/{job['id']}/candidates").json()["data"] == []
