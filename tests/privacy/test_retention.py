"""Retention: who is erased (and who is kept) after HIRING_RETENTION_MONTHS without activity,
the dry run, the daily run claimed by one replica, and who may see it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from hiring.activities.models import Activity
from hiring.audit.models import AuditEntry
from hiring.candidates.models import Candidate
from hiring.cli import app as cli
from hiring.db import unit_of_work, utcnow
from hiring.privacy import retention
from hiring.privacy.jobs import DailyRetention
from hiring.storage import make_storage
from tests.factories import assign, make_candidate, make_job, make_placement
from tests.web.conftest import Portal

MONTHS = 12
LONG_AGO = timedelta(days=800)


def _age(app: FastAPI, candidate_id: str, ago: timedelta) -> None:
    """Make the candidate's record and everything logged about them ``ago`` old."""
    then = utcnow() - ago
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            update(Candidate).where(Candidate.id == candidate_id).values(updated_at=then)
        )
        session.execute(
            update(Activity).where(Activity.candidate_id == candidate_id).values(created_at=then)
        )


@dataclass
class People:
    idle: str
    idle_rejected_in_open_job: str
    idle_in_closed_job: str
    recent: str
    recently_active: str
    hired: str
    placed: str
    in_open_job: str
    due_soon: str

    def erased(self) -> set[str]:
        return {self.idle, self.idle_rejected_in_open_job, self.idle_in_closed_job}

    def everyone(self) -> set[str]:
        return set(vars(self).values())


@pytest.fixture
def people(app: FastAPI, admin: TestClient, monkeypatch: pytest.MonkeyPatch) -> People:
    monkeypatch.setattr(app.state.settings, "retention_months", MONTHS)
    open_job = make_job(admin)
    closed_job = make_job(admin)
    found = People(**{name: make_candidate(admin)["id"] for name in People.__dataclass_fields__})
    assign(admin, open_job["id"], found.idle_rejected_in_open_job, stage="rejected")
    assign(admin, closed_job["id"], found.idle_in_closed_job, stage="interview")
    assign(admin, open_job["id"], found.in_open_job, stage="interview")
    assign(admin, closed_job["id"], found.hired, stage="hired")
    make_placement(admin, job_id=closed_job["id"], candidate_id=found.placed)
    closed = admin.patch(f"/api/jobs/{closed_job['id']}", json={"status": "closed"})
    assert closed.status_code == 200, closed.text
    for cid in found.everyone() - {found.recent}:
        _age(app, cid, LONG_AGO)
    _age(app, found.due_soon, timedelta(days=365 - 10))
    # An old record with a note added today.
    noted = admin.post(f"/api/candidates/{found.recently_active}/notes", json={"body": "Called"})
    assert noted.status_code == 201
    return found


def _existing(app: FastAPI, ids: set[str]) -> set[str]:
    with unit_of_work(app.state.sessions, write=False) as session:
        return set(session.scalars(select(Candidate.id).where(Candidate.id.in_(ids))))


def _audit_count(app: FastAPI, action: str) -> int:
    with unit_of_work(app.state.sessions, write=False) as session:
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        return session.scalar(query) or 0


def test_months_are_calendar_months() -> None:
    assert retention.months_before(datetime(2026, 3, 31, 9), 1) == datetime(2026, 2, 28, 9)
    assert retention.months_before(datetime(2026, 1, 15), 13) == datetime(2024, 12, 15)
    assert retention.months_after(datetime(2025, 12, 31), 2) == datetime(2026, 2, 28)


def test_the_dry_run_lists_who_and_why_and_changes_nothing(app: FastAPI, people: People) -> None:
    listed = list(retention.list_due(app.state.sessions, MONTHS))
    assert {due.id for due in listed} == people.erased()
    assert all("no activity since" in due.why(MONTHS) for due in listed)
    assert _existing(app, people.everyone()) == people.everyone()
    assert _audit_count(app, "retention.run") == 0


def test_the_run_erases_exactly_the_people_due(
    app: FastAPI, admin: TestClient, people: People
) -> None:
    erased = retention.erase_due(app.state.sessions, make_storage(app.state.settings), MONTHS)
    assert set(erased) == people.erased()
    assert _existing(app, people.everyone()) == people.everyone() - people.erased()
    gone = admin.get(f"/api/candidates/{people.idle}")
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "erased"
    [run] = admin.get("/api/audit-log", params={"action": "retention.run"}).json()["data"]
    assert run["details"] == {"erased": 3, "months": MONTHS}
    assert run["actor_label"] == "retention"
    erasures = admin.get("/api/audit-log", params={"action": "candidate.erased"}).json()
    assert {e["target_id"] for e in erasures["data"]} == people.erased()


def test_the_daily_run_is_claimed_by_one_replica(app: FastAPI, people: People) -> None:
    storage = make_storage(app.state.settings)
    replicas = [DailyRetention(app.state.sessions, storage, app.state.settings) for _ in range(2)]
    first, second = (replica() for replica in replicas)
    assert set(first or []) == people.erased()
    assert second is None
    assert replicas[0]() is None  # the same replica, later the same day
    assert _audit_count(app, "retention.run") == 1


def test_the_daily_run_does_nothing_when_retention_is_off(
    app: FastAPI, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state.settings, "retention_months", 0)
    run = DailyRetention(app.state.sessions, make_storage(app.state.settings), app.state.settings)
    assert run() is None
    assert _existing(app, people.everyone()) == people.everyone()


def test_the_cli_dry_run_and_run(
    app: FastAPI, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIRING_DATABASE_URL", app.state.settings.database_url)
    monkeypatch.setenv("HIRING_STORAGE_URL", app.state.settings.storage_url)
    monkeypatch.setenv("HIRING_RETENTION_MONTHS", str(MONTHS))
    runner = CliRunner()
    dry = runner.invoke(cli, ["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "3 candidates would be erased" in dry.output
    assert people.idle in dry.output and people.hired not in dry.output
    assert _existing(app, people.everyone()) == people.everyone()

    ran = runner.invoke(cli, ["retention", "run"])
    assert ran.exit_code == 0, ran.output
    assert "3 candidates erased." in ran.output
    assert _existing(app, people.erased()) == set()


def test_the_cli_refuses_to_run_when_retention_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIRING_RETENTION_MONTHS", "0")
    refused = CliRunner().invoke(cli, ["retention", "run", "--dry-run"])
    assert refused.exit_code == 1
    assert "Retention is off" in refused.output


def test_the_portal_shows_who_is_due_in_the_next_30_days(
    people: People, portal_admin: Portal
) -> None:
    page = portal_admin.get("/admin/retention")
    assert page.status_code == 200
    for cid in people.erased() | {people.due_soon}:
        assert f"/admin/candidates/{cid}" in page.text
    for cid in (people.hired, people.placed, people.in_open_job, people.recent):
        assert f"/admin/candidates/{cid}" not in page.text


def test_recruiters_and_viewers_cannot_see_the_retention_page(
    people: People, portal_recruiter: Portal, portal_viewer: Portal
) -> None:
    for portal in (portal_recruiter, portal_viewer):
        page = portal.get("/admin/retention")
        assert page.status_code == 403
        assert people.idle not in page.text
