"""Merging two records of one person: POST /api/candidates/:id/merge."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.candidates.models import Candidate
from hiring.db import unit_of_work, utcnow
from tests.factories import assign, make_candidate, make_job, make_placement
from tests.files.documents import pdf


def merge(client: TestClient, kept_id: str, other_id: str) -> httpx.Response:
    return client.post(f"/api/candidates/{kept_id}/merge", json={"other_id": other_id})


def merged(client: TestClient, kept_id: str, other_id: str) -> dict[str, Any]:
    response = merge(client, kept_id, other_id)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def upload(client: TestClient, candidate_id: str, name: str, content: bytes) -> str:
    response = client.post(
        f"/api/candidates/{candidate_id}/files",
        files={"file": (name, content)},
        data={"kind": "other"},
    )
    assert response.status_code == 201, response.text
    file_id: str = response.json()["data"]["id"]
    return file_id


def jobs_of(client: TestClient, candidate_id: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = client.get(f"/api/candidates/{candidate_id}/jobs").json()["data"]
    return data


def test_other_id_then_answers_merged_naming_the_kept_record(recruiter: TestClient) -> None:
    kept, other = make_candidate(recruiter), make_candidate(recruiter)

    data = merged(recruiter, kept["id"], other["id"])

    assert data["candidate"]["id"] == kept["id"]
    assert data["merged_id"] == other["id"]
    response = recruiter.get(f"/api/candidates/{other['id']}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "merged"
    assert error["details"][0]["merged_into"] == kept["id"]


def test_empty_fields_are_filled_and_filled_ones_kept_as_conflicts(recruiter: TestClient) -> None:
    kept = make_candidate(recruiter, name="Ada Lovelace", location="London", current_title=None)
    other = make_candidate(
        recruiter,
        name="Ada King",
        location="Paris",
        current_title="Analyst",
        phone="+44 20 7183 8750",
        rating=4,
    )

    data = merged(recruiter, kept["id"], other["id"])

    candidate = data["candidate"]
    assert candidate["name"] == "Ada Lovelace"
    assert candidate["location"] == "London"
    assert candidate["email"] == kept["email"]
    assert candidate["current_title"] == "Analyst"
    assert candidate["phone"] == "+44 20 7183 8750"
    assert candidate["rating"] == 4
    assert {"current_title", "phone", "rating"} <= set(data["filled"])
    conflicts = {c["field"]: (c["kept"], c["other"]) for c in data["conflicts"]}
    assert conflicts == {
        "name": ("Ada Lovelace", "Ada King"),
        "location": ("London", "Paris"),
        "email": (kept["email"], other["email"]),
    }


def test_labels_are_a_case_insensitive_union_kept_order_first(recruiter: TestClient) -> None:
    kept = make_candidate(recruiter, skills=["Python", "SQL"], tags=["vip"], languages=["English"])
    other = make_candidate(
        recruiter,
        skills=["sql", "Rust"],
        tags=["VIP", "remote"],
        languages=["french"],
        desired_roles=["Data Engineer"],
    )

    candidate = merged(recruiter, kept["id"], other["id"])["candidate"]

    assert candidate["skills"] == ["Python", "SQL", "Rust"]
    assert candidate["tags"] == ["vip", "remote"]
    assert candidate["languages"] == ["English", "french"]
    assert candidate["desired_roles"] == ["Data Engineer"]


def test_kept_record_is_as_old_as_the_older_and_the_merge_is_logged(
    recruiter: TestClient,
) -> None:
    other = make_candidate(recruiter)
    kept = make_candidate(recruiter)

    data = merged(recruiter, kept["id"], other["id"])

    assert data["candidate"]["created_at"] == other["created_at"]
    detail = recruiter.get(f"/api/candidates/{kept['id']}").json()["data"]
    logged = [a for a in detail["activities"] if a["activity_type"] == "merged"]
    assert len(logged) == 1
    assert other["id"] in logged[0]["title"]
    assert logged[0]["actor"] == "recruiter@example.com"
    assert logged[0]["data"]["merged_id"] == other["id"]
    assert logged[0]["data"]["merged_created_at"][:19] == other["created_at"][:19]
    assert logged[0]["data"]["kept_created_at"][:19] == kept["created_at"][:19]
    # The other record's own history came along.
    created = [a for a in detail["activities"] if a["activity_type"] == "created"]
    assert len(created) == 2


def test_notes_placements_referrals_move(recruiter: TestClient) -> None:
    kept, other = make_candidate(recruiter), make_candidate(recruiter)
    note = recruiter.post(f"/api/candidates/{other['id']}/notes", json={"body": "Met at PyCon"})
    assert note.status_code == 201, note.text
    placement = make_placement(recruiter, candidate_id=other["id"])
    referral = recruiter.post(
        "/api/referrals",
        json={
            "referrer_name": "Grace Hopper",
            "referrer_email": "grace@example.com",
            "candidate_id": other["id"],
        },
    )
    assert referral.status_code == 201, referral.text

    moved = merged(recruiter, kept["id"], other["id"])["moved"]

    assert moved["notes"] == 1
    assert moved["placements"] == 1
    assert moved["referrals"] == 1
    notes = recruiter.get(f"/api/candidates/{kept['id']}/notes").json()["data"]
    assert [n["body"] for n in notes] == ["Met at PyCon"]
    got = recruiter.get(f"/api/placements/{placement['id']}").json()["data"]
    assert got["candidate_id"] == kept["id"]
    referred = recruiter.get(f"/api/referrals/{referral.json()['data']['id']}").json()["data"]
    assert referred["candidate_id"] == kept["id"]


def test_files_move_and_the_same_bytes_are_kept_once(app: FastAPI, recruiter: TestClient) -> None:
    kept, other = make_candidate(recruiter), make_candidate(recruiter)
    kept_cv = upload(recruiter, kept["id"], "cv.txt", b"Ada's CV\n")
    upload(recruiter, other["id"], "cv-copy.txt", b"Ada's CV\n")
    portfolio = upload(recruiter, other["id"], "portfolio.txt", b"Engines\n")
    assert len(list(app.state.storage.keys())) == 3

    moved = merged(recruiter, kept["id"], other["id"])["moved"]

    assert (moved["files"], moved["duplicate_files"]) == (1, 1)
    listed = recruiter.get(f"/api/candidates/{kept['id']}/files").json()["data"]
    assert sorted(f["id"] for f in listed) == sorted([kept_cv, portfolio])
    # The duplicate's stored object went with it; the moved file still downloads.
    assert len(list(app.state.storage.keys())) == 2
    download = recruiter.get(f"/api/candidates/{kept['id']}/files/{portfolio}/download")
    assert download.content == b"Engines\n"


def test_an_application_keeps_its_resume_when_the_same_file_is_kept_once(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    resume = pdf(["Ann Lee", "Skills: Python, dbt"])
    applied = anon.post(
        f"/api/jobs/public/{job['id']}/apply",
        data={"name": "Ann Lee", "email": "ann@example.com"},
        files={"resume": ("cv.pdf", resume, "application/pdf")},
    )
    assert applied.status_code == 201, applied.text
    (other,) = recruiter.get("/api/candidates").json()["data"]
    kept = make_candidate(recruiter, name="Ann Lee")
    kept_cv = upload(recruiter, kept["id"], "ann.pdf", resume)

    moved = merged(recruiter, kept["id"], other["id"])["moved"]

    assert (moved["applications"], moved["duplicate_files"], moved["files"]) == (1, 1, 0)
    (application,) = recruiter.get(f"/api/candidates/{kept['id']}/applications").json()["data"]
    assert application["file_id"] == kept_cv


def test_enrichment_is_taken_when_the_kept_record_has_none(
    app: FastAPI, recruiter: TestClient
) -> None:
    kept, other = make_candidate(recruiter), make_candidate(recruiter)
    answer = {"source": "apollo", "matched": True, "data": {"title": "CTO"}, "changed": {}}
    with unit_of_work(app.state.sessions) as session:
        enriched = session.get_one(Candidate, other["id"])
        enriched.enrichment, enriched.enriched_at = answer, utcnow()

    data = merged(recruiter, kept["id"], other["id"])

    assert "enrichment" in data["filled"]
    assert data["candidate"]["enriched_at"] is not None
    detail = recruiter.get(f"/api/candidates/{kept['id']}").json()["data"]
    assert detail["enrichment"] == answer


def pair_in_one_job(
    client: TestClient, kept_stage: str | None, other_stage: str
) -> tuple[str, str, str]:
    """A job and two candidates, the other in its pipeline at ``other_stage`` and the kept one
    at ``kept_stage`` (None: not in it); their ids."""
    job = make_job(client)
    kept, other = make_candidate(client), make_candidate(client)
    if kept_stage is not None:
        assign(client, job["id"], kept["id"], kept_stage)
    assign(client, job["id"], other["id"], other_stage)
    return job["id"], kept["id"], other["id"]


def test_pipelines_in_one_job_become_one_at_the_further_stage_with_both_histories(
    recruiter: TestClient,
) -> None:
    job_id, kept_id, other_id = pair_in_one_job(recruiter, "screening", "applied")
    moved = recruiter.patch(
        f"/api/jobs/{job_id}/candidates/{other_id}", json={"stage": "interview"}
    )
    assert moved.status_code == 200, moved.text

    data = merged(recruiter, kept_id, other_id)

    assert data["moved"]["combined_pipelines"] == 1
    assert (data["candidate"]["job_id"], data["candidate"]["stage"]) == (job_id, "interview")
    (entry,) = jobs_of(recruiter, kept_id)
    assert entry["stage"] == "interview"
    moves = [(h["from_stage"], h["to_stage"]) for h in entry["history"]]
    assert (None, "screening") in moves  # the kept entry's own
    assert ("applied", "interview") in moves  # the dropped entry's, still readable
    assert moves[-1] == ("screening", "interview")  # the merge's move
    pipeline = recruiter.get(f"/api/jobs/{job_id}/pipeline").json()["data"]
    assert pipeline["total"] == 1


@pytest.mark.parametrize(
    ("kept_stage", "other_stage", "stage"),
    [
        ("rejected", "applied", "applied"),
        ("offer", "screening", "offer"),
        ("rejected", "hired", "hired"),
        ("hired", "rejected", "hired"),
    ],
)
def test_the_further_stage_wins_and_rejected_loses(
    recruiter: TestClient, kept_stage: str, other_stage: str, stage: str
) -> None:
    job_id, kept_id, other_id = pair_in_one_job(recruiter, kept_stage, other_stage)

    candidate = merged(recruiter, kept_id, other_id)["candidate"]

    assert (candidate["job_id"], candidate["stage"]) == (job_id, stage)
    assert [e["stage"] for e in jobs_of(recruiter, kept_id)] == [stage]


def test_pipelines_in_different_jobs_are_both_kept(recruiter: TestClient) -> None:
    first, second = make_job(recruiter), make_job(recruiter)
    kept, other = make_candidate(recruiter), make_candidate(recruiter)
    assign(recruiter, first["id"], kept["id"], "screening")
    assign(recruiter, second["id"], other["id"], "offer")

    data = merged(recruiter, kept["id"], other["id"])

    assert data["moved"]["pipelines"] == 1
    stages = {e["job_id"]: e["stage"] for e in jobs_of(recruiter, kept["id"])}
    assert stages == {first["id"]: "screening", second["id"]: "offer"}
    in_second = recruiter.get(f"/api/jobs/{second['id']}/candidates").json()["data"]
    assert [c["candidate_id"] for c in in_second] == [kept["id"]]


def test_a_candidate_without_pipelines_takes_the_others_job_and_stage(
    recruiter: TestClient,
) -> None:
    job_id, kept_id, other_id = pair_in_one_job(recruiter, None, "interview")

    candidate = merged(recruiter, kept_id, other_id)["candidate"]

    assert (candidate["job_id"], candidate["stage"]) == (job_id, "interview")
    listed = recruiter.get("/api/candidates", params={"job_id": job_id}).json()["data"]
    assert [c["id"] for c in listed] == [kept_id]


def test_search_and_counts_reflect_the_merge_at_once(recruiter: TestClient) -> None:
    kept = make_candidate(recruiter, name="Ada Lovelace", skills=["Python"])
    other = make_candidate(
        recruiter, name="Augusta Byron", email="augusta@example.net", skills=["Fortran"]
    )
    assert recruiter.get("/api/candidates").json()["total"] == 2

    merged(recruiter, kept["id"], other["id"])

    assert recruiter.get("/api/candidates").json()["total"] == 1
    for search in ("Augusta", "augusta@example.net"):
        found = recruiter.get("/api/candidates", params={"search": search}).json()
        assert [c["id"] for c in found["data"]] == [], search
    by_skill = recruiter.get("/api/candidates", params={"skills": "fortran"}).json()["data"]
    assert [c["id"] for c in by_skill] == [kept["id"]]
    preview = recruiter.post(
        "/api/candidate-segments/preview", json={"filters": {"skills": ["Fortran"]}}
    ).json()["data"]
    assert preview["total"] == 1
    assert [c["id"] for c in preview["candidates"]] == [kept["id"]]


def test_merging_with_itself_is_refused(recruiter: TestClient) -> None:
    kept = make_candidate(recruiter)

    response = merge(recruiter, kept["id"], kept["id"])

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "other_id"
    assert recruiter.get(f"/api/candidates/{kept['id']}").status_code == 200


def test_unknown_ids_are_404(recruiter: TestClient) -> None:
    kept = make_candidate(recruiter)

    unknown_other = merge(recruiter, kept["id"], "cand_nobody")
    unknown_kept = merge(recruiter, "cand_nobody", kept["id"])

    assert unknown_other.status_code == 404
    assert unknown_other.json()["error"]["code"] == "not_found"
    assert unknown_other.json()["error"]["details"][0]["field"] == "other_id"
    assert unknown_kept.status_code == 404
    assert recruiter.get(f"/api/candidates/{kept['id']}").status_code == 200


def test_an_already_merged_record_says_where_it_went(recruiter: TestClient) -> None:
    first, second, third = (make_candidate(recruiter) for _ in range(3))
    merged(recruiter, first["id"], second["id"])

    again = merge(recruiter, third["id"], second["id"])
    into_gone = merge(recruiter, second["id"], third["id"])

    assert again.status_code == 404
    error = again.json()["error"]
    assert error["code"] == "merged"
    assert error["details"][0] == {
        "field": "other_id",
        "message": f"Candidate {second['id']} was merged into {first['id']}",
        "merged_into": first["id"],
    }
    assert into_gone.status_code == 404
    assert into_gone.json()["error"]["code"] == "merged"
    assert into_gone.json()["error"]["details"][0]["merged_into"] == first["id"]
    assert recruiter.get(f"/api/candidates/{third['id']}").status_code == 200


def test_viewer_cannot_merge(recruiter: TestClient, viewer: TestClient) -> None:
    kept, other = make_candidate(recruiter), make_candidate(recruiter)

    response = merge(viewer, kept["id"], other["id"])

    assert response.status_code == 403
    assert recruiter.get(f"/api/candidates/{other['id']}").status_code == 200


def test_admin_can_merge(admin: TestClient) -> None:
    kept, other = make_candidate(admin), make_candidate(admin)

    assert merge(admin, kept["id"], other["id"]).status_code == 200


def test_concurrent_merges_of_a_pair_in_both_directions_one_wins(recruiter: TestClient) -> None:
    first, second = make_candidate(recruiter), make_candidate(recruiter)
    for candidate in (first, second):
        note = recruiter.post(
            f"/api/candidates/{candidate['id']}/notes", json={"body": f"About {candidate['id']}"}
        )
        assert note.status_code == 201

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(
            pool.map(
                lambda pair: merge(recruiter, *pair),
                [(first["id"], second["id"]), (second["id"], first["id"])],
            )
        )

    assert sorted(a.status_code for a in answers) == [200, 404]
    (won,) = [a for a in answers if a.status_code == 200]
    (lost,) = [a for a in answers if a.status_code == 404]
    kept_id = won.json()["data"]["candidate"]["id"]
    assert lost.json()["error"]["code"] == "merged"
    listed = recruiter.get("/api/candidates").json()
    assert [c["id"] for c in listed["data"]] == [kept_id]
    notes = recruiter.get(f"/api/candidates/{kept_id}/notes").json()["data"]
    assert sorted(n["body"] for n in notes) == sorted(
        [f"About {first['id']}", f"About {second['id']}"]
    )


def test_a_merge_is_in_the_audit_log(admin: TestClient, recruiter: TestClient) -> None:
    kept = make_candidate(recruiter, name="Audit Kept")
    other = make_candidate(recruiter, name="Audit Other")
    response = recruiter.post(f"/api/candidates/{kept['id']}/merge", json={"other_id": other["id"]})
    assert response.status_code == 200
    entries = admin.get("/api/audit-log", params={"action": "candidate.merged"}).json()["data"]
    assert [(e["target_id"], e["details"]) for e in entries] == [
        (kept["id"], {"merged_id": other["id"]})
    ]
    assert "Audit" not in str(entries)
