"""The calendar invite: what a calendar reads from it, read back with the icalendar library."""

from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.factories import make_candidate
from tests.interviews.conftest import ADMIN, RECRUITER, VIEWER, schedule


def _invite(client: TestClient, interview_id: str) -> Calendar:
    response = client.get(f"/api/interviews/{interview_id}/invite.ics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"].startswith("attachment")
    return Calendar.from_ical(response.content)


def test_the_invite_carries_the_event_its_people_and_its_time_zone(
    recruiter: TestClient, viewer: TestClient
) -> None:
    candidate = make_candidate(recruiter, name="Ada Quill", email="ada.quill@example.org")
    interview = schedule(
        recruiter,
        candidate_id=candidate["id"],
        interviewers=[VIEWER, ADMIN],
        location="Room 4, Alexanderplatz 1",
        notes="Internal: salary expectations high",
    )
    calendar = _invite(viewer, interview["id"])
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(interview["id"] + "@")
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    start = event["DTSTART"].dt
    assert (start.hour, str(start.tzinfo)) == (10, "Europe/Berlin")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    attendees = {str(a) for a in event["ATTENDEE"]}
    assert attendees == {f"mailto:{VIEWER}", f"mailto:{ADMIN}", "mailto:ada.quill@example.org"}
    assert str(event["ORGANIZER"]) == f"mailto:{RECRUITER}"
    assert event["LOCATION"] == "Room 4, Alexanderplatz 1"
    assert str(event["URL"]) == "https://meet.example.com/abc-defg"
    assert "Ada Quill" in event["SUMMARY"]
    assert b"salary" not in calendar.to_ical()


def test_a_reschedule_keeps_the_uid_and_bumps_the_sequence(recruiter: TestClient) -> None:
    interview = schedule(recruiter)
    first = _invite(recruiter, interview["id"]).walk("VEVENT")[0]
    recruiter.patch(
        f"/api/interviews/{interview['id']}",
        json={"starts_at": "2030-06-04T09:00:00", "ends_at": "2030-06-04T10:00:00"},
    )
    second = _invite(recruiter, interview["id"]).walk("VEVENT")[0]
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] == 1
    assert second["DTSTART"].dt.day == 4


def test_a_cancelled_interview_sends_a_cancellation(recruiter: TestClient) -> None:
    interview = schedule(recruiter)
    recruiter.post(f"/api/interviews/{interview['id']}/cancel")
    calendar = _invite(recruiter, interview["id"])
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_an_unknown_interview_has_no_invite(recruiter: TestClient, anon: TestClient) -> None:
    assert recruiter.get("/api/interviews/int_missing/invite.ics").status_code == 404
    assert anon.get("/api/interviews/int_missing/invite.ics").status_code == 401
