"""Interviews and scorecards reach the event feed (and so webhooks) like every other change."""

from fastapi.testclient import TestClient

from tests.events.test_events import of_type, read_all
from tests.factories import make_job
from tests.interviews.conftest import VIEWER, schedule

CARD = {"recommendation": "yes", "ratings": {"Coding": 4}}


def test_scheduling_rescheduling_cancelling_and_scorecards_are_events(
    admin: TestClient, recruiter: TestClient, viewer: TestClient
) -> None:
    job = make_job(recruiter)
    scorecard = recruiter.put(
        f"/api/jobs/{job['id']}/scorecard", json={"attributes": [{"name": "Coding"}]}
    )
    assert scorecard.status_code == 200, scorecard.text
    interview = schedule(recruiter, job_id=job["id"], interviewers=[VIEWER])
    submitted = viewer.post(f"/api/interviews/{interview['id']}/scorecards", json=CARD)
    assert submitted.status_code == 201, submitted.text
    moved = recruiter.patch(
        f"/api/interviews/{interview['id']}",
        json={"starts_at": "2030-06-03T11:00:00", "ends_at": "2030-06-03T12:00:00"},
    )
    assert moved.status_code == 200, moved.text
    cancelled = recruiter.post(f"/api/interviews/{interview['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text

    found = read_all(
        admin,
        at_least=4,
        types=[
            "interview.scheduled",
            "interview.updated",
            "interview.cancelled",
            "scorecard.submitted",
        ],
    )
    [scheduled] = of_type(found, "interview.scheduled")
    assert scheduled["data"]["id"] == interview["id"]
    assert scheduled["data"]["interviewers"] == [VIEWER]
    [updated] = of_type(found, "interview.updated")
    assert updated["data"]["sequence"] == 1
    [gone] = of_type(found, "interview.cancelled")
    assert gone["data"]["status"] == "cancelled"
    [card] = of_type(found, "scorecard.submitted")
    assert card["data"]["interviewer"] == VIEWER
    assert card["data"]["recommendation"] == "yes"
