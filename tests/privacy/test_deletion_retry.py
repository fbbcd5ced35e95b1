"""A stored object the storage refused to delete during an erasure is queued and retried on a
schedule, waiting longer each time, until a recovered storage deletes it."""

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from hiring.db import unit_of_work, utcnow
from hiring.files.deletions import DeletionRetry, next_attempt
from hiring.files.models import ObjectDeletion
from hiring.storage import Storage
from tests.files.conftest import Failing
from tests.files.test_files import stored
from tests.privacy.conftest import Person
from tests.privacy.test_erasure import erase


def _queued(app: FastAPI) -> list[ObjectDeletion]:
    with unit_of_work(app.state.sessions, write=False) as session:
        rows = list(session.scalars(select(ObjectDeletion)))
        session.expunge_all()
        return rows


def _make_due(app: FastAPI) -> None:
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            update(ObjectDeletion).values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )


def _objects_of(storage: Storage, candidate_id: str) -> list[str]:
    return [key for key in stored(storage) if candidate_id in key]


def test_backoff_doubles_up_to_a_day() -> None:
    now = utcnow()
    waits = [next_attempt(now, n) - now for n in (1, 2, 3, 20)]
    minutes = [timedelta(minutes=m) for m in (5, 10, 20)]
    assert waits == [*minutes, timedelta(days=1)]


def test_a_failed_delete_is_queued_and_retried_until_the_storage_recovers(
    app: FastAPI, admin: TestClient, storage: Storage, person: Person
) -> None:
    failing = Failing(storage, on="delete")
    app.state.storage = failing
    try:
        assert erase(admin, person.id).status_code == 200
    finally:
        app.state.storage = storage
    [left] = _objects_of(storage, person.id)
    [entry] = _queued(app)
    assert entry.storage_key == left
    assert entry.attempts == 1
    assert entry.next_attempt_at > utcnow()

    # Not due yet: nothing is tried.
    assert DeletionRetry(app.state.sessions, storage)().deleted == []
    assert _objects_of(storage, person.id) == [left]

    # Due, and the storage still fails: tried again later, after a longer wait.
    _make_due(app)
    outcome = DeletionRetry(app.state.sessions, failing)()
    assert outcome.failed == [left]
    [entry] = _queued(app)
    assert entry.attempts == 2
    assert entry.next_attempt_at > utcnow() + timedelta(minutes=9)

    # The storage has recovered: the object goes, and so does the queue entry.
    _make_due(app)
    assert DeletionRetry(app.state.sessions, storage)().deleted == [left]
    assert _objects_of(storage, person.id) == []
    assert _queued(app) == []
