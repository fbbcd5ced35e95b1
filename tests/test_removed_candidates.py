"""A removed candidate's id answers 404 saying why: merged (and into whom) or erased."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.candidates import service as candidates
from hiring.candidates.models import RemovalReason
from hiring.candidates.removed import record_removal
from hiring.db import unit_of_work
from tests.factories import make_candidate


def _remove(app: FastAPI, candidate_id: str, reason: RemovalReason, into: str | None) -> None:
    with unit_of_work(app.state.sessions) as session:
        candidates.delete_candidate(session, candidate_id, app.state.storage)
        record_removal(session, candidate_id, reason, removed_by=None, merged_into=into)


def test_merged_id_names_the_kept_record(app: FastAPI, recruiter: TestClient) -> None:
    kept = make_candidate(recruiter)
    other = make_candidate(recruiter)
    _remove(app, other["id"], RemovalReason.merged, kept["id"])

    response = recruiter.get(f"/api/candidates/{other['id']}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "merged"
    assert error["details"][0]["merged_into"] == kept["id"]
    assert kept["id"] in error["message"]
    # The candidate's notes answer the same way.
    assert recruiter.get(f"/api/candidates/{other['id']}/notes").json()["error"]["code"] == "merged"


def test_a_chain_of_merges_points_at_the_last_record(app: FastAPI, recruiter: TestClient) -> None:
    first, second, last = (make_candidate(recruiter)["id"] for _ in range(3))
    _remove(app, first, RemovalReason.merged, second)
    _remove(app, second, RemovalReason.merged, last)

    error = recruiter.get(f"/api/candidates/{first}").json()["error"]
    assert error["details"][0]["merged_into"] == last


def test_erased_id_says_erased(app: FastAPI, recruiter: TestClient) -> None:
    gone = make_candidate(recruiter)["id"]
    _remove(app, gone, RemovalReason.erased, None)

    response = recruiter.get(f"/api/candidates/{gone}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "erased"
    assert recruiter.get("/api/candidates/cand_never").json()["error"]["code"] == "not_found"
