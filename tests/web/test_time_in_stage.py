"""Pipeline cards say how long each candidate has been in their stage."""

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from hiring.db import unit_of_work, utcnow
from hiring.pipeline.models import Assignment, StageChange
from tests.factories import assign, make_candidate, make_job
from tests.web.conftest import Portal


def test_cards_show_time_since_the_last_move(
    app: FastAPI, recruiter: TestClient, portal_recruiter: Portal
) -> None:
    job = make_job(recruiter)
    added = make_candidate(recruiter, name="Added Long Ago")
    moved = make_candidate(recruiter, name="Moved Lately")
    assign(recruiter, job["id"], added["id"], stage="screening")
    assign(recruiter, job["id"], moved["id"], stage="applied")
    with unit_of_work(app.state.sessions) as session:
        session.execute(update(Assignment).values(created_at=utcnow() - timedelta(days=20)))
        session.execute(update(StageChange).values(created_at=utcnow() - timedelta(days=20)))
    response = recruiter.patch(
        f"/api/jobs/{job['id']}/candidates/{moved['id']}", json={"stage": "interview"}
    )
    assert response.status_code == 200
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            update(StageChange)
            .where(StageChange.to_stage == "interview")
            .values(created_at=utcnow() - timedelta(days=3))
        )

    page = portal_recruiter.get(f"/admin/jobs/{job['id']}", headers={"accept-language": "en"})
    assert "3 days in interview" in page.text
    assert "3 weeks in screening" in page.text
