"""Scorecards: the job's attributes, each interviewer's feedback, and no anchoring."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_job
from tests.interviews.conftest import ADMIN, VIEWER, activity_types, schedule

ATTRIBUTES = [
    {"name": "System design", "description": "Trade-offs, scaling"},
    {"name": "Communication"},
]
CARD = {"recommendation": "yes", "ratings": {"System design": 3, "Communication": 4}}


def _job_with_scorecard(client: TestClient) -> dict:
    job = make_job(client)
    response = client.put(f"/api/jobs/{job['id']}/scorecard", json={"attributes": ATTRIBUTES})
    assert response.status_code == 200, response.text
    return job


def test_a_job_scorecard_is_set_and_read(recruiter: TestClient, viewer: TestClient) -> None:
    job = _job_with_scorecard(recruiter)
    read = viewer.get(f"/api/jobs/{job['id']}/scorecard").json()["data"]
    assert read["attributes"] == [
        {"name": "System design", "description": "Trade-offs, scaling"},
        {"name": "Communication", "description": None},
    ]
    replaced = recruiter.put(
        f"/api/jobs/{job['id']}/scorecard", json={"attributes": [{"name": "Coding"}]}
    )
    assert [a["name"] for a in replaced.json()["data"]["attributes"]] == ["Coding"]
    twice = {"attributes": [{"name": "Coding"}, {"name": "coding"}]}
    assert recruiter.put(f"/api/jobs/{job['id']}/scorecard", json=twice).status_code == 422
    blank = {"attributes": [{"name": "  "}]}
    assert recruiter.put(f"/api/jobs/{job['id']}/scorecard", json=blank).status_code == 422
    assert viewer.put(f"/api/jobs/{job['id']}/scorecard", json=twice).status_code == 403
    assert recruiter.get("/api/jobs/job_missing/scorecard").status_code == 404


def test_an_interviewer_submits_once_and_edits(recruiter: TestClient, viewer: TestClient) -> None:
    job = _job_with_scorecard(recruiter)
    interview = schedule(recruiter, job_id=job["id"], interviewers=[VIEWER])
    path = f"/api/interviews/{interview['id']}/scorecards"
    # A viewer on the panel submits: only interviewers do, whatever their role.
    submitted = viewer.post(path, json=CARD)
    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["data"]["interviewer"] == VIEWER
    assert viewer.post(path, json=CARD).status_code == 409
    edited = viewer.put(path, json=CARD | {"recommendation": "strong_yes", "notes": "Great"})
    assert edited.status_code == 200
    assert edited.json()["data"]["recommendation"] == "strong_yes"
    assert "scorecard_submitted" in activity_types(recruiter, interview["candidate_id"])
    # Not on the panel: whatever the role, no scorecard.
    assert recruiter.post(path, json=CARD).status_code == 403
    assert recruiter.put(path, json=CARD).status_code == 403


@pytest.mark.parametrize(
    ("card", "field"),
    [
        ({"recommendation": "maybe"}, "recommendation"),
        ({"recommendation": "yes", "ratings": {"System design": 5}}, "ratings.System design"),
        ({"recommendation": "yes", "ratings": {"System design": 0}}, "ratings.System design"),
        ({"recommendation": "yes", "ratings": {"Charisma": 2}}, "ratings.Charisma"),
        ({"recommendation": "yes", "score": 3}, "score"),
    ],
)
def test_invalid_scorecards_are_named(
    recruiter: TestClient, viewer: TestClient, card: dict, field: str
) -> None:
    job = _job_with_scorecard(recruiter)
    interview = schedule(recruiter, job_id=job["id"], interviewers=[VIEWER])
    response = viewer.post(f"/api/interviews/{interview['id']}/scorecards", json=card)
    assert response.status_code == 422, response.text
    assert field in [d["field"] for d in response.json()["error"]["details"]]


def test_scorecards_are_editable_for_a_week(recruiter: TestClient, viewer: TestClient) -> None:
    job = _job_with_scorecard(recruiter)
    ended = datetime.now(UTC) - timedelta(days=8)
    interview = schedule(
        recruiter,
        job_id=job["id"],
        starts_at=(ended - timedelta(hours=1)).isoformat(),
        ends_at=ended.isoformat(),
    )
    path = f"/api/interviews/{interview['id']}/scorecards"
    assert viewer.post(path, json=CARD).status_code == 201
    assert viewer.put(path, json=CARD).status_code == 409


def test_interviewers_see_the_others_only_after_submitting(
    recruiter: TestClient, viewer: TestClient, admin: TestClient
) -> None:
    job = _job_with_scorecard(recruiter)
    interview = schedule(recruiter, job_id=job["id"], interviewers=[VIEWER, ADMIN])
    candidate_id = interview["candidate_id"]
    path = f"/api/interviews/{interview['id']}/scorecards"
    assert admin.post(path, json=CARD | {"recommendation": "no"}).status_code == 201

    def seen(client: TestClient) -> dict:
        response = client.get(f"/api/candidates/{candidate_id}/scorecards")
        assert response.status_code == 200, response.text
        [for_job] = response.json()["data"]
        assert for_job["job_id"] == job["id"]
        return for_job

    blind = seen(viewer)
    assert (blind["scorecards"], blind["hidden"], blind["summary"]) == ([], 1, None)
    assert viewer.post(path, json=CARD).status_code == 201
    after = seen(viewer)
    assert {s["interviewer"] for s in after["scorecards"]} == {VIEWER, ADMIN}
    assert after["hidden"] == 0
    # Not on the panel: every scorecard and the summary.
    everything = seen(recruiter)
    assert everything["hidden"] == 0
    summary = everything["summary"]
    assert summary["recommendations"] == {"strong_no": 0, "no": 1, "yes": 1, "strong_yes": 0}
    assert summary["averages"] == {"System design": 3.0, "Communication": 4.0}


def test_an_admin_on_the_panel_is_blind_until_submitting(
    recruiter: TestClient, viewer: TestClient, admin: TestClient
) -> None:
    job = _job_with_scorecard(recruiter)
    interview = schedule(recruiter, job_id=job["id"], interviewers=[VIEWER, ADMIN])
    viewer.post(f"/api/interviews/{interview['id']}/scorecards", json=CARD)
    response = admin.get(f"/api/candidates/{interview['candidate_id']}/scorecards")
    [for_job] = response.json()["data"]
    assert (for_job["scorecards"], for_job["hidden"]) == ([], 1)


def test_a_cancelled_interview_takes_no_scorecard(
    recruiter: TestClient, viewer: TestClient
) -> None:
    interview = schedule(recruiter)
    recruiter.post(f"/api/interviews/{interview['id']}/cancel")
    path = f"/api/interviews/{interview['id']}/scorecards"
    assert viewer.post(path, json={"recommendation": "yes"}).status_code == 409
    assert viewer.post("/api/interviews/int_missing/scorecards", json=CARD).status_code == 403
    assert recruiter.get("/api/candidates/cand_missing/scorecards").status_code == 404
