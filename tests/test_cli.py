"""The `hiring` command: setup, users and tokens."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from hiring.app import create_app
from hiring.cli import COMPANY_NAME_TIP
from hiring.cli import app as cli
from hiring.config import Settings

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("HIRING_DATABASE_URL", url)
    return url


def test_setup_migrates_fills_demo_data_and_prints_admin_token_once(
    cli_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HIRING_COMPANY_NAME", raising=False)
    first = runner.invoke(cli, ["setup"])
    assert first.exit_code == 0, first.output
    assert "3000 candidates" in first.output
    # One line says how to name the employer on the careers page; nothing is asked.
    tips = [line for line in first.output.splitlines() if "HIRING_COMPANY_NAME" in line]
    assert tips == [COMPANY_NAME_TIP]
    token = next(line.split()[-1] for line in first.output.splitlines() if "token:" in line)
    api = TestClient(create_app(Settings(database_url=cli_db)))
    jobs = api.get("/api/jobs", headers={"Authorization": f"Bearer {token}"})
    assert jobs.status_code == 200
    assert jobs.json()["total"] == 36
    second = runner.invoke(cli, ["setup"])
    assert second.exit_code == 0
    assert "token:" not in second.output
    assert "demo data" not in second.output
    monkeypatch.setenv("HIRING_COMPANY_NAME", "Acme Ltd")
    named = runner.invoke(cli, ["setup"])
    assert named.exit_code == 0
    assert "HIRING_COMPANY_NAME" not in named.output


def test_users_and_tokens_commands(cli_db: str) -> None:
    runner.invoke(cli, ["db", "upgrade"])
    created = runner.invoke(
        cli,
        ["users", "create", "sam@example.com", "--password", "long password", "--role", "viewer"],
    )
    assert created.exit_code == 0, created.output
    listed = runner.invoke(cli, ["users", "list"])
    assert "sam@example.com\tviewer" in listed.output

    issued = runner.invoke(cli, ["tokens", "create", "sam@example.com", "--name", "laptop"])
    assert issued.exit_code == 0
    token = issued.output.strip().splitlines()[-1]
    api = TestClient(create_app(Settings(database_url=cli_db)))
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/me", headers=headers).json()["data"]["role"] == "viewer"

    revoked = runner.invoke(cli, ["tokens", "revoke", token[:12]])
    assert "Revoked 1 token" in revoked.output
    assert api.get("/api/me", headers=headers).status_code == 401


def test_cli_refuses_bad_input_clearly(cli_db: str) -> None:
    runner.invoke(cli, ["db", "upgrade"])
    short = runner.invoke(cli, ["users", "create", "a@example.com", "--password", "short"])
    assert short.exit_code == 1
    assert "at least 8" in short.output
    runner.invoke(cli, ["users", "create", "a@example.com", "--password", "long enough"])
    dup = runner.invoke(cli, ["users", "create", "a@example.com", "--password", "long enough"])
    assert dup.exit_code == 1
    assert "already exists" in dup.output
    missing = runner.invoke(cli, ["tokens", "create", "nobody@example.com"])
    assert missing.exit_code == 1


def test_search_rebuild_refills_the_index(cli_db: str) -> None:
    runner.invoke(cli, ["db", "upgrade"])
    engine = create_engine(cli_db)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO candidates (id, name, skills, desired_roles, languages, tags, source, "
                "stage, created_at, updated_at) VALUES ('cand_1', 'Zoë Quinn', '[\"Elm\"]', "
                "'[]', '[]', '[]', 'direct', 'applied', '2026-01-01', '2026-01-01')"
            )
        )
        connection.execute(text("DELETE FROM candidates_fts"))
        connection.execute(text("DELETE FROM candidate_labels"))
    result = runner.invoke(cli, ["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "1 candidates" in result.output
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'zoe AND elm'")
        ).scalar()
        labels = connection.execute(text("SELECT kind, value FROM candidate_labels")).all()
    engine.dispose()
    assert found == 1
    assert [tuple(r) for r in labels] == [("skill", "elm")]


def test_help_shows_no_rich_markup_and_password_is_optional(cli_db: str) -> None:
    shown = runner.invoke(cli, ["users", "create", "--help"])
    assert "<bool>" not in shown.output
    assert "[required]" not in shown.output.split("--password")[1].split("--role")[0]
    flags = runner.invoke(cli, ["import", "candidates", "--help"])
    assert "<bool>" not in flags.output
    assert "--dry-run" in flags.output


def test_users_create_asks_for_the_password_twice(cli_db: str) -> None:
    runner.invoke(cli, ["db", "upgrade"])
    differ = runner.invoke(
        cli, ["users", "create", "ann@example.com"], input="long password\nother one\n"
    )
    assert differ.exit_code != 0
    created = runner.invoke(
        cli, ["users", "create", "ann@example.com"], input="long password\nlong password\n"
    )
    assert created.exit_code == 0, created.output
    assert "long password" not in created.output


def test_users_role_deactivate_reactivate(cli_db: str) -> None:
    runner.invoke(cli, ["db", "upgrade"])
    for email, role in (("boss@example.com", "admin"), ("rae@example.com", "recruiter")):
        made = runner.invoke(
            cli, ["users", "create", email, "--password", "long password", "--role", role]
        )
        assert made.exit_code == 0, made.output
    token = runner.invoke(cli, ["tokens", "create", "rae@example.com"]).output.split()[-1]
    api = TestClient(create_app(Settings(database_url=cli_db)))
    headers = {"Authorization": f"Bearer {token}"}

    assert runner.invoke(cli, ["users", "role", "rae@example.com", "viewer"]).exit_code == 0
    assert api.get("/api/me", headers=headers).json()["data"]["role"] == "viewer"
    last = runner.invoke(cli, ["users", "role", "boss@example.com", "viewer"])
    assert last.exit_code == 1
    assert "last active admin" in last.output
    assert runner.invoke(cli, ["users", "deactivate", "boss@example.com"]).exit_code == 1

    assert runner.invoke(cli, ["users", "deactivate", "rae@example.com"]).exit_code == 0
    assert api.get("/api/me", headers=headers).status_code == 401
    assert "rae@example.com\tviewer (inactive)" in runner.invoke(cli, ["users", "list"]).output
    assert runner.invoke(cli, ["users", "reactivate", "rae@example.com"]).exit_code == 0
    assert "(inactive)" not in runner.invoke(cli, ["users", "list"]).output
    assert runner.invoke(cli, ["users", "deactivate", "nobody@example.com"]).exit_code == 1


def test_tokens_list_and_revoking_an_unknown_token_fails(cli_db: str) -> None:
    runner.invoke(cli, ["db", "upgrade"])
    runner.invoke(cli, ["users", "create", "tia@example.com", "--password", "long password"])
    token = runner.invoke(cli, ["tokens", "create", "tia@example.com", "--name", "ci"])
    prefix = token.output.split()[-1][:12]
    listed = runner.invoke(cli, ["tokens", "list"])
    assert listed.exit_code == 0
    assert f"{prefix}…\tci\ttia@example.com" in listed.output
    unknown = runner.invoke(cli, ["tokens", "revoke", "hir_Unknown"])
    assert unknown.exit_code == 1
    assert "no such token" in unknown.output
    assert runner.invoke(cli, ["tokens", "revoke", prefix]).exit_code == 0
    assert prefix not in runner.invoke(cli, ["tokens", "list"]).output
    assert runner.invoke(cli, ["tokens", "list", "--email", "x@example.com"]).exit_code == 1
