"""Demo data: counts, coherence, and the same rows for the same seed."""

import re
from collections import Counter
from collections.abc import Iterable
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from decimal import Decimal
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
from hiring.candidates.identity import email_key, linkedin_key, phone_key
from hiring.candidates.models import Candidate
from hiring.candidates.query import count_candidates, find_candidates
from hiring.cli import app as cli
from hiring.countries import country_of
from hiring.crm.models import Company, Contact
from hiring.db import make_engine, make_session_factory, open_session, unit_of_work
from hiring.demo_roles import Family, catalogue
from hiring.demo_rows import batches
from hiring.jobs.models import Job
from hiring.migrate import upgrade
from hiring.pipeline.models import Assignment
from hiring.placements.models import Placement
from hiring.referrals.models import Referral
from hiring.segments.models import CandidateSegment
from hiring.segments.service import segment_filters
from hiring.skills import canonical
from tests.conftest import fresh_database_url

TODAY = datetime(2026, 3, 1, tzinfo=UTC)
# Every table a load fills, by its key in the counts a load returns.
TABLES: dict[str, Table] = demo.TABLES


def _generated_rows(app: FastAPI, seed: int) -> tuple[dict[str, int], dict[str, list[Any]]]:
    """Generate into a transaction, read every row back, and roll it all back."""
    session = open_session(app.state.sessions, write=True)
    try:
        counts = demo.generate(session, candidates=120, jobs=5, seed=seed, today=TODAY)
        rows = {
            table.name: [tuple(r) for r in session.execute(select(table).order_by(table.c.id))]
            for table in TABLES.values()
        }
    finally:
        session.rollback()
        session.close()
    return counts, rows


def _stored_counts(session: Session) -> dict[str, int | None]:
    return {
        key: session.scalar(select(func.count()).select_from(table))
        for key, table in TABLES.items()
    }


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
        stored = _stored_counts(session)
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
        for table in TABLES.values()
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
            for t in TABLES.values()
        }
    engine.dispose()
    return rows


def test_a_large_load_makes_its_rows_in_another_process_the_same_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A load this large (BULK_INDEX_AFTER lowered) makes its rows in a second process, which
    # on PostgreSQL hands them over ready for COPY.
    monkeypatch.setattr(demo, "BATCH", 40)
    with ExitStack() as stack:
        here, there = (
            stack.enter_context(contextmanager(fresh_database_url)(tmp_path / name))
            for name in ("here", "there")
        )
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
        True, candidates=10, jobs=1, seed=1, actor="demo@example.com", today="not a date", size=5
    )
    with pytest.raises(RuntimeError, match="Making the demo data failed") as failure:
        next(made)
    assert "TypeError" in str(failure.value)
    made.close()


def _schema(url: str) -> dict[str, Any]:
    """Every index, primary key and foreign key of the tables a load fills, by table."""
    engine = create_engine(url)
    found = inspect(engine)
    names = [*(t.name for t in TABLES.values()), "candidate_labels"]
    schema = {
        name: (
            sorted(ix["name"] or "" for ix in found.get_indexes(name)),
            sorted(fk["name"] or "" for fk in found.get_foreign_keys(name)),
            found.get_pk_constraint(name)["constrained_columns"],
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
            stored = _stored_counts(session)
        engine.dispose()
        assert _schema(url) == before
        assert counts == stored
        assert counts["candidates"] == 90
        assert someone.id in {c.id for c in found}
        assert labelled >= 1
    finally:
        next(fresh, None)


def _load(app: FastAPI, *, candidates: int = 300, jobs: int = 8, seed: int = 11) -> None:
    with unit_of_work(app.state.sessions) as session:
        demo.generate(session, candidates=candidates, jobs=jobs, seed=seed, today=TODAY)


def _pattern(template: str) -> re.Pattern[str]:
    """A template as a pattern its filled-in text matches whole."""
    parts = re.split(r"\{\w+\}", template)
    return re.compile(".+?".join(re.escape(part) for part in parts))


def _from_one_of(text: str, templates: Iterable[str]) -> bool:
    return any(_pattern(template).fullmatch(text) for template in templates)


def test_job_ads_are_written_from_their_roles_templates_and_teams(app: FastAPI) -> None:
    _load(app, candidates=0, jobs=30)
    roles = catalogue()
    with unit_of_work(app.state.sessions, write=False) as session:
        jobs = list(session.scalars(select(Job)))
    assert len(jobs) == 30
    assert len({job.team for job in jobs}) > 3
    for job in jobs:
        role = roles.roles[roles.role_of_title(job.title)]
        family = role.family
        assert job.team == role.team
        first, *others = job.description.split("\n\n")
        assert family.pitch in first
        assert _from_one_of(first, [f"{role.summary} {family.pitch}"])
        assert 1 <= len(others) <= 2
        assert all(_from_one_of(paragraph, family.paragraphs) for paragraph in others)
        lines = job.requirements.split("\n")
        assert all(_from_one_of(line, role.requirements + family.requirements) for line in lines)
        words = set(re.findall(r"[a-z]+", f"{job.description} {job.requirements}".lower()))
        assert not words & {"lorem", "ipsum", "dolor", "amet", "consectetur"}
        assert "{" not in job.description + job.requirements
        assert job.salary_range and job.salary_range.split()[0] in {
            pay.currency for pay in roles.pay.values()
        }


def test_job_ads_carry_public_departments_and_what_job_boards_read(app: FastAPI) -> None:
    _load(app, candidates=0, jobs=40)
    roles = catalogue()
    with unit_of_work(app.state.sessions, write=False) as session:
        jobs = list(session.scalars(select(Job)))
    departments = {family.name: family.department for family in _families()}
    assert len(set(departments.values())) == len(departments)
    for job in jobs:
        role = roles.roles[roles.role_of_title(job.title)]
        assert job.public_department == role.family.department
        assert job.public_department != job.product
        assert job.country
        if "remote" in job.location.lower():
            assert job.country in job.remote_countries
        else:
            assert country_of(job.location) == job.country
        if job.salary_min is None:
            assert (job.salary_max, job.salary_currency, job.salary_period) == (None, None, None)
            continue
        currency, text = (job.salary_range or "").split()
        low, high = (Decimal(n.removesuffix("k")) * 1000 for n in text.split("-"))
        assert (job.salary_min, job.salary_max) == (low, high)
        assert (job.salary_currency, job.salary_period) == (currency, "year")
    with_pay = sum(job.salary_min is not None for job in jobs)
    assert 0 < with_pay < len(jobs)
    assert any(job.remote_countries for job in jobs)
    assert len({job.country for job in jobs}) > 3


def _families() -> set[Family]:
    return {role.family for role in catalogue().roles.values()}


def test_pipelines_hold_candidates_of_the_jobs_role_or_its_family(app: FastAPI) -> None:
    _load(app)
    roles = catalogue()
    with unit_of_work(app.state.sessions, write=False) as session:
        pairs = session.execute(
            select(Job.title, Candidate.current_title, Candidate.desired_roles)
            .join(Assignment, Assignment.job_id == Job.id)
            .join(Candidate, Candidate.id == Assignment.candidate_id)
        ).all()
    assert len(pairs) > 100
    same = 0
    for job_title, title, desired in pairs:
        role = roles.role_of_title(job_title)
        fitting = {role, *roles.adjacent(role)}
        assert roles.role_of_title(title) in fitting
        assert desired[0] in fitting
        same += desired[0] == role
    assert same > len(pairs) * 0.75


def test_every_hire_has_a_placement_on_plausible_terms(app: FastAPI) -> None:
    _load(app, candidates=600)
    roles = catalogue()
    with unit_of_work(app.state.sessions, write=False) as session:
        hires = {
            (a.candidate_id, a.job_id): a
            for a in session.scalars(select(Assignment).where(Assignment.stage == "hired"))
        }
        placements = list(session.scalars(select(Placement)))
        jobs = {job.id: job for job in session.scalars(select(Job))}
    assert len(hires) >= 5
    assert {(p.candidate_id, p.job_id) for p in placements} == set(hires)
    for placement in placements:
        hired = _utc(hires[placement.candidate_id, placement.job_id].updated_at).date()
        assert hired <= placement.start_date <= TODAY.date()
        job = jobs[placement.job_id]
        currency, pay_range = (job.salary_range or "").split()
        low, high = (int(part.removesuffix("k")) * 1_000 for part in pay_range.split("-"))
        assert placement.currency == currency
        assert placement.salary is not None and low <= placement.salary <= high
        assert placement.fee is not None
        assert Decimal("0.15") <= placement.fee / placement.salary <= Decimal("0.25")
        assert placement.period == "year"
        ended = placement.end_date is not None and placement.end_date <= TODAY.date()
        assert placement.status == ("completed" if ended else "active")
        assert placement.end_date is None or placement.end_date > placement.start_date
    assert {p.currency for p in placements} <= {pay.currency for pay in roles.pay.values()}


def test_referrals_are_for_referred_candidates_and_follow_their_stage(app: FastAPI) -> None:
    _load(app)
    with unit_of_work(app.state.sessions, write=False) as session:
        referrals = list(session.scalars(select(Referral)))
        referred = {
            c.id: c
            for c in session.scalars(select(Candidate).where(Candidate.source == "referral"))
        }
    assert len(referrals) == len(referred) > 10
    stages = {"submitted": {"applied"}, "in_review": {"screening"}, "hired": {"hired"}}
    stages |= {"paid": {"hired"}, "interviewing": {"interview", "offer"}}
    stages |= {"rejected": {"rejected"}}
    for referral in referrals:
        candidate = referred[referral.candidate_id]
        assert referral.job_id == candidate.job_id
        assert candidate.stage in stages[referral.status]
        assert referral.referrer_name and "@" in referral.referrer_email
        assert referral.referrer_name != candidate.name


def test_segments_match_demo_candidates_through_the_candidate_query(app: FastAPI) -> None:
    _load(app)
    with unit_of_work(app.state.sessions, write=False) as session:
        segments = list(session.scalars(select(CandidateSegment)))
        sizes = {s.name: count_candidates(session, segment_filters(s)).count for s in segments}
    assert len(segments) >= 3
    assert "Priority candidates" in sizes
    assert all(size >= 1 for size in sizes.values()), sizes


def test_a_second_load_keeps_the_segments_the_first_saved(app: FastAPI) -> None:
    _load(app, candidates=150, jobs=2, seed=1)
    _load(app, candidates=150, jobs=2, seed=2)
    with unit_of_work(app.state.sessions, write=False) as session:
        names = list(session.scalars(select(CandidateSegment.name)))
    assert "Priority candidates" in names
    assert len(names) == len(set(names))


def test_companies_are_candidates_employers_with_contacts(app: FastAPI) -> None:
    _load(app)
    with unit_of_work(app.state.sessions, write=False) as session:
        companies = list(session.scalars(select(Company)))
        contacts = list(session.scalars(select(Contact)))
        employers = set(session.scalars(select(Candidate.current_company)))
    assert len(companies) == 20
    assert {company.name for company in companies} <= employers
    by_company = {company.id: company for company in companies}
    per_company = Counter(contact.company_id for contact in contacts)
    assert set(per_company) == set(by_company)
    assert all(1 <= n <= 3 for n in per_company.values())
    for contact in contacts:
        company = by_company[contact.company_id or ""]
        assert contact.email and contact.email.endswith(f"@{company.domain}")


def test_demo_candidates_carry_the_identity_keys_a_write_would_store() -> None:
    rows = [
        row
        for batch in batches(candidates=3_000, jobs=5, seed=11, actor="demo", today=TODAY, size=500)
        for row in batch.get("candidates", [])
    ]
    phones = [row for row in rows if row["phone"]]
    assert len(phones) > 1_000
    assert any(row["phone_key"] for row in phones)
    for row in rows:
        assert row["phone_key"] == phone_key(row["phone"]), row["phone"]
        assert row["email_key"] == email_key(row["email"])
        assert row["linkedin_key"] == linkedin_key(row["linkedin_url"])
