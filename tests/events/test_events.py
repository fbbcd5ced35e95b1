"""The events outbox and feed: written with the change or not at all, every type, read in a
safe order with a cursor, scrubbed when the person is erased, pruned when old."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from hiring.auth.models import User
from hiring.candidates import service as candidates
from hiring.candidates.models import Origin
from hiring.candidates.schemas import CandidateCreate
from hiring.db import unit_of_work, utcnow
from hiring.events import service as events
from hiring.events.models import Event
from tests.events.feed import of_type, read_all
from tests.factories import make_candidate, make_job, make_placement

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_rolled_back_change_writes_no_event(app: FastAPI, recruiter: TestClient) -> None:
    refused = recruiter.post("/api/candidates", json={"name": "Ann", "job_id": "job_missing"})
    assert refused.status_code == 422
    with pytest.raises(RuntimeError), unit_of_work(app.state.sessions) as session:
        user = session.scalars(select(User)).first()
        data = CandidateCreate(name="Rolled Back")
        candidates.create_candidate(session, data, user, origin=Origin.api)
        raise RuntimeError("the request failed after the change")
    with unit_of_work(app.state.sessions, write=False) as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 0
    make_candidate(recruiter, name="Kept")
    assert [e["type"] for e in read_all(recruiter, 1)] == ["candidate.created"]


def test_every_change_writes_its_event_with_the_api_shape(
    admin: TestClient, recruiter: TestClient, anon: TestClient
) -> None:
    job = make_job(recruiter, title="Data Engineer")
    recruiter.patch(f"/api/jobs/{job['id']}", json={"title": "Senior Data Engineer"})
    recruiter.patch(f"/api/jobs/{job['id']}", json={"status": "on_hold"})
    recruiter.patch(f"/api/jobs/{job['id']}", json={"status": "open"})
    cand = make_candidate(recruiter, name="Ann Lee", job_id=job["id"])
    updated = recruiter.patch(f"/api/candidates/{cand['id']}", json={"current_title": "Engineer"})
    moved = recruiter.patch(f"/api/candidates/{cand['id']}", json={"stage": "screening"})
    assert (updated.status_code, moved.status_code) == (200, 200)
    note = recruiter.post(f"/api/candidates/{cand['id']}/notes", json={"body": "Strong"})
    upload = recruiter.post(
        f"/api/candidates/{cand['id']}/files", files={"file": ("cv.pdf", PDF)}, data={}
    )
    assert (note.status_code, upload.status_code) == (201, 201), upload.text
    placement = make_placement(
        recruiter, job_id=job["id"], candidate_id=cand["id"], start_date="2026-03-01"
    )
    recruiter.patch(f"/api/placements/{placement['id']}", json={"notes": "Signed"})
    referral = recruiter.post(
        "/api/referrals",
        json={"referrer_name": "Paula", "referrer_email": "p@example.com", "name": "Bo Ray"},
    )
    assert referral.status_code == 201, referral.text
    applied = anon.post(
        f"/api/jobs/public/{job['id']}/apply", json={"name": "Cy Vo", "email": "cy@example.com"}
    )
    assert applied.status_code == 201
    other = make_candidate(recruiter, name="Ann Lee (2)")
    merged = recruiter.post(f"/api/candidates/{cand['id']}/merge", json={"other_id": other["id"]})
    assert merged.status_code == 200, merged.text
    recruiter.patch(f"/api/candidates/{cand['id']}", json={"archived_at": "2026-12-01T00:00:00Z"})
    erased = admin.post(f"/api/candidates/{other['id']}/erase", json={"reason": "asked"})
    assert erased.status_code in (200, 404)  # merged away: erase the kept record instead
    gone = admin.post(f"/api/candidates/{cand['id']}/erase", json={"reason": "asked"})
    assert gone.status_code == 200, gone.text

    found = read_all(admin, 20)
    # Interviews' own events: tests/interviews/test_interview_events.py.
    interviews = {t for t in events.EVENT_TYPES if t.startswith(("interview.", "scorecard."))}
    assert {e["type"] for e in found} == set(events.EVENT_TYPES) - interviews
    assert all(set(e) == {"id", "type", "created_at", "data"} for e in found)
    [status] = [e for e in of_type(found, "job.status_changed") if e["data"]["status"] == "on_hold"]
    assert status["data"]["status_change"] == {
        "from": "open",
        "to": "on_hold",
        "by": "recruiter@example.com",
    }
    assert of_type(found, "job.updated")[0]["data"]["title"] == "Senior Data Engineer"
    assert of_type(found, "job.created")[0]["data"]["id"] == job["id"]
    assert of_type(found, "referral.created")[0]["data"]["referrer_name"] == "Paula"
    cy = of_type(found, "application.created")[0]["data"]
    assert cy["job_id"] == job["id"] and cy["id"].startswith("app")
    # The erased person's events keep only ids; the erasure itself says only who.
    for event in found:
        assert "Ann Lee" not in str(event["data"])
    assert of_type(found, "candidate.erased")[-1]["data"] == {"id": cand["id"]}


def test_events_carry_the_api_response_and_the_stage_move(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    cand = make_candidate(recruiter, name="Dee Kay", job_id=job["id"])
    recruiter.patch(f"/api/candidates/{cand['id']}", json={"stage": "interview"})
    found = read_all(recruiter, 3)
    created = of_type(found, "candidate.created")[0]["data"]
    # The candidate as the list and the API's bodies give it (the detail adds its timeline).
    assert created == {key: cand[key] for key in created}
    assert len(created) > 20
    moved = of_type(found, "candidate.stage_changed")[0]["data"]
    assert moved["id"] == cand["id"] and moved["stage"] == "interview"
    assert moved["stage_change"] == {
        "job_id": job["id"],
        "from": "applied",
        "to": "interview",
        "by": "recruiter@example.com",
    }


def test_the_cursor_pages_through_every_event_once_in_order(recruiter: TestClient) -> None:
    made = [make_candidate(recruiter)["id"] for _ in range(5)]
    make_job(recruiter)
    read_all(recruiter, 6)
    seen: list[str] = []
    cursor = events.START
    for _ in range(10):
        page = recruiter.get("/api/events", params={"after": cursor, "limit": 2}).json()["data"]
        if not page["events"]:
            break
        assert len(page["events"]) <= 2
        seen += [e["data"]["id"] for e in page["events"]]
        cursor = page["next_cursor"]
    assert seen[:5] == made and len(seen) == 6
    again = recruiter.get("/api/events", params={"after": cursor}).json()["data"]
    assert again == {"events": [], "next_cursor": cursor}
    jobs_only = recruiter.get("/api/events", params={"types": ["job.created"]}).json()["data"]
    assert [e["type"] for e in jobs_only["events"]] == ["job.created"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"after": "nonsense"}, "after"), ({"types": ["candidate.created", "nope"]}, "types")],
)
def test_bad_cursors_and_types_are_refused(
    viewer: TestClient, params: dict[str, str], field: str
) -> None:
    response = viewer.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"].startswith(field)


def test_the_feed_needs_a_signed_in_user(anon: TestClient) -> None:
    assert anon.get("/api/events").status_code == 401


def test_old_events_are_pruned(app: FastAPI, recruiter: TestClient) -> None:
    old, new = make_candidate(recruiter), make_candidate(recruiter)
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            update(Event)
            .where(Event.data["id"].as_string() == old["id"])
            .values(created_at=utcnow() - timedelta(days=31))
        )
    assert app.state.webhooks.prune() == 1
    assert [e["data"]["id"] for e in read_all(recruiter, 1)] == [new["id"]]
