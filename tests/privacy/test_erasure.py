"""Erasure: the person is gone for good; what the business must keep stays, anonymised."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hiring.candidates.models import RemovedCandidate
from hiring.db import unit_of_work
from tests.conftest import Persona
from tests.privacy.conftest import Person

ERASED = "Erased candidate"


def erase(client: TestClient, candidate_id: str, reason: str = "Request of 2026-12-01"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/candidates/{candidate_id}/erase", json={"reason": reason})


def test_after_erasure_the_id_answers_erased(admin: TestClient, person: Person) -> None:
    response = erase(admin, person.id)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["id"] == person.id
    for path in ("", "/notes", "/files", "/activities", "/export"):
        gone = admin.get(f"/api/candidates/{person.id}{path}")
        assert gone.status_code == 404, path
        assert gone.json()["error"]["code"] == "erased"
    assert (
        admin.get(f"/api/candidates/{person.id}/files/{person.file_id}/download").status_code == 404
    )


def test_the_erasure_is_recorded_without_personal_data(
    app: FastAPI, admin: TestClient, personas: dict[str, Persona], person: Person
) -> None:
    data = erase(admin, person.id, "Asked by email on 2026-12-01").json()["data"]
    assert data["erased_by"] == personas["admin"].user_id
    assert data["reason"] == "Asked by email on 2026-12-01"
    with unit_of_work(app.state.sessions, write=False) as session:
        record = session.scalar(select(RemovedCandidate).where(RemovedCandidate.id == person.id))
        assert record is not None and record.reason == "erased"
        assert record.removed_at is not None
    assert person.name not in str(data) and person.email not in str(data)
    audited = admin.get("/api/audit-log", params={"action": "candidate.erased"}).json()["data"]
    assert [entry["target_id"] for entry in audited] == [person.id]
    assert "Asked by email" not in str(audited) and person.name not in str(audited)


def test_placement_and_referral_stay_as_erased_candidate(admin: TestClient, person: Person) -> None:
    erase(admin, person.id)
    placement = admin.get(f"/api/placements/{person.placement_id}").json()["data"]
    assert placement["candidate_id"] is None
    assert placement["fee"] == "12000.00" and placement["salary"] == "85000.00"
    assert placement["notes"] == f"Placed {ERASED}"
    referral = admin.get(f"/api/referrals/{person.referral_id}").json()["data"]
    assert referral["candidate_id"] is None
    assert referral["referrer_name"] == "Rita Referrer"
    assert referral["bonus_amount"] == "500.00"
    assert person.name not in referral["notes"] and person.email not in referral["notes"]
    # The kept records can still be edited.
    moved = admin.patch(f"/api/referrals/{person.referral_id}", json={"status": "hired"})
    assert moved.status_code == 200, moved.text
    edited = admin.patch(f"/api/placements/{person.placement_id}", json={"status": "completed"})
    assert edited.status_code == 200, edited.text


def test_the_jobs_log_and_rankings_no_longer_name_the_person(
    admin: TestClient, person: Person
) -> None:
    before = admin.get(f"/api/jobs/{person.job_id}/activities", params={"limit": 200}).text
    assert person.name in before
    ranked = admin.get(f"/api/jobs/{person.job_id}/recommendations").text
    assert person.id in ranked

    erase(admin, person.id)
    log = admin.get(f"/api/jobs/{person.job_id}/activities", params={"limit": 200})
    assert log.status_code == 200
    assert person.name not in log.text and person.email not in log.text
    assert ERASED in log.text
    ranked = admin.get(f"/api/jobs/{person.job_id}/recommendations").text
    assert person.id not in ranked and person.name not in ranked


def test_search_and_counts_forget_the_person(admin: TestClient, person: Person) -> None:
    def found(q: str) -> int:
        return int(admin.get("/api/candidates", params={"search": q}).json()["total"])

    surname = person.name.split()[1]
    assert found(surname) == 1 and found(person.email) == 1
    total = admin.get("/api/candidates").json()["total"]
    in_job = admin.get(f"/api/jobs/{person.job_id}/pipeline").json()["data"]["total"]

    erase(admin, person.id)
    assert found(surname) == 0 and found(person.email) == 0
    assert admin.get("/api/candidates").json()["total"] == total - 1
    assert admin.get(f"/api/jobs/{person.job_id}/pipeline").json()["data"]["total"] == in_job - 1


def test_erasing_twice_is_harmless(admin: TestClient, person: Person) -> None:
    first = erase(admin, person.id, "First request").json()["data"]
    again = erase(admin, person.id, "Second request")
    assert again.status_code == 200
    assert again.json()["data"] == first


def test_only_an_admin_can_erase(
    recruiter: TestClient, viewer: TestClient, anon: TestClient, person: Person
) -> None:
    for client, status in ((recruiter, 403), (viewer, 403), (anon, 401)):
        response = erase(client, person.id)
        assert response.status_code == status
        assert response.json()["ok"] is False
    assert recruiter.get(f"/api/candidates/{person.id}").status_code == 200


def test_an_erasure_needs_a_reason(admin: TestClient, person: Person) -> None:
    for body in ({}, {"reason": "   "}, {"reason": "x", "extra": 1}):
        response = admin.post(f"/api/candidates/{person.id}/erase", json=body)
        assert response.status_code == 422, body
    assert admin.get(f"/api/candidates/{person.id}").status_code == 200


def test_erasing_an_unknown_id_is_404(admin: TestClient) -> None:
    response = erase(admin, "cand_nobody")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
