"""Ranking reads the database at each ranking: what any process committed ranks at once, in
every process, with nothing built or kept beforehand."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import insert

from hiring.app import create_app
from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Candidate
from hiring.candidates.query import dialect_of
from hiring.config import Settings
from hiring.jobs.models import Job
from hiring.ranking.local import MAX_CRITERIA, PoolRanking, contenders, criteria, pool, rank_pool
from hiring.ranking.service import job_text
from tests.conftest import Persona, client_for
from tests.factories import assign, make_candidate, make_job
from tests.ranking.helpers import FRONTEND_JOB, frontend_pool, recommend

STRONG_SKILLS = ["React", "TypeScript", "GraphQL", "CSS", "JavaScript"]


def _by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in data["recommendations"]}


def _patch(client: TestClient, candidate_id: str, **fields: Any) -> None:
    response = client.patch(f"/api/candidates/{candidate_id}", json=fields)
    assert response.status_code == 200, response.text


def _rank(
    app: FastAPI, job_id: str, filters: CandidateFilters | None = None, most: int = 1000
) -> PoolRanking:
    """The service layer's ranking (no rate limit), scoring at ``most`` contenders."""
    with app.state.sessions() as session:
        text = job_text(session.get_one(Job, job_id))
        return rank_pool(session, job_id, text, filters, include_assigned=False, most=most)


def test_a_candidate_written_through_another_app_ranks_at_once(
    recruiter: TestClient, settings: Settings, personas: dict[str, Persona]
) -> None:
    job, _people = frontend_pool(recruiter)
    recommend(recruiter, job["id"])
    other = create_app(settings)
    try:
        elsewhere = client_for(other, personas["recruiter"].token)
        made = make_candidate(elsewhere, name="Elsewhere", skills=STRONG_SKILLS)
        data = recommend(recruiter, job["id"])
        assert _by_name(data)["Elsewhere"]["matched_skills"] == STRONG_SKILLS
        assert data["pool_size"] == 4
        _patch(recruiter, made["id"], archived_at="2026-01-01T00:00:00Z")
        assert "Elsewhere" not in _by_name(recommend(elsewhere, job["id"]))
    finally:
        other.state.engine.dispose()


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


def test_only_the_best_contenders_are_scored_and_the_pool_counts_everyone(
    recruiter: TestClient, app: FastAPI
) -> None:
    job = make_job(recruiter, **FRONTEND_JOB)
    for n in range(4):
        make_candidate(recruiter, name=f"One Skill {n}", skills=["React"])
    make_candidate(recruiter, name="Labels", skills=["react", "TS", "GraphQL", "css"])
    make_candidate(recruiter, name="Resume", resume_text="React, TypeScript, GraphQL and CSS.")
    make_candidate(recruiter, name="Nothing", skills=["Excel"])
    ranking = _rank(app, job["id"], most=3)
    assert ranking.pool_size == 7
    top = ranking.top(10)
    assert len(top) == 3
    names = _names(app, [s.candidate_id for s in top])
    assert names[:2] == ["Labels", "Resume"] or names[:2] == ["Resume", "Labels"]
    assert names[2].startswith("One Skill")
    # Equal contenders are taken in a stable order: the same one every time.
    assert [s.candidate_id for s in _rank(app, job["id"], most=3).top(10)] == [
        s.candidate_id for s in top
    ]


def test_a_filtered_pool_picks_its_contenders_among_its_own_candidates(
    recruiter: TestClient, app: FastAPI
) -> None:
    job = make_job(recruiter, **FRONTEND_JOB)
    for n in range(4):
        make_candidate(recruiter, name=f"Strong {n}", skills=STRONG_SKILLS, location="Paris")
    make_candidate(recruiter, name="Weak In Berlin", skills=["CSS"], location="Berlin")
    make_candidate(recruiter, name="Nothing In Berlin", skills=["Excel"], location="Berlin")
    ranking = _rank(app, job["id"], CandidateFilters(location="berlin"), most=1)
    assert ranking.pool_size == 2
    assert _names(app, [s.candidate_id for s in ranking.top(5)]) == ["Weak In Berlin"]


def test_contenders_come_by_how_many_skills_they_meet_then_by_id(
    recruiter: TestClient, app: FastAPI
) -> None:
    job = make_job(recruiter, **FRONTEND_JOB)
    met = {
        "Two A": ["React", "CSS"],
        "Five": STRONG_SKILLS,
        "None A": ["Excel"],
        "One": ["GraphQL"],
        "Three": ["TypeScript", "GraphQL", "JavaScript"],
        "Two B": ["JavaScript", "TypeScript"],
        "Four": ["React", "TypeScript", "GraphQL", "CSS"],
        "None B": [],
    }
    ids = {
        name: make_candidate(recruiter, name=name, skills=skills)["id"]
        for name, skills in met.items()
    }
    with app.state.sessions() as session:
        eligible = pool(job["id"], None, dialect_of(session), include_assigned=False)
        text = job_text(session.get_one(Job, job["id"]))
        found = contenders(session, text, eligible, 10)
        fewer = contenders(session, text, eligible, 4)
    by_count = sorted(ids, key=lambda name: (-len(set(met[name]) & set(STRONG_SKILLS)), ids[name]))
    names = {v: k for k, v in ids.items()}
    assert [names[i] for i in found] == by_count
    assert fewer == found[:4]


def test_contenders_are_found_by_a_jobs_first_skills(recruiter: TestClient, app: FastAPI) -> None:
    job = make_job(
        recruiter,
        title="Platform Engineer",
        description="Our platform runs on Kubernetes, Terraform, AWS, Docker and Linux.",
        requirements="Python, Go, PostgreSQL, Redis, Kafka, GraphQL, React and TypeScript.",
        location="Remote",
        job_type="full_time",
    )
    with app.state.sessions() as session:
        found = criteria(job_text(session.get_one(Job, job["id"])))
    assert len(found) == MAX_CRITERIA
    assert "python" in [spelling.lower() for spelling in found[0]]


def test_a_job_naming_no_known_skill_ranks_on_its_words(
    recruiter: TestClient, app: FastAPI
) -> None:
    job = make_job(
        recruiter,
        title="Beekeeper",
        description="Tend hives and harvest honey.",
        requirements="Apiary work, honey harvest.",
        location="Remote",
        job_type="full_time",
    )
    for n in range(3):
        make_candidate(recruiter, name=f"Clerk {n}", current_title="Clerk")
    make_candidate(recruiter, name="Keeper", resume_text="Ten years tending hives for honey.")
    ranking = _rank(app, job["id"], most=1)
    assert ranking.pool_size == 4
    [best] = ranking.top(5)
    assert _names(app, [best.candidate_id]) == ["Keeper"]
    assert best.reasoning.startswith("the job lists no known skills")


def _names(app: FastAPI, ids: list[str]) -> list[str]:
    with app.state.sessions() as session:
        return [session.get_one(Candidate, cid).name for cid in ids]
