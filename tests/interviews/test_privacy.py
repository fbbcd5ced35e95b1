"""A person's interviews and scorecards in their access export, and gone with their erasure."""

import io
import json
import zipfile

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hiring.db import unit_of_work
from hiring.interviews.models import Interview, InterviewInterviewer, Scorecard
from tests.factories import make_candidate, make_job
from tests.interviews.conftest import VIEWER, schedule


def _interviewed(recruiter: TestClient, viewer: TestClient) -> dict:
    job = make_job(recruiter)
    recruiter.put(f"/api/jobs/{job['id']}/scorecard", json={"attributes": [{"name": "Coding"}]})
    interview = schedule(recruiter, job_id=job["id"], interviewers=[VIEWER], notes="Bring laptop")
    card = {"recommendation": "strong_yes", "ratings": {"Coding": 4}, "notes": "Sharp"}
    response = viewer.post(f"/api/interviews/{interview['id']}/scorecards", json=card)
    assert response.status_code == 201, response.text
    return interview


def test_the_export_holds_the_interviews_and_scorecards(
    recruiter: TestClient, viewer: TestClient
) -> None:
    interview = _interviewed(recruiter, viewer)
    response = recruiter.get(f"/api/candidates/{interview['candidate_id']}/export")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        person = json.loads(archive.read("person.json"))
    assert [(i["id"], i["notes"]) for i in person["interviews"]] == [
        (interview["id"], "Bring laptop")
    ]
    [scorecard] = person["scorecards"]
    assert (scorecard["interviewer"], scorecard["ratings"], scorecard["notes"]) == (
        VIEWER,
        {"Coding": 4},
        "Sharp",
    )


def test_erasure_removes_the_interviews_and_scorecards(
    app: FastAPI, recruiter: TestClient, viewer: TestClient, admin: TestClient
) -> None:
    interview = _interviewed(recruiter, viewer)
    erased = admin.post(
        f"/api/candidates/{interview['candidate_id']}/erase", json={"reason": "Asked on 1 May"}
    )
    assert erased.status_code == 200, erased.text
    assert recruiter.get(f"/api/interviews/{interview['id']}").status_code == 404
    with unit_of_work(app.state.sessions, write=False) as session:
        for model in (Interview, InterviewInterviewer, Scorecard):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_a_merge_moves_the_interviews_to_the_kept_record(
    recruiter: TestClient, viewer: TestClient
) -> None:
    interview = _interviewed(recruiter, viewer)
    kept = make_candidate(recruiter)
    response = recruiter.post(
        f"/api/candidates/{kept['id']}/merge", json={"other_id": interview["candidate_id"]}
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["moved"]["interviews"] == 1
    moved = recruiter.get(f"/api/interviews/{interview['id']}").json()["data"]
    assert moved["candidate_id"] == kept["id"]
    [for_job] = recruiter.get(f"/api/candidates/{kept['id']}/scorecards").json()["data"]
    assert len(for_job["scorecards"]) == 1
