"""The stage filter: a candidate's own stage or any of their pipeline entries', through every
write that changes either (the stages are kept on the candidate for the facets index)."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hiring.candidates.models import Candidate
from hiring.candidates.stages import bits_with_any, stage_bits
from hiring.db import unit_of_work
from hiring.pipeline.models import Assignment
from tests.factories import assign, make_candidate, make_job


def _at(client: TestClient, *stages: str) -> set[str]:
    response = client.get("/api/candidates", params={"stage": list(stages), "limit": 200})
    assert response.status_code == 200, response.text
    return {c["name"] for c in response.json()["data"]}


def _bits_match_the_pipelines(app: FastAPI) -> None:
    """Every candidate's kept bits are their own stage's and their entries' as stored now."""
    with unit_of_work(app.state.sessions, write=False) as session:
        for candidate in session.scalars(select(Candidate)):
            entries = session.scalars(
                select(Assignment.stage).where(Assignment.candidate_id == candidate.id)
            )
            assert candidate.stage_bits == stage_bits([candidate.stage, *entries]), candidate.name


def test_bits_name_every_stage_set_that_includes_one_wanted() -> None:
    assert stage_bits(["screening", "interview"]) == stage_bits(["interview", "screening"])
    assert stage_bits(["nowhere"]) == 0
    with_screening = bits_with_any(["screening"])
    assert len(with_screening) == 32
    assert all(bits & stage_bits(["screening"]) for bits in with_screening)
    assert stage_bits(["applied", "interview"]) not in with_screening
    assert set(bits_with_any(["screening", "offer"])) > set(with_screening)


def test_any_pipeline_entry_counts_and_follows_moves_removals_and_deleted_jobs(
    app: FastAPI, admin: TestClient, recruiter: TestClient
) -> None:
    first, second = make_job(recruiter), make_job(recruiter)
    ada = make_candidate(recruiter, name="Ada")
    ben = make_candidate(recruiter, name="Ben")
    assign(recruiter, first["id"], ada["id"], "screening")
    assign(recruiter, second["id"], ada["id"], "interview")
    assert _at(recruiter, "screening") == {"Ada"}
    assert _at(recruiter, "interview") == {"Ada"}
    assert _at(recruiter, "applied") == {"Ben"}
    _bits_match_the_pipelines(app)

    moved = recruiter.patch(
        f"/api/jobs/{first['id']}/candidates/{ada['id']}", json={"stage": "offer"}
    )
    assert moved.status_code == 200, moved.text
    assert _at(recruiter, "screening") == set()
    assert _at(recruiter, "offer", "rejected") == {"Ada"}

    removed = recruiter.delete(f"/api/jobs/{second['id']}/candidates/{ada['id']}")
    assert removed.status_code in (200, 204), removed.text
    assert _at(recruiter, "interview") == set()
    _bits_match_the_pipelines(app)

    assign(recruiter, second["id"], ben["id"], "hired")
    assert _at(recruiter, "hired") == {"Ben"}
    deleted = admin.delete(f"/api/jobs/{second['id']}")
    assert deleted.status_code in (200, 204), deleted.text
    _bits_match_the_pipelines(app)


def test_own_stage_without_a_pipeline_follows_the_candidate(
    app: FastAPI, recruiter: TestClient
) -> None:
    cat: dict[str, Any] = make_candidate(recruiter, name="Cat", stage="screening")
    assert _at(recruiter, "screening") == {"Cat"}
    changed = recruiter.patch(f"/api/candidates/{cat['id']}", json={"stage": "rejected"})
    assert changed.status_code == 200, changed.text
    assert _at(recruiter, "screening") == set()
    assert _at(recruiter, "rejected") == {"Cat"}
    _bits_match_the_pipelines(app)
