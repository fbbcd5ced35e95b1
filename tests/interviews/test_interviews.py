"""Scheduling interviews: the rules of each field, clashes, time zones, changes, lists."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import assign, make_candidate, make_job
from tests.interviews.conftest import (
    ADMIN,
    RECRUITER,
    VIEWER,
    activity_types,
    interview_body,
    schedule,
)


def test_scheduling_adds_the_candidate_at_interview_and_logs_it(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    candidate = make_candidate(recruiter)
    interview = schedule(
        recruiter, job_id=job["id"], candidate_id=candidate["id"], interviewers=[VIEWER, ADMIN]
    )
    assert interview["status"] == "scheduled"
    assert interview["interviewers"] == sorted([VIEWER, ADMIN])
    assert interview["organizer"] == RECRUITER
    assert interview["sequence"] == 0
    # 10:00 in Berlin in June (CEST, UTC+2).
    assert interview["starts_at"].startswith("2030-06-03T08:00:00")
    assert interview["local_starts_at"].startswith("2030-06-03T10:00:00+02:00")
    pipelines = recruiter.get(f"/api/candidates/{candidate['id']}/jobs").json()["data"]
    assert [(p["job_id"], p["stage"]) for p in pipelines] == [(job["id"], "interview")]
    assert "interview_scheduled" in activity_types(recruiter, candidate["id"])
    fetched = recruiter.get(f"/api/interviews/{interview['id']}").json()["data"]
    assert fetched == interview


def test_a_candidate_in_the_pipeline_keeps_their_stage(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    candidate = make_candidate(recruiter)
    assign(recruiter, job["id"], candidate["id"], "screening")
    schedule(recruiter, job_id=job["id"], candidate_id=candidate["id"])
    pipelines = recruiter.get(f"/api/candidates/{candidate['id']}/jobs").json()["data"]
    assert [p["stage"] for p in pipelines] == ["screening"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_at": "2030-06-03T09:00:00"}, "ends_at"),
        ({"ends_at": "2030-06-03T10:00:00"}, "ends_at"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"kind": "lunch"}, "kind"),
        ({"interviewers": []}, "interviewers"),
        ({"interviewers": ["not-an-email"]}, "interviewers.0"),
        ({"video_url": "javascript:alert(1)"}, "video_url"),
        ({"job_id": "job_missing"}, "job_id"),
        ({"candidate_id": "cand_missing"}, "candidate_id"),
        ({"starts_at": 0}, "starts_at"),
        ({"created_at": "2030-01-01T00:00:00Z"}, "created_at"),
        # Clocks in Berlin jump from 02:00 to 03:00 on 30 March 2031: 02:30 never happens.
        ({"starts_at": "2031-03-30T02:30:00", "ends_at": "2031-03-30T04:00:00"}, "starts_at"),
    ],
)
def test_invalid_fields_are_named(
    recruiter: TestClient, fields: dict[str, Any], field: str
) -> None:
    response = recruiter.post("/api/interviews", json=interview_body(recruiter, **fields))
    assert response.status_code == 422, response.text
    assert field in [d["field"] for d in response.json()["error"]["details"]]


def test_an_unknown_interviewer_is_named(recruiter: TestClient) -> None:
    body = interview_body(recruiter, interviewers=[VIEWER, "nobody@example.com"])
    response = recruiter.post("/api/interviews", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert "nobody@example.com" in error["message"]
    assert error["details"] == [
        {"field": "interviewers.1", "message": "nobody@example.com is not a user"}
    ]


def test_times_follow_the_time_zone_across_a_daylight_saving_change(
    recruiter: TestClient,
) -> None:
    """09:00 in Berlin is 08:00 UTC before the March change and 07:00 UTC after it."""
    before = schedule(recruiter, starts_at="2031-03-29T09:00:00", ends_at="2031-03-29T10:00:00")
    after = schedule(recruiter, starts_at="2031-03-31T09:00:00", ends_at="2031-03-31T10:00:00")
    assert before["starts_at"].startswith("2031-03-29T08:00:00")
    assert after["starts_at"].startswith("2031-03-31T07:00:00")
    assert before["local_starts_at"].startswith("2031-03-29T09:00:00+01:00")
    assert after["local_starts_at"].startswith("2031-03-31T09:00:00+02:00")
    # A time with an offset is that instant, whatever the zone.
    exact = schedule(
        recruiter,
        starts_at="2031-03-31T09:00:00Z",
        ends_at="2031-03-31T10:00:00Z",
        timezone="America/New_York",
    )
    assert exact["local_starts_at"].startswith("2031-03-31T05:00:00-04:00")


def test_an_interviewer_booked_then_is_a_conflict_naming_the_clash(
    recruiter: TestClient,
) -> None:
    first = schedule(recruiter, interviewers=[ADMIN])
    body = interview_body(
        recruiter,
        starts_at="2030-06-03T10:30:00",
        ends_at="2030-06-03T11:30:00",
        interviewers=[VIEWER, ADMIN],
    )
    response = recruiter.post("/api/interviews", json=body)
    assert response.status_code == 409
    error = response.json()["error"]
    assert ADMIN in error["message"] and first["id"] in error["message"]
    assert [d["field"] for d in error["details"]] == ["interviewers"]
    assert VIEWER not in error["message"]
    booked = recruiter.post("/api/interviews", json=body | {"allow_overlap": True})
    assert booked.status_code == 201


def test_back_to_back_and_cancelled_interviews_do_not_clash(recruiter: TestClient) -> None:
    first = schedule(recruiter)
    schedule(recruiter, starts_at="2030-06-03T11:00:00", ends_at="2030-06-03T12:00:00")
    assert recruiter.post(f"/api/interviews/{first['id']}/cancel").status_code == 200
    schedule(recruiter)


def test_rescheduling_bumps_the_sequence_and_logs_it(recruiter: TestClient) -> None:
    interview = schedule(recruiter)
    response = recruiter.patch(
        f"/api/interviews/{interview['id']}",
        json={"starts_at": "2030-06-04T14:00:00", "ends_at": "2030-06-04T15:00:00"},
    )
    assert response.status_code == 200, response.text
    moved = response.json()["data"]
    assert moved["sequence"] == 1
    assert moved["local_starts_at"].startswith("2030-06-04T14:00:00+02:00")
    assert "interview_rescheduled" in activity_types(recruiter, interview["candidate_id"])
    notes_only = recruiter.patch(f"/api/interviews/{interview['id']}", json={"notes": "Bring CV"})
    assert notes_only.json()["data"]["sequence"] == 1
    people = recruiter.patch(
        f"/api/interviews/{interview['id']}", json={"interviewers": [ADMIN, RECRUITER]}
    )
    assert people.json()["data"]["interviewers"] == [ADMIN, RECRUITER]
    assert people.json()["data"]["sequence"] == 2


def test_a_reschedule_onto_a_booked_interviewer_is_a_conflict(recruiter: TestClient) -> None:
    schedule(recruiter, starts_at="2030-06-05T10:00:00", ends_at="2030-06-05T11:00:00")
    interview = schedule(recruiter)
    change = {"starts_at": "2030-06-05T10:30:00", "ends_at": "2030-06-05T11:30:00"}
    response = recruiter.patch(f"/api/interviews/{interview['id']}", json=change)
    assert response.status_code == 409
    assert recruiter.get(f"/api/interviews/{interview['id']}").json()["data"]["sequence"] == 0
    bad = recruiter.patch(
        f"/api/interviews/{interview['id']}", json={"ends_at": "2030-06-03T09:00:00"}
    )
    assert bad.status_code == 422


def test_cancelling_keeps_the_interview_and_is_final(recruiter: TestClient) -> None:
    interview = schedule(recruiter)
    cancelled = recruiter.post(f"/api/interviews/{interview['id']}/cancel").json()["data"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["sequence"] == 1
    again = recruiter.post(f"/api/interviews/{interview['id']}/cancel").json()["data"]
    assert again["sequence"] == 1
    assert activity_types(recruiter, interview["candidate_id"]).count("interview_cancelled") == 1
    change = recruiter.patch(f"/api/interviews/{interview['id']}", json={"notes": "x"})
    assert change.status_code == 409


def test_moving_the_pipeline_on_keeps_the_interviews(recruiter: TestClient) -> None:
    interview = schedule(recruiter)
    move = recruiter.patch(
        f"/api/jobs/{interview['job_id']}/candidates/{interview['candidate_id']}",
        json={"stage": "offer"},
    )
    assert move.status_code == 200, move.text
    listed = recruiter.get("/api/interviews", params={"candidate_id": interview["candidate_id"]})
    assert [i["id"] for i in listed.json()["data"]] == [interview["id"]]


def test_the_list_filters_and_counts(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    candidate = make_candidate(recruiter)
    past = schedule(
        recruiter,
        job_id=job["id"],
        starts_at="2020-01-10T10:00:00",
        ends_at="2020-01-10T11:00:00",
    )
    soon = schedule(recruiter, job_id=job["id"], candidate_id=candidate["id"], interviewers=[ADMIN])
    later = schedule(recruiter, starts_at="2030-07-01T10:00:00", ends_at="2030-07-01T11:00:00")
    recruiter.post(f"/api/interviews/{later['id']}/cancel")

    def ids(**params: Any) -> list[str]:
        response = recruiter.get("/api/interviews", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == len(body["data"]) or params.get("limit") == 1
        return [i["id"] for i in body["data"]]

    assert ids() == [past["id"], soon["id"], later["id"]]
    assert ids(job_id=job["id"]) == [past["id"], soon["id"]]
    assert ids(candidate_id=candidate["id"]) == [soon["id"]]
    assert ids(interviewer=ADMIN.upper()) == [soon["id"]]
    assert ids(status="completed") == [past["id"]]
    assert ids(status="scheduled") == [soon["id"]]
    assert ids(status="cancelled") == [later["id"]]
    assert ids(date_from="2030-06-03", date_to="2030-06-03") == [soon["id"]]
    page = recruiter.get("/api/interviews", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and [i["id"] for i in page["data"]] == [soon["id"]]
    assert recruiter.get("/api/interviews", params={"status": "done"}).status_code == 422


def test_viewers_read_but_do_not_schedule(
    recruiter: TestClient, viewer: TestClient, anon: TestClient
) -> None:
    interview = schedule(recruiter)
    path = f"/api/interviews/{interview['id']}"
    assert viewer.post("/api/interviews", json=interview_body(recruiter)).status_code == 403
    assert viewer.patch(path, json={"notes": "x"}).status_code == 403
    assert viewer.post(f"{path}/cancel").status_code == 403
    assert viewer.get(path).status_code == 200
    assert viewer.get("/api/interviews").json()["total"] == 1
    assert anon.get("/api/interviews").status_code == 401
    assert recruiter.get("/api/interviews/int_missing").status_code == 404
