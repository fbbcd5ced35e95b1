"""After an erasure the person's data is nowhere: not in any table, not in the SQLite files
(free pages, WAL, full-text index), not in the storage, even when a delete failed at first."""

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url

from hiring.candidates.models import RemovedCandidate
from hiring.db import unit_of_work
from hiring.files import service as files
from hiring.models import Base
from hiring.storage import Storage
from tests.files.conftest import Failing
from tests.files.test_files import stored
from tests.privacy.conftest import Person, make_person
from tests.privacy.test_erasure import erase

TEXT_TYPES = ("char", "text", "json", "clob")


@pytest.fixture
def stored_person(
    storage: Storage, app: FastAPI, recruiter: TestClient, anon: TestClient
) -> Person:
    """A person whose file is in ``storage`` (local disk, then S3)."""
    return make_person(app, recruiter, anon)


def _objects_of(storage: Storage, candidate_id: str) -> list[str]:
    return [key for key in stored(storage) if candidate_id in key]


def _traces(person: Person) -> list[str]:
    """What identifies the person: name, email, the note's text, and each in lower case (the
    full-text index keeps words lower-cased)."""
    found = [person.name, person.email, person.note]
    return found + [t.lower() for t in found] + person.name.lower().split()[1:]


def _rows_holding(connection: Connection, needle: str) -> list[str]:
    """Every table.column (of the models' tables) with a value containing ``needle``."""
    held = []
    for table in Base.metadata.sorted_tables:
        for column in inspect(connection).get_columns(table.name):
            if not any(t in str(column["type"]).lower() for t in TEXT_TYPES):
                continue
            as_text = f'CAST("{column["name"]}" AS TEXT)'
            query = text(f'SELECT count(*) FROM "{table.name}" WHERE {as_text} LIKE :n')
            if connection.execute(query, {"n": f"%{needle}%"}).scalar():
                held.append(f"{table.name}.{column['name']}")
    return held


def test_no_table_holds_the_person_afterwards(
    app: FastAPI, admin: TestClient, person: Person
) -> None:
    with app.state.engine.connect() as connection:
        assert "notes.body" in _rows_holding(connection, person.note)
        assert "candidates.email" in _rows_holding(connection, person.email)
    erase(admin, person.id)
    with app.state.engine.connect() as connection:
        for needle in (person.name, person.email, person.note):
            assert _rows_holding(connection, needle) == [], needle


def _database_bytes(app: FastAPI) -> bytes:
    path = Path(make_url(str(app.state.settings.database_url)).database or "")
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_sqlite_files_hold_no_trace_after_the_checkpoint(
    app: FastAPI, admin: TestClient, person: Person
) -> None:
    if app.state.engine.dialect.name != "sqlite":
        pytest.skip("the database files are SQLite's")
    before = _database_bytes(app)
    assert person.email.encode() in before and person.note.encode() in before
    erase(admin, person.id)
    after = _database_bytes(app)
    for trace in _traces(person):
        assert trace.encode() not in after, trace


def test_storage_keeps_no_object_of_the_person(
    admin: TestClient, storage: Storage, stored_person: Person
) -> None:
    assert _objects_of(storage, stored_person.id) != []
    erase(admin, stored_person.id)
    assert _objects_of(storage, stored_person.id) == []


def test_a_failing_storage_still_erases_and_the_sweep_removes_the_object_later(
    app: FastAPI,
    admin: TestClient,
    storage: Storage,
    stored_person: Person,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app.state.storage = Failing(storage, on="delete")
    with caplog.at_level(logging.ERROR, logger="hiring.files"):
        response = erase(admin, stored_person.id)
    app.state.storage = storage
    assert response.status_code == 200
    assert admin.get(f"/api/candidates/{stored_person.id}").json()["error"]["code"] == "erased"
    with unit_of_work(app.state.sessions, write=False) as session:
        assert session.get(RemovedCandidate, stored_person.id) is not None
    [left] = _objects_of(storage, stored_person.id)
    assert any(left in record.getMessage() for record in caplog.records)

    # `hiring files sweep` (the operator's cron) finds the object: no record points to it.
    with unit_of_work(app.state.sessions, write=False) as session:
        removed = files.sweep_orphans(session, storage, older_than=timedelta(seconds=-5))
    assert removed == [left]
    assert _objects_of(storage, stored_person.id) == []
