"""Demo data: counts, coherence, and the same rows for the same seed."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import Table, create_engine, func, inspect, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from hiring import demo
from hiring.activities.models import Activity
from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Candidate
from hiring.candidates.query import count_candidates, find_candidates
from hiring.cli import app as cli
from hiring.db import make_engine, make_session_factory, open_session, unit_of_work
from hiring.jobs.models import Job
from hiring.migrate import upgrade
from hiring.notes.models import Note
from hiring.pipeline.models import Assignment
from hiring.skills import canonical
from tests.conftest import fresh_database_url

TODAY = datetime(2026, 3, 1, tzinfo=UTC)
TABLES: list[Table] = [
    Job.__table__,  # type: ignore[list-item]
    Candidate.__table__,  # type: ignore[list-item]
    Assignment.__table__,  # type: ignore[list-item]
    Note.__table__,  # type: ignore[list-item]
    Activity.__table__,  # type: ignore[list-item]
]


def _generated_rows(app: FastAPI, seed: int) -> tuple[dict[str, int], dict[str, list[Any]]]:
    """Generate into a transaction, read every row back, and roll it all back."""
    session = open_session(app.state.sessions, write=True)
    try:
        counts = demo.generate(session, candidates=120, jobs=5, seed=seed, today=TODAY)
        rows = {
            table.name: [tuple(r) for r in session.execute(select(table).order_by(table.c.id))]
            for table in TABLES
        }
    finally:
        session.rollback()
        session.close()
    return counts, rows


def test_same_seed_gives_the_same_rows_and_another_seed_others(app: FastAPI) -> None:
    counts, rows = _generated_rows(app, seed=5)
    again_counts, again = _generated_rows(app, seed=5)
    _other_counts, other = _generated_rows(app, seed=6)
    assert again_counts == counts
    assert again == rows
    assert other["candidates"] != rows["candidates"]


def test_counts_and_coherent_rows(app: FastAPI) -> None:
    with unit_of_work(app.state.sessions) as session:
        counts = demo.generate(session, candidates=150, jobs=4, seed=3, today=TODAY)
    demo.finish_bulk_load(app.state.engine)
    with unit_of_work(app.state.sessions, write=False) as session:
        stored = {t.name: session.scalar(select(func.count()).select_from(t)) for t in TABLES}
        people = list(session.scalars(select(Candidate)))
        assignments = list(session.scalars(select(Assignment)))
        created = session.scalar(select(func.count()).where(Activity.activity_type == "created"))
    assert counts == stored
    assert counts["jobs"] == 4
    assert counts["candidates"] == 150
    assert created == 150
    in_pipeline = {c.id: c for c in people if c.job_id}
    assert len(assignments) == len(in_pipeline) > 0
    for assignment in assignments:
        assert in_pipeline[assignment.candidate_id].stage == assignment.stage
    assert all(canonical(skill) == skill for c in people for skill in c.skills)
    assert all(c.created_at <= TODAY for c in people)
    assert len({c.name for c in people}) > 100


def test_nothing_in_the_demo_is_later_than_the_load(app: FastAPI) -> None:
    _counts, rows = _generated_rows(app, seed=8)
    moments = [
        value
        for table in TABLES
        for row in rows[table.name]
        for column, value in zip(table.columns, row, strict=True)
        if column.key.endswith("_at") and value is not None
    ]
    assert len(moments) > 300
    assert max(_utc(moment) for moment in moments) <= TODAY


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_cli_demo_data_commits_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIRING_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    monkeypatch.setattr(demo, "BATCH", 40)
    result = runner.invoke(cli, ["demo-data", "--candidates", "90", "--jobs", "2", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "2 jobs, 90 candidates" in result.output


def _triggers_and_indexes(url: str) -> set[tuple[str, str]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = connection.exec_driver_sql(
            "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index')"
        )
        found = {(row[0], row[1]) for row in names}
    engine.dispose()
    return found


def test_a_large_cli_load_indexes_in_one_pass_and_search_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("HIRING_DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    objects = _triggers_and_indexes(url)
    assert ("index", "ix_candidates_facets") in objects
    monkeypatch.setattr(demo, "BULK_INDEX_AFTER", 50)
    result = runner.invoke(cli, ["demo-data", "--candidates", "90", "--jobs", "2", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert _triggers_and_indexes(url) == objects
    engine = create_engine(url)
    with Session(engine) as session:
        someone = session.scalars(select(Candidate).limit(1)).one()
        surname = someone.name.split()[-1]
        found, _total = find_candidates(session, CandidateFilters(search=surname), limit=200)
        labelled = count_candidates(session, CandidateFilters(skills=[someone.skills[0]])).count
    engine.dispose()
    assert someone.id in {c.id for c in found}
    assert labelled >= 1


def test_the_indexes_come_back_when_a_bulk_load_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    objects = _triggers_and_indexes(url)
    monkeypatch.setattr(demo, "BULK_INDEX_AFTER", 10)
    during: set[tuple[str, str]] = set()

    def fail(_batch: int) -> None:
        during.update(_triggers_and_indexes(url))
        raise RuntimeError("the load failed")

    engine = make_engine(url)
    with pytest.raises(RuntimeError, match="the load failed"):
        demo.load(make_session_factory(engine), candidates=20, jobs=1, seed=1, progress=fail)
    engine.dispose()
    assert not {name for kind, name in during if kind == "trigger"}
    assert ("index", "ix_candidates_facets") not in during
    assert _triggers_and_indexes(url) == objects


def _all_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = {
            t.name: [tuple(r) for r in connection.execute(select(t).order_by(t.c.id))]
            for t in TABLES
        }
    engine.dispose()
    return rows


def test_a_large_load_makes_its_rows_in_another_process_the_same_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A load this large (BULK_INDEX_AFTER lowered) makes its rows in a second process.
    here, there = (f"sqlite:///{tmp_path / name}" for name in ("here.db", "there.db"))
    monkeypatch.setattr(demo, "BATCH", 40)
    counts = {}
    for url, large_from in ((here, 1_000), (there, 50)):
        upgrade(url)
        monkeypatch.setattr(demo, "BULK_INDEX_AFTER", large_from)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        counts[url] = demo.load(sessions, candidates=120, jobs=5, seed=5, today=TODAY)
        engine.dispose()
    assert counts[here] == counts[there]
    assert counts[there]["candidates"] == 120
    assert _all_rows(here) == _all_rows(there)


def test_a_failure_where_the_rows_are_made_reaches_the_load() -> None:
    made = demo._made_in_another_process(
        candidates=10, jobs=1, seed=1, actor="demo@example.com", today="not a date", size=5
    )
    with pytest.raises(RuntimeError, match="Making the demo data failed") as failure:
        next(made)
    assert "TypeError" in str(failure.value)
    made.close()


def _schema(url: str) -> dict[str, Any]:
    """Every index and foreign key of the tables a load fills, by table."""
    engine = create_engine(url)
    found = inspect(engine)
    names = [*(t.name for t in TABLES), "candidate_labels"]
    schema = {
        name: (
            sorted(ix["name"] or "" for ix in found.get_indexes(name)),
            sorted(fk["name"] or "" for fk in found.get_foreign_keys(name)),
        )
        for name in names
    }
    engine.dispose()
    return schema


def test_a_large_load_on_either_database_keeps_its_indexes_and_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On PostgreSQL the rows go in with COPY, the foreign keys dropped and checked again.
    fresh = fresh_database_url(tmp_path)
    url = next(fresh)
    try:
        upgrade(url)
        before = _schema(url)
        monkeypatch.setattr(demo, "BULK_INDEX_AFTER", 50)
        monkeypatch.setattr(demo, "BATCH", 40)
        engine = make_engine(url)
        counts = demo.load(make_session_factory(engine), candidates=90, jobs=3, seed=2, today=TODAY)
        with Session(engine) as session:
            someone = session.scalars(
                select(Candidate).where(Candidate.job_id.is_not(None))
            ).first()
            assert someone is not None
            found, _total = find_candidates(
                session, CandidateFilters(search=someone.name.split()[-1]), limit=200
            )
            labelled = count_candidates(session, CandidateFilters(skills=[someone.skills[0]])).count
            stored = {t.name: session.scalar(select(func.count()).select_from(t)) for t in TABLES}
        engine.dispose()
        assert _schema(url) == before
        assert counts == stored
        assert counts["candidates"] == 90
        assert someone.id in {c.id for c in found}
        assert labelled >= 1
    finally:
        next(fresh, None)
