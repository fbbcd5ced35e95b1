"""Stored candidate embeddings: made when a candidate's text changes, read when ranking, and
the word engine as the fallback without the sentence model."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from hiring.candidates.models import Candidate
from hiring.cli import app as cli
from hiring.db import make_engine, make_session_factory, unit_of_work, utcnow
from hiring.ranking import blended, embedding, embeddings
from hiring.ranking.embedding import SentenceModel
from hiring.ranking.embeddings import EmbedChanged
from hiring.ranking.models import CandidateEmbedding
from hiring.tasks.models import ScheduledRun
from tests.factories import make_candidate, make_job
from tests.ranking.helpers import recommend

LAW_JOB = {
    "title": "Commercial Lawyer",
    "description": "Advise the business on contracts, data protection and disputes.",
    "requirements": "Qualified lawyer, commercial contracts, negotiation.",
    "location": "Remote",
    "job_type": "full_time",
}


@pytest.fixture(scope="module")
def model() -> SentenceModel:
    found = embedding.model()
    if found is None:
        pytest.skip("the semantic extra is not installed")
    return found


def _stored(app: FastAPI, candidate_id: str) -> CandidateEmbedding | None:
    with app.state.sessions() as session:
        return session.get(CandidateEmbedding, candidate_id)


def _refresh(app: FastAPI, model: SentenceModel, candidate_id: str) -> tuple[bool, int]:
    """(whether the candidate was stale, how many were embedded)."""
    with unit_of_work(app.state.sessions) as session:
        stale = candidate_id in embeddings.stale_ids(session, model.name, 100_000)
        return stale, embeddings.refresh(session, model, [candidate_id])


def _patch(client: TestClient, candidate_id: str, **fields: Any) -> None:
    response = client.patch(f"/api/candidates/{candidate_id}", json=fields)
    assert response.status_code == 200, response.text


def test_a_candidate_is_embedded_again_only_when_their_text_changes(
    recruiter: TestClient, app: FastAPI, model: SentenceModel
) -> None:
    person = make_candidate(recruiter, current_title="Staff Nurse", resume_text="Ward nursing.")
    assert _refresh(app, model, person["id"]) == (True, 1)
    first = _stored(app, person["id"])
    assert first is not None and first.model == embedding.MODEL_NAME
    vector = np.frombuffer(first.vector, dtype=np.float32)
    assert vector.shape == (embedding.DIMENSIONS,)
    assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)
    assert _refresh(app, model, person["id"]) == (False, 0)

    _patch(recruiter, person["id"], tags=["night shifts"])
    assert _refresh(app, model, person["id"]) == (True, 0)
    unchanged = _stored(app, person["id"])
    assert unchanged is not None and unchanged.vector == first.vector

    _patch(recruiter, person["id"], current_title="Pharmacist")
    assert _refresh(app, model, person["id"]) == (True, 1)
    changed = _stored(app, person["id"])
    assert changed is not None and changed.role_vector != first.role_vector
    assert changed.text_hash != first.text_hash

    assert recruiter.delete(f"/api/candidates/{person['id']}").status_code in (200, 204)
    assert _stored(app, person["id"]) is None


def test_ranking_blends_stored_meaning_and_role_and_says_which_counted(
    recruiter: TestClient, app: FastAPI, model: SentenceModel
) -> None:
    job = make_job(recruiter, **LAW_JOB)
    lawyer = make_candidate(
        recruiter,
        name="Lee Counsel",
        current_title="Legal Counsel",
        resume_text="Drafted and negotiated customer and supplier agreements. Advised on GDPR.",
    )
    seller = make_candidate(
        recruiter,
        name="Sam Seller",
        current_title="Account Executive",
        resume_text="Negotiated commercial contracts with procurement and legal teams. "
        "Closed contracts with lawyers at law firms.",
    )
    for person in (lawyer, seller):
        _refresh(app, model, person["id"])
    data = recommend(recruiter, job["id"], {"engine": "local", "limit": 50})
    ranked = {r["name"]: r for r in data["recommendations"]}
    assert data["engine_used"] == "semantic"
    assert ranked["Lee Counsel"]["engine"] == "semantic"
    assert ranked["Lee Counsel"]["score"] > ranked["Sam Seller"]["score"]
    assert "role 'Legal Counsel' matches the job" in ranked["Lee Counsel"]["reasoning"]
    assert "role 'Account Executive' is another kind of work" in ranked["Sam Seller"]["reasoning"]


def _paralegal(client: TestClient) -> str:
    made = make_candidate(
        client, name="Pat Paralegal", current_title="Paralegal", resume_text="negotiation"
    )
    return str(made["id"])


def test_a_ranking_embeds_the_best_by_words_of_those_not_embedded_yet(
    recruiter: TestClient, model: SentenceModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = make_job(recruiter, **LAW_JOB)
    lawyer_id = make_candidate(
        recruiter,
        name="Lee Lawyer",
        current_title="Commercial Lawyer",
        resume_text="Qualified lawyer: commercial contracts, negotiation, data protection.",
    )["id"]
    # Meeting the job's one skill as the lawyer does, and with a smaller id (the contenders'
    # tie-break): first among the contenders, not by words. Those made with a larger id are
    # archived, which takes them out of the ranking.
    while (paralegal_id := _paralegal(recruiter)) > lawyer_id:
        _patch(recruiter, paralegal_id, archived_at="2026-01-01T00:00:00Z")
    monkeypatch.setattr(blended, "ON_THE_SPOT", 1)
    data = recommend(recruiter, job["id"], {"engine": "local", "limit": 50})
    ranked = {r["candidate_id"]: r for r in data["recommendations"]}
    assert ranked[lawyer_id]["engine"] == "semantic"
    assert "role 'Commercial Lawyer' matches the job" in ranked[lawyer_id]["reasoning"]
    assert ranked[paralegal_id]["reasoning"].endswith("no embedding yet, words only")


def test_without_the_sentence_model_ranking_falls_back_to_words(
    recruiter: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = make_job(recruiter, **LAW_JOB)
    make_candidate(recruiter, name="Lee Lawyer", current_title="Commercial Lawyer")
    monkeypatch.setattr(embedding, "model", lambda: None)
    data = recommend(recruiter, job["id"], {"engine": "local"})
    assert data["engine_used"] == "local"
    assert {r["engine"] for r in data["recommendations"]} == {"local"}
    assert not any("role '" in r["reasoning"] for r in data["recommendations"])


runner = CliRunner()


def test_rebuild_command_and_the_scheduled_job_fill_missing_embeddings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model: SentenceModel
) -> None:
    url = f"sqlite:///{tmp_path / 'embed.db'}"
    monkeypatch.setenv("HIRING_DATABASE_URL", url)
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    try:
        with unit_of_work(sessions) as session:
            for n, title in enumerate(("Recruiter", "Pharmacist", "Data Scientist")):
                session.add(
                    Candidate(
                        id=f"cand_{n}",
                        name=f"Person {n}",
                        current_title=title,
                        skills=[],
                        desired_roles=[],
                        tags=[],
                        languages=[],
                    )
                )
        result = runner.invoke(cli, ["embeddings", "rebuild"])
        assert result.exit_code == 0, result.output
        assert "3 candidates checked, 3 embedded" in result.output
        again = runner.invoke(cli, ["embeddings", "rebuild"])
        assert "0 candidates checked, 0 embedded" in again.output

        with unit_of_work(sessions) as session:
            session.get_one(Candidate, "cand_1").current_title = "Hospital Pharmacist"
        job = EmbedChanged(sessions)
        assert job() == 1
        # Claimed once a minute across replicas: a second run straight away does nothing.
        with unit_of_work(sessions) as session:
            session.get_one(Candidate, "cand_2").current_title = "Statistician"
        assert job() == 0
        with unit_of_work(sessions, write=False) as session:
            rows = session.scalars(select(CandidateEmbedding.candidate_id)).all()
        assert sorted(rows) == ["cand_0", "cand_1", "cand_2"]
    finally:
        engine.dispose()


def _recently_stale(app: FastAPI) -> list[str]:
    with unit_of_work(app.state.sessions) as session:
        return embeddings.recently_stale_ids(session, embedding.MODEL_NAME, 100)


def test_the_scheduled_job_looks_at_recent_changes_and_sweeps_everyone_until_clean(
    recruiter: TestClient, app: FastAPI, model: SentenceModel
) -> None:
    person = make_candidate(recruiter, current_title="Staff Nurse")
    assert _recently_stale(app) == [person["id"]]
    _refresh(app, model, person["id"])
    # Nobody stale in the window: a sweep of everyone finds nobody either, and says so.
    assert _recently_stale(app) == []
    old = utcnow() - embeddings.LOOK_BACK - timedelta(minutes=5)
    with unit_of_work(app.state.sessions) as session:
        session.add(
            Candidate(
                id="cand_loadedlongago",
                name="Loaded Long Ago",
                current_title="Pharmacist",
                skills=[],
                desired_roles=[],
                tags=[],
                languages=[],
                created_at=old,
                updated_at=old,
            )
        )
    # Outside the window, and the last sweep was clean: not looked for until the next sweep.
    assert _recently_stale(app) == []
    with unit_of_work(app.state.sessions) as session:
        swept = session.get_one(ScheduledRun, embeddings.EMBED_SWEPT)
        swept.started_at -= embeddings.SWEEP_EVERY
    assert _recently_stale(app) == ["cand_loadedlongago"]


def test_rebuild_without_the_semantic_extra_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIRING_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    monkeypatch.setattr(embedding, "model", lambda: None)
    result = runner.invoke(cli, ["embeddings", "rebuild"])
    assert result.exit_code == 1
    assert "semantic extra is not installed" in result.output
