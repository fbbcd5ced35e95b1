"""Stored objects whose deletion failed (the storage was down when their records went): kept
in ``object_deletions`` and tried again every few minutes by the job queue's scheduler, each
time waiting twice as long, until the storage confirms the object is gone. `hiring files
sweep` stays the operator's tool for objects no record names and no queue entry remembers."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hiring.db import unit_of_work, utcnow
from hiring.files.models import ObjectDeletion, StoredFile
from hiring.storage import Storage, StorageError

log = logging.getLogger("hiring.files")

RETRY_DELETIONS = "hiring.retry_object_deletions"
FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(days=1)
# Objects tried per run of the job.
RETRY_BATCH = 200


def next_attempt(now: datetime, attempts: int) -> datetime:
    """When to try again after ``attempts`` failures: 5 minutes, doubling, at most a day."""
    return now + min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def queue_failed(engine: Engine, failures: Iterable[tuple[str, str]]) -> None:
    """Remember objects (key, error kind) that could not be deleted, in a transaction of their
    own (their records' transaction has ended). If the database fails too, the log keeps the
    keys and `hiring files sweep` still finds the objects."""
    now = utcnow()
    try:
        with Session(bind=engine.execution_options(sqlite_write=True)) as session, session.begin():
            for key, error in failures:
                found = session.get(ObjectDeletion, key)
                if found is None:
                    found = ObjectDeletion(storage_key=key, attempts=0)
                    session.add(found)
                found.attempts += 1
                found.last_error = error[:200]
                found.next_attempt_at = next_attempt(now, found.attempts)
    except SQLAlchemyError:
        log.exception("Could not queue the retry of failed object deletions")


@dataclass(frozen=True)
class RetryOutcome:
    deleted: list[str]
    failed: list[str]


class DeletionRetry:
    """The scheduled job: try the due deletions again (storage calls outside any transaction)."""

    def __init__(self, sessions: sessionmaker[Session], storage: Storage) -> None:
        self.sessions = sessions
        self.storage = storage

    def __call__(self) -> RetryOutcome:
        with unit_of_work(self.sessions, write=False) as session:
            due = list(
                session.scalars(
                    select(ObjectDeletion.storage_key)
                    .where(ObjectDeletion.next_attempt_at <= utcnow())
                    .order_by(ObjectDeletion.next_attempt_at)
                    .limit(RETRY_BATCH)
                )
            )
            # A key a record names again is not an orphan: leave the object, drop the entry.
            named = set(
                session.scalars(
                    select(StoredFile.storage_key).where(StoredFile.storage_key.in_(due))
                )
            )
        deleted, failed = [], []
        for key in due:
            if key in named:
                deleted.append(key)
                continue
            try:
                self.storage.delete(key)
            except StorageError as exc:
                log.warning("Deleting stored object %s failed again (%s)", key, type(exc).__name__)
                failed.append(key)
            else:
                deleted.append(key)
        self._record(deleted, failed)
        return RetryOutcome(deleted, failed)

    def _record(self, deleted: list[str], failed: list[str]) -> None:
        now = utcnow()
        with unit_of_work(self.sessions) as session:
            for key in deleted:
                entry = session.get(ObjectDeletion, key)
                if entry is not None:
                    session.delete(entry)
            for key in failed:
                entry = session.get(ObjectDeletion, key)
                if entry is not None:
                    entry.attempts += 1
                    entry.last_error = "StorageError"
                    entry.next_attempt_at = next_attempt(now, entry.attempts)
            session.flush()
