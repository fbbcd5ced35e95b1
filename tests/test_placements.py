"""Placements: recording hires, their terms, and the pipeline move they cause."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import Persona
from tests.factories import assign, make_candidate, make_job, make_placement


def _ids(client: TestClient, **params: object) -> set[str]:
    response = client.get("/api/placements", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["data"])
    return {p["id"] for p in body["data"]}


def test_create_placement_keeps_fields_and_money_as_strings(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    data = make_placement(
        recruiter,
        job_id=job["id"],
        candidate_id=cand["id"],
        start_date="2026-03-01",
        end_date="2026-09-01",
        salary=85000,
        currency="eur",
        period="year",
        fee="12750.5",
        notes="Signed",
    )
    assert data["id"].startswith("plc_")
    assert (data["salary"], data["fee"], data["rate"]) == ("85000.00", "12750.50", None)
    assert (data["currency"], data["period"], data["status"]) == ("EUR", "year", "active")
    assert (data["start_date"], data["end_date"]) == ("2026-03-01", "2026-09-01")
    assert data["created_by"] == "recruiter@example.com"
    fetched = recruiter.get(f"/api/placements/{data['id']}").json()["data"]
    assert fetched == data


def test_create_placement_creates_the_assignment_at_hired(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    make_placement(recruiter, job_id=job["id"], candidate_id=cand["id"])
    listed = recruiter.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert [(c["candidate_id"], c["stage"]) for c in listed] == [(cand["id"], "hired")]


def test_create_placement_moves_an_existing_assignment_and_logs_both(
    recruiter: TestClient,
) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"], "offer")
    make_placement(recruiter, job_id=job["id"], candidate_id=cand["id"])
    record = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert (record["stage"], record["job_id"]) == ("hired", job["id"])
    for path in (f"/api/candidates/{cand['id']}", f"/api/jobs/{job['id']}"):
        kinds = [a["activity_type"] for a in recruiter.get(f"{path}/activities").json()["data"]]
        assert kinds[:2] == ["placement_created", "stage_change"]


def test_rate_with_hourly_period(recruiter: TestClient) -> None:
    data = make_placement(recruiter, salary=None, rate="95.5", period="hour")
    assert (data["rate"], data["salary"], data["period"]) == ("95.50", None, "hour")


def test_placement_without_pay_needs_no_period(recruiter: TestClient) -> None:
    data = make_placement(recruiter, salary=None, period=None)
    assert data["period"] is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": "2026-03-01"}, "end_date"),
        ({"end_date": "2026-02-01"}, "end_date"),
        ({"salary": "-1"}, "salary"),
        ({"salary": "1.234"}, "salary"),
        ({"salary": "NaN"}, "salary"),
        ({"rate": "-5"}, "rate"),
        ({"fee": -10}, "fee"),
        ({"salary": "1", "rate": "2"}, "rate"),
        ({"period": None}, "period"),
        ({"period": "week"}, "period"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "12$"}, "currency"),
        ({"status": "paused"}, "status"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"id": "plc_mine"}, "id"),
    ],
)
def test_placement_validation(recruiter: TestClient, fields: dict[str, object], field: str) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    body = {
        "job_id": job["id"],
        "candidate_id": cand["id"],
        "start_date": "2026-03-01",
        "salary": "85000",
        "period": "year",
    } | fields
    response = recruiter.post("/api/placements", json=body)
    assert response.status_code == 422, response.text
    assert field in {d["field"] for d in response.json()["error"]["details"]}
    assert recruiter.get("/api/placements").json()["total"] == 0


@pytest.mark.parametrize("field", ["job_id", "candidate_id"])
def test_placement_needs_existing_job_and_candidate(recruiter: TestClient, field: str) -> None:
    body = {
        "job_id": make_job(recruiter)["id"],
        "candidate_id": make_candidate(recruiter)["id"],
        "start_date": "2026-03-01",
    } | {field: "xyz_missing"}
    response = recruiter.post("/api/placements", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


def test_list_placements_filters(recruiter: TestClient) -> None:
    studios = make_job(recruiter, product="studios")
    labs = make_job(recruiter, product="labs")
    cand = make_candidate(recruiter)
    early = make_placement(recruiter, job_id=studios["id"], start_date="2026-01-10")
    late = make_placement(
        recruiter, job_id=labs["id"], candidate_id=cand["id"], start_date="2026-06-10"
    )
    recruiter.patch(f"/api/placements/{late['id']}", json={"status": "completed"})

    assert _ids(recruiter) == {early["id"], late["id"]}
    assert _ids(recruiter, job_id=studios["id"]) == {early["id"]}
    assert _ids(recruiter, candidate_id=cand["id"]) == {late["id"]}
    assert _ids(recruiter, status="completed") == {late["id"]}
    assert _ids(recruiter, status="active") == {early["id"]}
    assert _ids(recruiter, product="LABS") == {late["id"]}
    assert _ids(recruiter, date_from="2026-06-10") == {late["id"]}
    assert _ids(recruiter, date_to="2026-01-10") == {early["id"]}
    assert _ids(recruiter, date_from="2026-01-11", date_to="2026-06-09") == set()
    assert recruiter.get("/api/placements", params={"date_from": "soon"}).status_code == 422
    assert recruiter.get("/api/placements", params={"status": "x"}).status_code == 422


def test_list_placements_paginates_with_total(recruiter: TestClient) -> None:
    for day in ("01", "02", "03"):
        make_placement(recruiter, start_date=f"2026-01-{day}")
    page = recruiter.get("/api/placements", params={"limit": 2}).json()
    assert page["total"] == 3
    assert [p["start_date"] for p in page["data"]] == ["2026-01-03", "2026-01-02"]


def test_update_placement_checks_the_result_and_logs(recruiter: TestClient) -> None:
    data = make_placement(recruiter, start_date="2026-03-01")
    path = f"/api/placements/{data['id']}"
    assert recruiter.patch(path, json={"end_date": "2026-02-01"}).status_code == 422
    assert recruiter.patch(path, json={"rate": "50"}).status_code == 422
    assert recruiter.patch(path, json={"start_date": None}).status_code == 422
    assert recruiter.patch(path, json={"job_id": "job_x"}).status_code == 422
    changed = recruiter.patch(path, json={"status": "cancelled", "fee": "100"})
    assert changed.status_code == 200
    assert (changed.json()["data"]["status"], changed.json()["data"]["fee"]) == (
        "cancelled",
        "100.00",
    )
    log = recruiter.get(f"/api/jobs/{data['job_id']}/activities").json()["data"]
    assert {"placement_status", "placement_updated"} <= {a["activity_type"] for a in log}


def test_delete_placement(recruiter: TestClient) -> None:
    data = make_placement(recruiter)
    path = f"/api/placements/{data['id']}"
    assert recruiter.delete(path).status_code == 200
    assert recruiter.get(path).status_code == 404
    assert recruiter.delete(path).status_code == 404
    log = recruiter.get(f"/api/candidates/{data['candidate_id']}/activities").json()["data"]
    assert log[0]["activity_type"] == "placement_deleted"
    assert "stays at hired" in log[0]["title"]
    job_log = recruiter.get(f"/api/jobs/{data['job_id']}/activities").json()["data"]
    assert job_log[0]["activity_type"] == "placement_deleted"
    # The hire itself stands: the pipeline is still at hired.
    jobs = recruiter.get(f"/api/candidates/{data['candidate_id']}/jobs").json()["data"]
    assert [entry["stage"] for entry in jobs] == ["hired"]


def test_unknown_placement_is_404(recruiter: TestClient) -> None:
    assert recruiter.get("/api/placements/plc_nope").status_code == 404
    assert recruiter.patch("/api/placements/plc_nope", json={}).status_code == 404


def test_deleting_the_candidate_deletes_its_placements(recruiter: TestClient) -> None:
    data = make_placement(recruiter)
    recruiter.delete(f"/api/candidates/{data['candidate_id']}")
    assert recruiter.get(f"/api/placements/{data['id']}").status_code == 404


def test_nul_character_in_an_id_is_refused_not_a_server_error(recruiter: TestClient) -> None:
    response = recruiter.post(
        "/api/placements",
        json={"job_id": "\x00", "candidate_id": "\x00", "start_date": "2026-01-01"},
    )
    assert response.status_code == 422
    assert response.json()["ok"] is False


def test_simultaneous_placements_of_one_candidate_both_succeed(
    app: FastAPI, recruiter: TestClient, personas: dict[str, Persona]
) -> None:
    cand = make_candidate(recruiter)
    jobs = [make_job(recruiter)["id"] for _ in range(2)]
    start = threading.Barrier(2)

    def place(job_id: str) -> int:
        client = TestClient(app, headers={"Authorization": f"Bearer {personas['recruiter'].token}"})
        start.wait(timeout=30)
        body = {"job_id": job_id, "candidate_id": cand["id"], "start_date": "2026-03-01"}
        return client.post("/api/placements", json=body).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(place, jobs)) == [201, 201]
    entries = recruiter.get(f"/api/candidates/{cand['id']}/jobs").json()["data"]
    stages = {entry["job_id"]: entry["stage"] for entry in entries}
    assert stages == dict.fromkeys(jobs, "hired")
