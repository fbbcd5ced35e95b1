"""The ranking index follows the candidates table: every ranking sees the committed data."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import insert

from hiring.candidates.models import Candidate
from hiring.jobs.models import Job
from hiring.ranking.index import MAX_RECENT, CandidateIndex, _indexes, warm_in_background
from hiring.ranking.local import Scored, rank_pool
from hiring.ranking.service import job_text
from tests.factories import assign, make_candidate
from tests.ranking.helpers import frontend_pool, recommend

STRONG_SKILLS = ["React", "TypeScript", "GraphQL", "CSS", "JavaScript"]


def _by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in data["recommendations"]}


def _patch(client: TestClient, candidate_id: str, **fields: Any) -> None:
    response = client.patch(f"/api/candidates/{candidate_id}", json=fields)
    assert response.status_code == 200, response.text


def test_a_candidate_changed_after_a_ranking_is_ranked_by_its_new_data(
    recruiter: TestClient,
) -> None:
    job, people = frontend_pool(recruiter)
    first = recommend(recruiter, job["id"])
    assert first["recommendations"][0]["name"] == "Strong Fit"
    _patch(recruiter, people["none"]["id"], skills=STRONG_SKILLS, current_title="Frontend Lead")
    _patch(recruiter, people["strong"]["id"], skills=["Excel"], current_title="Accountant")
    data = _by_name(recommend(recruiter, job["id"]))
    assert data["No Fit"]["matched_skills"] == STRONG_SKILLS
    assert "title Frontend Lead" in data["No Fit"]["reasoning"]
    assert data["Strong Fit"]["matched_skills"] == []
    assert data["No Fit"]["score"] > data["Strong Fit"]["score"]


def test_skills_named_only_in_the_resume_of_a_new_candidate_count(recruiter: TestClient) -> None:
    job, _people = frontend_pool(recruiter)
    recommend(recruiter, job["id"])
    resume = "Five years of TypeScript and GraphQL."
    make_candidate(recruiter, name="Resume Only", resume_text=resume)
    data = _by_name(recommend(recruiter, job["id"]))
    assert data["Resume Only"]["matched_skills"] == ["TypeScript", "GraphQL"]


def test_created_archived_restored_and_deleted_candidates_follow(recruiter: TestClient) -> None:
    job, people = frontend_pool(recruiter)
    recommend(recruiter, job["id"])
    newcomer = make_candidate(recruiter, name="Newcomer", skills=["React", "CSS"])
    assert "Newcomer" in _by_name(recommend(recruiter, job["id"]))

    _patch(recruiter, newcomer["id"], archived_at="2026-01-01T00:00:00Z")
    archived = recommend(recruiter, job["id"])
    assert "Newcomer" not in _by_name(archived) and archived["pool_size"] == 3

    _patch(recruiter, newcomer["id"], archived_at=None)
    assert _by_name(recommend(recruiter, job["id"]))["Newcomer"]["matched_skills"] == [
        "React",
        "CSS",
    ]

    deleted = recruiter.delete(f"/api/candidates/{people['strong']['id']}")
    assert deleted.status_code == 200, deleted.text
    data = recommend(recruiter, job["id"])
    assert "Strong Fit" not in _by_name(data) and data["pool_size"] == 3


def test_pipeline_changes_apply_to_the_next_ranking(recruiter: TestClient) -> None:
    job, people = frontend_pool(recruiter)
    recommend(recruiter, job["id"])
    assign(recruiter, job["id"], people["strong"]["id"])
    data = recommend(recruiter, job["id"])
    assert "Strong Fit" not in _by_name(data) and data["pool_size"] == 2
    everyone = recommend(recruiter, job["id"], {"include_assigned": True})
    assert everyone["recommendations"][0]["name"] == "Strong Fit"


def test_filters_read_the_current_data(recruiter: TestClient) -> None:
    job, people = frontend_pool(recruiter)
    in_berlin = {"filters": {"location": "berlin"}}
    assert [r["name"] for r in recommend(recruiter, job["id"], in_berlin)["recommendations"]] == [
        "Strong Fit"
    ]
    _patch(recruiter, people["none"]["id"], location="Berlin, Germany", skills=["React"])
    data = _by_name(recommend(recruiter, job["id"], in_berlin))
    assert set(data) == {"Strong Fit", "No Fit"}
    assert data["No Fit"]["matched_skills"] == ["React"]


def test_a_candidate_written_with_an_old_timestamp_is_found(
    recruiter: TestClient, app: FastAPI
) -> None:
    job, _people = frontend_pool(recruiter)
    recommend(recruiter, job["id"])
    long_ago = datetime.now(UTC) - timedelta(days=300)
    with app.state.engine.begin() as conn:
        conn.execute(
            insert(Candidate).values(
                id="cand_imported",
                name="Imported Person",
                skills=["React", "TypeScript"],
                desired_roles=[],
                tags=[],
                languages=[],
                created_at=long_ago,
                updated_at=long_ago,
            )
        )
    data = _by_name(recommend(recruiter, job["id"]))
    assert data["Imported Person"]["matched_skills"] == ["React", "TypeScript"]


def test_a_change_rolled_back_never_reaches_the_ranking(
    recruiter: TestClient, app: FastAPI
) -> None:
    job, people = frontend_pool(recruiter)
    session = app.state.sessions()
    try:
        candidate = session.get_one(Candidate, people["none"]["id"])
        candidate.skills = STRONG_SKILLS
        session.flush()
        text = job_text(session.get_one(Job, job["id"]))
        ranking = rank_pool(session, job["id"], text, None, include_assigned=False)
        uncommitted = {s.candidate_id: s for s in ranking.top(3)}
        assert uncommitted[people["none"]["id"]].matched_skills == []
    finally:
        session.rollback()
        session.close()
    data = _by_name(recommend(recruiter, job["id"]))
    assert data["No Fit"]["matched_skills"] == []


def test_an_index_first_read_from_an_empty_table_finds_later_candidates(
    recruiter: TestClient, app: FastAPI
) -> None:
    index = CandidateIndex()
    with app.state.engine.connect() as connection:
        index.refresh(connection)
    assert len(index) == 0
    later = make_candidate(recruiter, name="Later", skills=["React"])
    with app.state.engine.connect() as connection:
        index.refresh(connection)
    assert list(index.row_of) == [later["id"]]


def _rank(app: FastAPI, job_id: str) -> tuple[int, dict[str, Scored]]:
    """Pool size and scored candidates by id, from the service layer (no rate limit)."""
    with app.state.sessions() as session:
        text = job_text(session.get_one(Job, job_id))
        ranking = rank_pool(session, job_id, text, None, include_assigned=False)
        return ranking.pool_size, {s.candidate_id: s for s in ranking.top(10)}


def test_many_successive_updates_keep_only_the_latest_version(
    recruiter: TestClient, app: FastAPI
) -> None:
    job, people = frontend_pool(recruiter)
    for n in range(3 * MAX_RECENT):
        skills = STRONG_SKILLS[: n % 5 + 1]
        _patch(recruiter, people["none"]["id"], skills=skills)
        pool_size, scored = _rank(app, job["id"])
        assert pool_size == 3
        assert scored[people["none"]["id"]].matched_skills == skills
        assert scored[people["strong"]["id"]].matched_skills == STRONG_SKILLS


def test_the_index_is_built_in_the_background_before_the_first_ranking(
    app: FastAPI, recruiter: TestClient
) -> None:
    make_candidate(recruiter, name="Ada")
    make_candidate(recruiter, name="Grace")
    engine = app.state.engine
    _indexes.pop(engine.pool, None)
    warm_in_background(app.state.sessions).join(timeout=60)
    assert _indexes[engine.pool].live == 2
