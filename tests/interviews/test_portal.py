"""The candidate page's interviews: schedule (a clash shown on the form, or checked before
sending), from a job's pipeline card too, download the invite, cancel, and an interviewer's
scorecard form."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job
from tests.interviews.conftest import ADMIN, VIEWER, schedule
from tests.web.conftest import Portal


def _form(job_id: str, **fields: str) -> dict[str, str]:
    return {
        "job_id": job_id,
        "kind": "onsite",
        "starts_at": "2030-06-03T10:00",
        "ends_at": "2030-06-03T11:00",
        "timezone": "Europe/Berlin",
        "interviewers": f"{VIEWER}, {ADMIN}",
        "location": "Room 4",
    } | fields


def test_scheduling_from_the_candidate_page(portal_recruiter: Portal, admin: TestClient) -> None:
    job = make_job(admin, title="Platform Engineer")
    candidate = make_candidate(admin, name="Ida Interview")
    path = f"/admin/candidates/{candidate['id']}"
    assert "Schedule an interview" in portal_recruiter.get(path).text
    response = portal_recruiter.post(f"{path}/interviews", _form(job["id"]))
    assert response.status_code == 303, response.text
    page = portal_recruiter.get(path).text
    assert "Platform Engineer" in page and "2030-06-03 10:00" in page
    [interview] = admin.get("/api/interviews", params={"candidate_id": candidate["id"]}).json()[
        "data"
    ]
    assert interview["interviewers"] == [ADMIN, VIEWER]
    invite = portal_recruiter.get(f"/admin/interviews/{interview['id']}/invite.ics")
    assert invite.status_code == 200 and b"BEGIN:VEVENT" in invite.content
    cancel = portal_recruiter.post(f"/admin/interviews/{interview['id']}/cancel")
    assert cancel.status_code == 303
    assert admin.get(f"/api/interviews/{interview['id']}").json()["data"]["status"] == "cancelled"


def test_a_clash_and_bad_fields_are_shown_on_the_form(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    booked = schedule(admin, interviewers=[VIEWER])
    candidate = make_candidate(admin)
    path = f"/admin/candidates/{candidate['id']}/interviews"
    clash = portal_recruiter.post(path, _form(booked["job_id"]))
    assert clash.status_code == 409
    assert booked["id"] in clash.text and "Room 4" in clash.text
    assert "Schedule anyway" in clash.text and 'name="allow_overlap"' in clash.text
    bad = portal_recruiter.post(path, _form(booked["job_id"], timezone="Nowhere/Atlantis"))
    assert bad.status_code == 422 and "Unknown time zone" in bad.text
    anyway = portal_recruiter.post(path, _form(booked["job_id"], allow_overlap="1"))
    assert anyway.status_code == 303


def test_an_interviewer_submits_a_scorecard_from_the_page(
    portal_viewer: Portal, admin: TestClient
) -> None:
    job = make_job(admin)
    admin.put(f"/api/jobs/{job['id']}/scorecard", json={"attributes": [{"name": "Coding"}]})
    interview = schedule(admin, job_id=job["id"], interviewers=[VIEWER])
    page = portal_viewer.get(f"/admin/candidates/{interview['candidate_id']}").text
    assert "My scorecard" in page and "Schedule an interview" not in page
    response = portal_viewer.post(
        f"/admin/interviews/{interview['id']}/scorecard",
        {"recommendation": "strong_yes", "rating-0": "4", "notes": "Clear thinker"},
    )
    assert response.status_code == 303, response.text
    page = portal_viewer.get(f"/admin/candidates/{interview['candidate_id']}").text
    assert "Clear thinker" in page and "Edit my scorecard" in page
    again = portal_viewer.post(
        f"/admin/interviews/{interview['id']}/scorecard", {"recommendation": "yes"}
    )
    assert again.status_code == 303
    [for_job] = admin.get(f"/api/candidates/{interview['candidate_id']}/scorecards").json()["data"]
    assert [c["recommendation"] for c in for_job["scorecards"]] == ["yes"]


def test_the_job_edit_page_edits_the_scorecard(portal_recruiter: Portal, admin: TestClient) -> None:
    job = make_job(admin)
    path = f"/admin/jobs/{job['id']}/scorecard"
    saved = portal_recruiter.post(path, {"attributes": "System design: trade-offs\n\nCoding\n"})
    assert saved.status_code == 303, saved.text
    assert admin.get(f"/api/jobs/{job['id']}/scorecard").json()["data"]["attributes"] == [
        {"name": "System design", "description": "trade-offs"},
        {"name": "Coding", "description": None},
    ]
    page = portal_recruiter.get(f"/admin/jobs/{job['id']}/edit").text
    assert "System design: trade-offs\nCoding" in page
    twice = portal_recruiter.post(path, {"attributes": "Coding\ncoding"})
    assert twice.status_code == 422


def test_my_interviews_lists_upcoming_and_awaiting_my_scorecard(
    portal_viewer: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Uma Upcoming")
    upcoming = schedule(admin, candidate_id=candidate["id"])
    held = schedule(
        admin,
        starts_at=(datetime.now(UTC) - timedelta(days=2)).isoformat(),
        ends_at=(datetime.now(UTC) - timedelta(days=2, hours=-1)).isoformat(),
    )
    page = portal_viewer.get("/admin/interviews")
    assert page.status_code == 200
    awaiting, _, upcoming_part = page.text.partition('id="upcoming"')
    assert f"interview-{held['id']}" in awaiting
    assert f"interview-{upcoming['id']}" in upcoming_part and "Uma Upcoming" in upcoming_part
    portal_viewer.post(f"/admin/interviews/{held['id']}/scorecard", {"recommendation": "no"})
    assert f"interview-{held['id']}" not in portal_viewer.get("/admin/interviews").text


def test_scheduling_from_the_pipeline_card_returns_to_the_pipeline(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job = make_job(admin, title="Data Engineer")
    candidate = make_candidate(admin, name="Pia Pipeline", job_id=job["id"])
    new = f"/admin/candidates/{candidate['id']}/interviews/new?job_id={job['id']}"
    assert new.replace("&", "&amp;") in portal_recruiter.get(f"/admin/jobs/{job['id']}").text
    form = portal_recruiter.get(new)
    assert form.status_code == 200
    assert "Pia Pipeline" in form.text and 'name="back" value="pipeline"' in form.text
    assert f'<option value="{job["id"]}" selected>' in form.text
    path = f"/admin/candidates/{candidate['id']}/interviews"
    refused = portal_recruiter.post(
        path, _form(job["id"], ends_at="2030-06-03T09:00", back="pipeline")
    )
    assert refused.status_code == 422
    assert 'name="back" value="pipeline"' in refused.text and "after starts_at" in refused.text
    done = portal_recruiter.post(path, _form(job["id"], back="pipeline"))
    assert done.status_code == 303
    assert done.headers["location"] == f"/admin/jobs/{job['id']}#board"
    found = admin.get("/api/interviews", params={"candidate_id": candidate["id"]}).json()
    assert found["total"] == 1


def test_the_clash_check_before_sending(
    portal_recruiter: Portal, portal_viewer: Portal, admin: TestClient
) -> None:
    booked = schedule(admin, interviewers=[VIEWER])
    query = {
        "interviewers": f"{ADMIN}, {VIEWER.upper()}",
        "starts_at": "2030-06-03T10:30",
        "ends_at": "2030-06-03T11:30",
        "timezone": "Europe/Berlin",
    }
    clash = portal_recruiter.get("/admin/interviews/clashes", params=query)
    assert clash.status_code == 200
    assert booked["id"] in clash.text and VIEWER in clash.text and "Schedule anyway" in clash.text
    # The same wall-clock time elsewhere is another hour: no clash.
    later = portal_recruiter.get("/admin/interviews/clashes", params=query | {"timezone": "UTC"})
    assert later.status_code == 200 and booked["id"] not in later.text
    assert "Schedule anyway" not in later.text
    for broken in ({"timezone": "Nowhere/Atlantis"}, {"starts_at": "soon"}, {"interviewers": ""}):
        answer = portal_recruiter.get("/admin/interviews/clashes", params=query | broken)
        assert answer.status_code == 200 and "Schedule anyway" not in answer.text
    admin.post(f"/api/interviews/{booked['id']}/cancel")
    freed = portal_recruiter.get("/admin/interviews/clashes", params=query)
    assert "Schedule anyway" not in freed.text
    assert portal_viewer.get("/admin/interviews/clashes", params=query).status_code == 403
