"""Pipelines: a candidate in several jobs at once, each with its own stage and history."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.db import unit_of_work
from hiring.pipeline import service as pipeline
from tests.conftest import Persona
from tests.factories import assign, make_candidate, make_job

STAGES = ["applied", "screening", "interview", "offer", "hired", "rejected"]


def _stages(client: TestClient, job_id: str, **params: object) -> dict[str, str]:
    response = client.get(f"/api/jobs/{job_id}/candidates", params=params)
    assert response.status_code == 200, response.text
    return {c["candidate_id"]: c["stage"] for c in response.json()["data"]}


def _log(client: TestClient, path: str) -> list[dict]:
    return client.get(f"{path}/activities", params={"limit": 200}).json()["data"]


# Assign


def test_assign_puts_candidate_in_pipeline_at_applied(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    response = recruiter.post(
        f"/api/jobs/{job['id']}/candidates", json={"candidate_id": cand["id"]}
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["candidate_id"], data["stage"], data["assigned_by"]) == (
        cand["id"],
        "applied",
        "recruiter@example.com",
    )
    assert data["assignment_id"].startswith("asg_")
    assert _stages(recruiter, job["id"]) == {cand["id"]: "applied"}


def test_assign_at_a_given_stage_updates_the_candidate_mirror(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"], "interview")
    data = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert (data["job_id"], data["stage"]) == (job["id"], "interview")


def test_assign_twice_is_409(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"])
    again = recruiter.post(f"/api/jobs/{job['id']}/candidates", json={"candidate_id": cand["id"]})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


def test_assign_unknown_candidate_is_422_naming_the_field(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    response = recruiter.post(
        f"/api/jobs/{job['id']}/candidates", json={"candidate_id": "cand_nope"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "candidate_id"


def test_assign_validates_body(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    response = recruiter.post(
        f"/api/jobs/{job['id']}/candidates", json={"stage": "hired?", "extra": 1}
    )
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["error"]["details"]}
    assert fields == {"candidate_id", "stage", "extra"}


def test_assign_to_unknown_job_is_404(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter)
    response = recruiter.post("/api/jobs/job_nope/candidates", json={"candidate_id": cand["id"]})
    assert response.status_code == 404


def test_assign_logs_on_candidate_and_job(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"])
    assert _log(recruiter, f"/api/candidates/{cand['id']}")[0]["activity_type"] == "assigned"
    assert _log(recruiter, f"/api/jobs/{job['id']}")[0]["activity_type"] == "assigned"


# List and counts


def test_job_candidates_filter_by_stage_paginate_and_total(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    ids = [make_candidate(recruiter)["id"] for _ in range(3)]
    for cid in ids:
        assign(recruiter, job["id"], cid)
    recruiter.patch(f"/api/jobs/{job['id']}/candidates/{ids[0]}", json={"stage": "offer"})
    assert _stages(recruiter, job["id"], stage="offer") == {ids[0]: "offer"}
    page = recruiter.get(f"/api/jobs/{job['id']}/candidates", params={"limit": 2, "offset": 1})
    assert page.json()["total"] == 3 and len(page.json()["data"]) == 2
    assert (
        recruiter.get(f"/api/jobs/{job['id']}/candidates", params={"stage": "x"}).status_code == 422
    )


def test_job_candidates_of_unknown_job_is_404(recruiter: TestClient) -> None:
    assert recruiter.get("/api/jobs/job_nope/candidates").status_code == 404


def test_pipeline_counts_every_stage_with_zeros(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    empty = recruiter.get(f"/api/jobs/{job['id']}/pipeline").json()["data"]
    assert empty == {"job_id": job["id"], "total": 0, "stages": dict.fromkeys(STAGES, 0)}
    for stage in ("applied", "applied", "offer"):
        assign(recruiter, job["id"], make_candidate(recruiter)["id"], stage)
    data = recruiter.get(f"/api/jobs/{job['id']}/pipeline").json()["data"]
    assert data["total"] == 3
    assert data["stages"] == dict.fromkeys(STAGES, 0) | {"applied": 2, "offer": 1}
    assert recruiter.get("/api/jobs/job_nope/pipeline").status_code == 404


# Move


def test_move_changes_stage_and_logs_on_both(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"])
    response = recruiter.patch(
        f"/api/jobs/{job['id']}/candidates/{cand['id']}", json={"stage": "screening"}
    )
    assert response.status_code == 200
    assert response.json()["data"]["stage"] == "screening"
    for path in (f"/api/candidates/{cand['id']}", f"/api/jobs/{job['id']}"):
        latest = _log(recruiter, path)[0]
        assert latest["activity_type"] == "stage_change"
        assert latest["data"]["from"] == "applied" and latest["data"]["to"] == "screening"


def test_reject_keeps_the_reason_and_later_moves_clear_it(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"])
    path = f"/api/jobs/{job['id']}/candidates/{cand['id']}"
    rejected = recruiter.patch(path, json={"stage": "rejected", "rejection_reason": "No visa"})
    assert rejected.json()["data"]["rejection_reason"] == "No visa"
    assert _log(recruiter, f"/api/candidates/{cand['id']}")[0]["body"] == "No visa"
    reopened = recruiter.patch(path, json={"stage": "screening"})
    assert reopened.json()["data"]["rejection_reason"] is None


def test_rejection_reason_with_another_stage_is_422(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"])
    response = recruiter.patch(
        f"/api/jobs/{job['id']}/candidates/{cand['id']}",
        json={"stage": "offer", "rejection_reason": "why?"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "rejection_reason"


def test_move_of_unassigned_candidate_is_404(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    path = f"/api/jobs/{job['id']}/candidates/{cand['id']}"
    assert recruiter.patch(path, json={"stage": "offer"}).status_code == 404
    assert (
        recruiter.patch(f"/api/jobs/{job['id']}/candidates/x", json={"stage": "x"}).status_code
        == 422
    )


def test_stages_are_per_job(recruiter: TestClient) -> None:
    first, second, cand = make_job(recruiter), make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, first["id"], cand["id"])
    assign(recruiter, second["id"], cand["id"])
    recruiter.patch(f"/api/jobs/{first['id']}/candidates/{cand['id']}", json={"stage": "offer"})
    assert _stages(recruiter, first["id"]) == {cand["id"]: "offer"}
    assert _stages(recruiter, second["id"]) == {cand["id"]: "applied"}
    detail = recruiter.get(f"/api/jobs/{second['id']}").json()["data"]
    assert [(c["candidate_id"], c["stage"]) for c in detail["candidates"]] == [
        (cand["id"], "applied")
    ]


# Consistency with the candidate record


def test_candidate_created_with_job_id_is_in_that_pipeline(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    cand = make_candidate(recruiter, job_id=job["id"], stage="screening")
    assert _stages(recruiter, job["id"]) == {cand["id"]: "screening"}
    [entry] = recruiter.get(f"/api/candidates/{cand['id']}/jobs").json()["data"]
    assert (entry["job_id"], entry["stage"]) == (job["id"], "screening")


def test_viewer_reads_pipelines(recruiter: TestClient, viewer: TestClient) -> None:
    job = make_job(recruiter)
    cand = make_candidate(recruiter, job_id=job["id"])
    assert viewer.get(f"/api/jobs/{job['id']}/candidates").status_code == 200
    assert viewer.get(f"/api/jobs/{job['id']}/pipeline").status_code == 200
    assert viewer.get(f"/api/candidates/{cand['id']}/jobs").status_code == 200
    moved = viewer.patch(f"/api/jobs/{job['id']}/candidates/{cand['id']}", json={"stage": "offer"})
    assert moved.status_code == 403


def test_candidate_stage_patch_moves_its_current_assignment(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    cand = make_candidate(recruiter, job_id=job["id"])
    recruiter.patch(f"/api/candidates/{cand['id']}", json={"stage": "interview"})
    assert _stages(recruiter, job["id"]) == {cand["id"]: "interview"}


def test_candidate_list_filters_match_any_assignment(recruiter: TestClient) -> None:
    first, second, cand = make_job(recruiter), make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, first["id"], cand["id"], "offer")
    assign(recruiter, second["id"], cand["id"], "screening")

    def ids(**params: str) -> list[str]:
        return [c["id"] for c in recruiter.get("/api/candidates", params=params).json()["data"]]

    assert ids(job_id=first["id"]) == [cand["id"]]
    assert ids(job_id=second["id"]) == [cand["id"]]
    assert ids(stage="offer") == [cand["id"]]
    assert ids(stage="screening") == [cand["id"]]
    assert ids(stage="hired") == []


def test_unassign_resyncs_the_candidate_and_logs_on_both(recruiter: TestClient) -> None:
    first, second, cand = make_job(recruiter), make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, first["id"], cand["id"], "screening")
    assign(recruiter, second["id"], cand["id"], "offer")
    assert recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]["job_id"] == second["id"]

    response = recruiter.delete(f"/api/jobs/{second['id']}/candidates/{cand['id']}")
    assert response.status_code == 200
    data = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert (data["job_id"], data["stage"]) == (first["id"], "screening")
    assert _stages(recruiter, second["id"]) == {}
    assert _log(recruiter, f"/api/candidates/{cand['id']}")[0]["activity_type"] == "unassigned"
    assert _log(recruiter, f"/api/jobs/{second['id']}")[0]["activity_type"] == "unassigned"

    recruiter.delete(f"/api/jobs/{first['id']}/candidates/{cand['id']}")
    assert recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]["job_id"] is None


def test_unassign_when_not_assigned_is_404(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assert recruiter.delete(f"/api/jobs/{job['id']}/candidates/{cand['id']}").status_code == 404


# A candidate's jobs


def test_candidate_jobs_list_job_title_status_and_history(recruiter: TestClient) -> None:
    job, cand = make_job(recruiter, title="Data Engineer"), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"])
    recruiter.patch(f"/api/jobs/{job['id']}/candidates/{cand['id']}", json={"stage": "interview"})
    response = recruiter.get(f"/api/candidates/{cand['id']}/jobs")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    entry = body["data"][0]
    assert (entry["job_id"], entry["job_title"], entry["job_status"], entry["stage"]) == (
        job["id"],
        "Data Engineer",
        "open",
        "interview",
    )
    assert [(h["from_stage"], h["to_stage"], h["actor"]) for h in entry["history"]] == [
        (None, "applied", "recruiter@example.com"),
        ("applied", "interview", "recruiter@example.com"),
    ]
    assert recruiter.get("/api/candidates/cand_nope/jobs").status_code == 404


# Bulk


def test_bulk_move_moves_all(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    ids = [make_candidate(recruiter)["id"] for _ in range(3)]
    for cid in ids:
        assign(recruiter, job["id"], cid)
    response = recruiter.post(
        f"/api/jobs/{job['id']}/candidates/bulk", json={"candidate_ids": ids, "stage": "screening"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["total"] == 3
    assert _stages(recruiter, job["id"]) == dict.fromkeys(ids, "screening")
    job_log = _log(recruiter, f"/api/jobs/{job['id']}")
    assert sum(a["activity_type"] == "stage_change" for a in job_log) == 3


def test_bulk_move_is_all_or_nothing_with_per_id_errors(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    inside = make_candidate(recruiter)["id"]
    outside = make_candidate(recruiter)["id"]
    assign(recruiter, job["id"], inside)
    response = recruiter.post(
        f"/api/jobs/{job['id']}/candidates/bulk",
        json={"candidate_ids": [inside, outside, "cand_nope"], "stage": "offer"},
    )
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [d["field"] for d in details] == ["candidate_ids.1", "candidate_ids.2"]
    assert outside in details[0]["message"] and "cand_nope" in details[1]["message"]
    assert _stages(recruiter, job["id"]) == {inside: "applied"}


@pytest.mark.parametrize(
    "ids",
    [[], ["cand_a", "cand_a"], [f"cand_{n}" for n in range(201)]],
    ids=["empty", "duplicates", "201 ids"],
)
def test_bulk_move_refuses_bad_id_lists(recruiter: TestClient, ids: list[str]) -> None:
    job = make_job(recruiter)
    response = recruiter.post(
        f"/api/jobs/{job['id']}/candidates/bulk", json={"candidate_ids": ids, "stage": "offer"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "candidate_ids"


def test_bulk_move_accepts_200(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    response = recruiter.post(
        f"/api/jobs/{job['id']}/candidates/bulk",
        json={"candidate_ids": [f"cand_{n}" for n in range(200)], "stage": "offer"},
    )
    assert response.status_code == 422
    assert len(response.json()["error"]["details"]) == 200


# Concurrency


def _client(app: FastAPI, persona: Persona) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {persona.token}"})


def test_two_simultaneous_moves_through_http_are_both_logged(
    app: FastAPI, recruiter: TestClient, personas: dict[str, Persona]
) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"])
    path = f"/api/jobs/{job['id']}/candidates/{cand['id']}"
    start = threading.Barrier(2)

    def move(stage: str) -> int:
        client = _client(app, personas["recruiter"])
        start.wait(timeout=30)
        return client.patch(path, json={"stage": stage}).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(move, ["screening", "offer"])) == [200, 200]

    entry = recruiter.get(f"/api/candidates/{cand['id']}/jobs").json()["data"][0]
    moves = [(h["from_stage"], h["to_stage"]) for h in entry["history"]][1:]
    assert len(moves) == 2
    assert moves[0][0] == "applied" and moves[1][0] == moves[0][1]
    assert moves[1][1] == entry["stage"]


def test_two_sessions_moving_one_assignment_queue_on_the_row_lock(
    app: FastAPI, recruiter: TestClient
) -> None:
    job, cand = make_job(recruiter), make_candidate(recruiter)
    assign(recruiter, job["id"], cand["id"])
    start = threading.Barrier(2)

    def move(stage: str) -> None:
        start.wait(timeout=30)
        # Both sessions read the row unlocked, then move it: the lock in move() makes the
        # second wait and start from the stage the first one left.
        with unit_of_work(app.state.sessions) as session:
            assignment = pipeline.get_assignment(session, job["id"], cand["id"])
            pipeline.move(session, assignment, stage, actor="t@example.com")

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(move, ["interview", "rejected"]))

    entry = recruiter.get(f"/api/candidates/{cand['id']}/jobs").json()["data"][0]
    moves = [(h["from_stage"], h["to_stage"]) for h in entry["history"]][1:]
    assert sorted(to for _f, to in moves) == ["interview", "rejected"]
    assert moves[0][0] == "applied" and moves[1][0] == moves[0][1]
    candidate = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert candidate["stage"] == moves[1][1] == entry["stage"]
    log = _log(recruiter, f"/api/jobs/{job['id']}")
    assert sum(a["activity_type"] == "stage_change" for a in log) == 2
