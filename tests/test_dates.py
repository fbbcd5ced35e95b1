"""Dates and datetimes are ISO 8601 text, as the API documents them: a number is not a date."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job


@pytest.mark.parametrize("value", ["0", "1700000000", "-5", "1.5"])
def test_numbers_are_not_date_filters(recruiter: TestClient, value: str) -> None:
    for path, param in (
        ("/api/placements", "date_to"),
        ("/api/placements", "date_from"),
        ("/api/candidates", "date_from"),
        ("/api/candidates", "updated_from"),
    ):
        response = recruiter.get(path, params={param: value})
        assert response.status_code == 422, (path, param, response.text)
        assert [d["field"] for d in response.json()["error"]["details"]] == [param]


@pytest.mark.parametrize("value", [0, 1_700_000_000, 1.5, True])
def test_numbers_are_not_dates_in_bodies(recruiter: TestClient, value: object) -> None:
    candidate = make_candidate(recruiter, name="Ada")
    job = make_job(recruiter, title="Engineer")
    placement = {"candidate_id": candidate["id"], "job_id": job["id"], "start_date": value}
    refused = [
        recruiter.post("/api/placements", json=placement),
        recruiter.patch(f"/api/candidates/{candidate['id']}", json={"archived_at": value}),
        recruiter.post(
            "/api/candidate-segments/preview", json={"filters": {"updated_from": value}}
        ),
    ]
    assert [r.status_code for r in refused] == [422, 422, 422]
    assert recruiter.get("/api/placements").json()["total"] == 0
    assert recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]["archived_at"] is None


def test_iso_dates_still_work(recruiter: TestClient) -> None:
    candidate = make_candidate(recruiter, name="Ada")
    job = make_job(recruiter, title="Engineer")
    placement = {"candidate_id": candidate["id"], "job_id": job["id"], "start_date": "2026-03-01"}
    assert recruiter.post("/api/placements", json=placement).status_code == 201
    listed = recruiter.get("/api/placements", params={"date_from": "2026-02-28"}).json()
    assert listed["total"] == 1
    archived = recruiter.patch(
        f"/api/candidates/{candidate['id']}", json={"archived_at": "2026-03-02T10:00:00Z"}
    )
    assert archived.status_code == 200
    assert archived.json()["data"]["archived_at"].startswith("2026-03-02T10:00:00")
