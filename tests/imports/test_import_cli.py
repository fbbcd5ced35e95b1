"""`hiring import candidates`: the same import from the command line, with its report."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hiring.app import create_app
from hiring.cli import app as cli
from hiring.config import Settings
from tests.imports.conftest import csv_bytes

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("HIRING_DATABASE_URL", url)
    monkeypatch.setenv("HIRING_STORAGE_URL", f"file://{tmp_path / 'files'}")
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(
        cli,
        ["users", "create", "admin@example.com", "--password", "long enough", "--role", "admin"],
    )
    assert created.exit_code == 0, created.output
    return url


def _names(url: str) -> list[str]:
    api = TestClient(create_app(Settings(database_url=url)))
    with api:
        token = runner.invoke(cli, ["tokens", "create", "admin@example.com"]).output.split()[-1]
        listed = api.get(
            "/api/candidates",
            params={"sort": "name"},
            headers={"Authorization": f"Bearer {token}"},
        )
    return [c["name"] for c in listed.json()["data"]]


def test_a_dry_run_then_an_import_print_the_report(cli_db: str, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_bytes(
        csv_bytes("Who,Email", "Ada Lovelace,ada@example.com", "No Mail,bad", "Ada,ada@example.com")
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Who": "name"}))

    dry = runner.invoke(
        cli, ["import", "candidates", str(people), "--mapping", str(mapping), "--dry-run"]
    )

    assert dry.exit_code == 0, dry.output
    assert "Dry run: 3 rows" in dry.output
    assert "created 1, updated 0, skipped 1, failed 1" in dry.output
    assert "row 3: email:" in dry.output
    assert _names(cli_db) == []

    real = runner.invoke(
        cli,
        ["import", "candidates", str(people), "--mapping", str(mapping), "--source", "referral"],
    )

    assert real.exit_code == 0, real.output
    assert "created 1, updated 0, skipped 1, failed 1" in real.output
    assert _names(cli_db) == ["Ada Lovelace"]


def test_a_file_that_cannot_be_read_exits_non_zero(cli_db: str, tmp_path: Path) -> None:
    missing = runner.invoke(cli, ["import", "candidates", str(tmp_path / "nothing.csv")])
    assert missing.exit_code == 1
    nameless = tmp_path / "nameless.csv"
    nameless.write_bytes(csv_bytes("Email", "a@example.com"))
    refused = runner.invoke(cli, ["import", "candidates", str(nameless)])
    assert refused.exit_code == 1
    assert "name" in refused.output
