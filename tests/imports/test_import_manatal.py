"""`hiring import manatal` against a loopback fake speaking Manatal's Open API v3: every
candidate page by page, updated (never duplicated) by a second run, matched to people Hiring
already has, resumes stored, and a bad token, rate limits and network failures handled."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.auth.models import User
from hiring.cli import app as cli
from hiring.db import unit_of_work
from hiring.imports.manatal.client import ManatalClient, ManatalError
from hiring.imports.manatal.run import ManatalImport, Outcome
from tests.conftest import Persona
from tests.fakes.manatal import TOKEN, FakeManatal, Scripted, candidate
from tests.imports.conftest import candidates
from tests.imports.test_import_cli import cli_db, runner

__all__ = ["cli_db"]

RESUME = b"Ada Lovelace\nada@example.com\nSkills: Python, Mathematics\n"

RunImport = Callable[..., Outcome]


@pytest.fixture(scope="session")
def manatal_server() -> Iterator[FakeManatal]:
    server = FakeManatal().start()
    yield server
    server.stop()


@pytest.fixture
def manatal(manatal_server: FakeManatal) -> FakeManatal:
    manatal_server.reset()
    return manatal_server


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def run_import(
    app: FastAPI, personas: dict[str, Persona], manatal: FakeManatal, waits: list[float]
) -> RunImport:
    """Run the import as the admin against the fake (waits recorded instead of slept)."""

    def run(token: str = TOKEN, base_url: str | None = None, **options: Any) -> Outcome:
        client = ManatalClient(
            base_url=base_url or manatal.base_url,
            token=token,
            timeout=2.0,
            max_retries=3,
            sleep=waits.append,
        )
        with unit_of_work(app.state.sessions, write=False) as session:
            actor = session.get(User, personas["admin"].user_id)
            assert actor is not None
            session.expunge(actor)
        with client:
            importer = ManatalImport(
                app.state.sessions, app.state.storage, app.state.settings, client
            )
            return importer.run(actor, **options)

    return run


def _fill(manatal: FakeManatal, count: int) -> None:
    for n in range(1, count + 1):
        manatal.add(candidate(n, f"Person {n:03}", email=f"person{n}@example.com"))


def test_every_page_is_imported_with_the_fields_and_the_manatal_source(
    run_import: RunImport, manatal: FakeManatal, admin: TestClient
) -> None:
    manatal.add(
        candidate(
            1000,
            "Ada Lovelace",
            email="Ada@Example.com",
            phone_number="+44 20 7183 8750",
            current_position="Analyst",
            current_company="Engines Ltd",
            candidate_location="London, UK",
            description="<p>Writes the <b>first</b> programs</p>",
            skills=[{"id": 1, "skill_name": "Python"}, {"id": 2, "name": "Maths"}],
            candidate_tags=[{"tag_id": 4, "tag_name": "Shortlist"}],
        ),
        linkedin="https://www.linkedin.com/in/ada/",
    )
    _fill(manatal, 149)

    outcome = run_import()

    assert outcome.error is None
    assert outcome.report.errors == []
    assert (outcome.total, outcome.report.rows, outcome.report.created) == (150, 150, 150)
    assert len(manatal.calls(r"^/open/v3/candidates/$")) == 2  # 100 a page, then `next`
    ada = candidates(admin, search="Ada Lovelace")[0]
    assert ada["email"] == "Ada@example.com"
    assert ada["source"] == "manatal"
    assert ada["phone"] == "+44 20 7183 8750"
    assert (ada["current_title"], ada["current_company"]) == ("Analyst", "Engines Ltd")
    assert ada["location"] == "London, UK"
    assert ada["linkedin_url"] == "https://www.linkedin.com/in/ada/"
    assert ada["skills"] == ["Python", "Maths"]
    assert ada["tags"] == ["Shortlist"]
    assert ada["notes"] == "Writes the first programs"
    listed = admin.get("/api/imports").json()["data"]
    assert [(i["source"], i["status"], i["report"]["created"]) for i in listed] == [
        ("manatal", "done", 150)
    ]
    assert all(
        r.headers.get("authorization") == f"Token {TOKEN}" for r in manatal.calls("^/open/v3/")
    )


def test_a_second_run_updates_instead_of_duplicating(
    run_import: RunImport, manatal: FakeManatal, admin: TestClient
) -> None:
    manatal.add(candidate(1, "Grace Hopper", email="grace@example.com"))
    manatal.add(candidate(2, "Alan Turing"))
    run_import()
    # Since then: Grace changed her email in Manatal, Alan gained a position.
    manatal.candidates[0]["email"] = "grace@navy.example"
    manatal.candidates[1]["current_position"] = "Codebreaker"

    second = run_import()

    assert (second.report.created, second.report.updated, second.report.skipped) == (0, 1, 1)
    people = candidates(admin)
    assert [p["name"] for p in people] == ["Alan Turing", "Grace Hopper"]
    assert people[0]["current_title"] == "Codebreaker"
    # Filled fields are never overwritten: Grace keeps the email she was imported with.
    assert people[1]["email"] == "grace@example.com"
    assert len(admin.get("/api/imports").json()["data"]) == 2


def test_a_person_already_in_hiring_is_matched_by_email_and_gains_only_empty_fields(
    run_import: RunImport, manatal: FakeManatal, admin: TestClient
) -> None:
    known = admin.post(
        "/api/candidates",
        json={"name": "Katherine Johnson", "email": "kj@example.com", "current_title": "Lead"},
    ).json()["data"]
    manatal.add(
        candidate(
            9,
            "K. Johnson",
            email="KJ@example.com ",
            current_position="Mathematician",
            current_company="NASA",
        )
    )

    first = run_import()
    again = run_import()

    assert (first.report.created, first.report.updated) == (0, 1)
    assert (again.report.created, again.report.updated, again.report.skipped) == (0, 0, 1)
    [person] = candidates(admin)
    assert person["id"] == known["id"]
    assert (person["name"], person["current_title"]) == ("Katherine Johnson", "Lead")
    assert person["current_company"] == "NASA"
    assert person["source"] == known["source"]


def test_resumes_are_stored_through_the_upload_path_once(
    run_import: RunImport, manatal: FakeManatal, admin: TestClient
) -> None:
    manatal.add(candidate(3, "Ada Lovelace"), resume=("ada-cv.txt", RESUME))
    manatal.add(candidate(4, "No Resume"))

    first = run_import()
    second = run_import()

    assert (first.resumes, second.resumes) == (1, 0)
    assert first.resume_errors == []
    ada = candidates(admin, search="Ada")[0]
    files = admin.get(f"/api/candidates/{ada['id']}/files").json()["data"]
    assert [(f["filename"], f["kind"]) for f in files] == [("ada-cv.txt", "resume")]
    # The resume was read like an upload: it filled the empty email.
    assert ada["email"] == "ada@example.com"
    # The storage link got no token.
    downloads = manatal.calls("^/files/")
    assert downloads and all("authorization" not in r.headers for r in downloads)


def test_a_resume_that_cannot_be_fetched_is_reported_and_the_rest_goes_on(
    run_import: RunImport, manatal: FakeManatal, admin: TestClient
) -> None:
    manatal.add(candidate(5, "Lost Resume"), resume=("gone.pdf", b"%PDF-1.4"))
    del manatal.files["gone.pdf"]

    outcome = run_import()

    assert outcome.report.created == 1
    assert outcome.resumes == 0
    assert outcome.resume_errors == [
        "Manatal candidate 5: The resume could not be fetched (HTTP 404)"
    ]


def test_a_bad_token_stops_before_anything_is_written(
    run_import: RunImport, manatal: FakeManatal, admin: TestClient
) -> None:
    _fill(manatal, 2)

    with pytest.raises(ManatalError) as refused:
        run_import(token="wrong")

    assert refused.value.reason == "unauthorized"
    assert "MANATAL_API_TOKEN" in refused.value.message
    assert candidates(admin) == []
    assert admin.get("/api/imports").json()["data"] == []


def test_rate_limits_are_waited_out_as_manatal_asks(
    run_import: RunImport, manatal: FakeManatal, waits: list[float], admin: TestClient
) -> None:
    _fill(manatal, 2)
    manatal.script.extend([Scripted(429, headers={"Retry-After": "7"}), Scripted(503)])

    outcome = run_import()

    assert outcome.error is None
    assert outcome.report.created == 2
    assert waits == [7.0, 2.0]  # Retry-After, then the doubling backoff (1 s, 2 s, …)


def test_a_rate_limit_that_lasts_stops_the_run_and_records_it_failed(
    run_import: RunImport, manatal: FakeManatal, waits: list[float], admin: TestClient
) -> None:
    _fill(manatal, 101)
    # Page 1 and its 101 social-media calls pass; page 2 is refused past every retry.
    manatal.script.extend([Scripted(200, delay=0)] * 101 + [Scripted(429)] * 4)

    outcome = run_import(with_resumes=False)

    assert outcome.error is not None and "rate limit" in outcome.error
    assert outcome.report.created == 100
    [record] = admin.get("/api/imports").json()["data"]
    assert (record["status"], record["rows_done"]) == ("failed", 100)
    assert len(candidates(admin)) == 100


def test_a_network_failure_is_a_clear_error(run_import: RunImport, waits: list[float]) -> None:
    with pytest.raises(ManatalError) as failed:
        run_import(base_url="http://127.0.0.1:9/open/v3")

    assert failed.value.reason == "unreachable"
    assert "HIRING_MANATAL_BASE_URL" in failed.value.message
    assert len(waits) == 3


def test_a_dry_run_writes_nothing_and_reports_the_same(
    run_import: RunImport, manatal: FakeManatal, admin: TestClient
) -> None:
    admin.post("/api/candidates", json={"name": "Known", "email": "person1@example.com"})
    _fill(manatal, 3)
    manatal.add(candidate(4, "Bad Mail", email="not an email"))
    manatal.add(candidate(5, "Has Resume"), resume=("cv.txt", RESUME))

    dry = run_import(dry_run=True)

    assert (dry.report.created, dry.report.skipped, dry.report.failed) == (3, 1, 1)
    assert dry.report.errors[0]["field"] == "email"
    assert [p["name"] for p in candidates(admin)] == ["Known"]
    assert admin.get("/api/imports").json()["data"] == []
    assert manatal.calls("^/files/") == []
    real = run_import()
    assert (real.report.created, real.report.skipped, real.report.failed) == (3, 1, 1)


def test_the_command_prints_the_report_and_a_bad_token_exits_non_zero(
    cli_db: str, manatal: FakeManatal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(manatal, 3)
    manatal.add(candidate(4, "Bad Mail", email="not an email"))
    monkeypatch.setenv("HIRING_MANATAL_BASE_URL", manatal.base_url)
    monkeypatch.setenv("MANATAL_API_TOKEN", TOKEN)

    dry = runner.invoke(cli, ["import", "manatal", "--dry-run"])
    real = runner.invoke(cli, ["import", "manatal"])

    assert dry.exit_code == 0, dry.output
    assert "Dry run: 4 of 4 candidates" in dry.output
    assert "created 3, updated 0, skipped 0, failed 1" in dry.output
    assert "Manatal candidate 4: email:" in dry.output
    assert real.exit_code == 0, real.output
    assert "created 3, updated 0, skipped 0, failed 1" in real.output
    assert "resumes stored 0" in real.output
    monkeypatch.setenv("MANATAL_API_TOKEN", "wrong")
    refused = runner.invoke(cli, ["import", "manatal"])
    assert refused.exit_code == 1
    assert "Manatal refused the token (HTTP 401); check MANATAL_API_TOKEN" in refused.output
    monkeypatch.delenv("MANATAL_API_TOKEN")
    missing = runner.invoke(cli, ["import", "manatal"])
    assert missing.exit_code == 1
    assert "set MANATAL_API_TOKEN" in missing.output


def test_a_merged_record_keeps_the_manatal_id_for_the_next_run(
    run_import: RunImport, manatal: FakeManatal, admin: TestClient
) -> None:
    manatal.add(candidate(11, "Mary Jackson", current_company="NACA"))
    run_import()
    [imported] = candidates(admin)
    kept = admin.post("/api/candidates", json={"name": "Mary W. Jackson"}).json()["data"]
    merged = admin.post(f"/api/candidates/{kept['id']}/merge", json={"other_id": imported["id"]})
    assert merged.status_code == 200, merged.text

    again = run_import()

    assert (again.report.created, again.report.skipped) == (0, 1)
    assert [p["id"] for p in candidates(admin)] == [kept["id"]]
