"""Files of jobs and candidates: records in the database, bytes in storage, kept consistent.

The database is the source of truth and the object is written first: an upload stores the
object and reads a resume with no transaction open (``receive``), then records it in a short
unit of work (``record_upload``); when that does not commit, the object is removed again.
Deleting removes records in the transaction and their objects only once it has committed, so a
failed request never leaves a record without its object. A storage failure while removing
after the commit is logged with the key and queued to be tried again on a schedule
(``files.deletions``); `hiring files sweep` removes any orphan left beyond that.
"""

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, BinaryIO, NamedTuple

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session, SessionTransaction

from hiring.activities import service as activities
from hiring.applications.models import JobApplication
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import fetch_page, utcnow
from hiring.errors import NotFound, PayloadTooLarge, Unavailable
from hiring.events import service as events
from hiring.filenames import sanitise_filename
from hiring.files import deletions
from hiring.files.filetypes import FileType, sniff
from hiring.files.models import FileKind, StoredFile
from hiring.files.schemas import FileOut
from hiring.ids import new_id
from hiring.owners import Owner, require_owner
from hiring.resumes.extract import READABLE
from hiring.resumes.schemas import Extracted
from hiring.resumes.service import ResumeRead, apply_resume
from hiring.resumes.service import read_resume as read_resume_file
from hiring.storage import ObjectMissing, Storage, StorageError, TooLarge

log = logging.getLogger("hiring.files")

_PENDING = "hiring.files.pending"
IMPORT_OBJECTS = "imports/"


@dataclass
class _Pending:
    """Objects to remove when the session's transaction ends: written ones unless it commits,
    removed ones only if it commits."""

    written: list[tuple[Storage, str]] = field(default_factory=list)
    removed: list[tuple[Storage, str]] = field(default_factory=list)


def _pending(session: Session) -> _Pending:
    pending: _Pending = session.info.setdefault(_PENDING, _Pending())
    return pending


def _remove_objects(objects: list[tuple[Storage, str]], why: str) -> list[tuple[str, str]]:
    """Delete the objects; returns those the storage refused (key, error kind)."""
    failures = []
    for storage, key in objects:
        try:
            storage.delete(key)
        except StorageError as exc:
            log.exception("Could not delete stored object %s (%s)", key, why)
            failures.append((key, type(exc).__name__))
    return failures


def _remove_after(session: Session, objects: list[tuple[Storage, str]], why: str) -> None:
    """Delete the objects once the session's transaction has ended; those the storage refuses
    are queued to be tried again (``files.deletions``), never silently left."""
    failures = _remove_objects(objects, why)
    if failures:
        deletions.queue_failed(session.get_bind().engine, failures)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released; the real commit is still to come
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        _remove_after(session, pending.removed, "its record was deleted")


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # Still pending once the outermost transaction ends: it did not commit.
    if transaction.parent is None:
        pending = session.info.pop(_PENDING, None)
        if pending is not None:
            _remove_after(session, pending.written, "its record was not saved")


class _Hashing:
    """Passes reads through, computing the SHA-256 of everything read."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


def storage_key(owner: Owner, file_id: str) -> str:
    return f"{owner.kind.value}s/{owner.id}/{file_id}"


def list_files(
    session: Session, owner: Owner, *, limit: int, offset: int = 0
) -> tuple[list[StoredFile], int]:
    require_owner(session, owner)
    order = (StoredFile.created_at.desc(), StoredFile.id.desc())
    return fetch_page(
        session, StoredFile, [owner.owns(StoredFile)], order, limit=limit, offset=offset
    )


def get_file(session: Session, owner: Owner, file_id: str) -> StoredFile:
    """The file, only if it belongs to this owner: a file id is not valid under another path."""
    require_owner(session, owner)
    found = session.scalar(
        select(StoredFile).where(StoredFile.id == file_id, owner.owns(StoredFile))
    )
    if found is None:
        raise NotFound("No such file")
    return found


def _resolve_kind(target: Any, file_type: FileType, kind: FileKind | None) -> FileKind:
    """The kind asked for; unstated, a readable document is the resume of a candidate who has no
    resume text yet, and anything else is `other`."""
    if kind is not None:
        return kind
    if isinstance(target, Candidate) and file_type in READABLE and not target.resume_text:
        return FileKind.resume
    return FileKind.other


@dataclass(frozen=True)
class Received:
    """An upload stored, and read when it may be a resume: the slow part of an upload, done
    with no transaction open (on SQLite a write transaction would hold every other writer while
    the object is written and the resume read). ``record_upload`` then records it."""

    owner: Owner
    file_id: str
    storage_key: str
    filename: str
    file_type: FileType
    size: int
    sha256: str
    resume: ResumeRead | None


def receive(
    storage: Storage,
    owner: Owner,
    source: BinaryIO,
    filename: str | None,
    *,
    max_bytes: int,
    read_resume: bool,
) -> Received:
    """Store an upload (a seekable file) for ``owner`` and, with ``read_resume``, read it as a
    resume. Nothing is written to the database: see ``record_upload`` and ``discarded_on_error``."""
    file_type = sniff(source)
    file_id = new_id("file")
    key = storage_key(owner, file_id)
    hashing = _Hashing(source)
    try:
        size = storage.put(key, hashing, max_bytes=max_bytes, content_type=file_type.value)
    except TooLarge as exc:
        raise PayloadTooLarge(f"The file is larger than {max_bytes} bytes") from exc
    except StorageError as exc:
        log.error("Storing %s failed: %s", key, exc)
        raise Unavailable("File storage is not answering", code="storage_unavailable") from exc
    received = Received(
        owner=owner,
        file_id=file_id,
        storage_key=key,
        filename=sanitise_filename(filename),
        file_type=file_type,
        size=size,
        sha256=hashing.digest.hexdigest(),
        resume=None,
    )
    if not read_resume:
        return received
    with discarded_on_error(storage, received):
        return replace(received, resume=read_resume_file(source, file_type))


@contextmanager
def discarded_on_error(storage: Storage, received: Received | None) -> Iterator[None]:
    """Remove the received object when what follows fails (its record was never committed).
    A unit of work that opens and fails inside this block is covered too: ``record_upload``
    also removes the object when its transaction rolls back."""
    try:
        yield
    except BaseException:
        if received is not None:
            _remove_objects([(storage, received.storage_key)], "its record was not saved")
        raise


class Recorded(NamedTuple):
    record: StoredFile
    extracted: Extracted | None
    # The owner already had these bytes: ``record`` is that file, and nothing new was kept.
    duplicate: bool = False


def record_upload(
    session: Session,
    storage: Storage,
    received: Received,
    *,
    user: User | None,
    kind: FileKind | None = None,
    keep_resume_text: bool = False,
) -> Recorded:
    """Record a received upload under its owner; a candidate's resume read with it fills the
    candidate (see ``resumes.service.apply_resume``). Bytes the owner already has (same
    SHA-256) are not kept twice: the earlier file answers, and the new object is removed.

    ``user`` is None for a resume sent with a public application."""
    _pending(session).written.append((storage, received.storage_key))
    owner = received.owner
    target = require_owner(session, owner)
    same = session.scalar(
        select(StoredFile)
        .filter_by(**owner.columns(), sha256=received.sha256)
        .order_by(StoredFile.created_at, StoredFile.id)
        .limit(1)
    )
    if same is not None:
        _pending(session).removed.append((storage, received.storage_key))
        return Recorded(same, None, duplicate=True)
    kind = _resolve_kind(target, received.file_type, kind)
    record = StoredFile(
        id=received.file_id,
        filename=received.filename,
        content_type=received.file_type.value,
        size=received.size,
        sha256=received.sha256,
        kind=kind.value,
        storage_key=received.storage_key,
        uploaded_by=user.email if user else None,
        **owner.columns(),
    )
    session.add(record)
    session.flush()

    extracted = None
    if isinstance(target, Candidate) and kind == FileKind.resume and received.resume is not None:
        before = (target.resume_text, target.resume_parsed)
        extracted = apply_resume(target, received.resume, keep_resume_text=keep_resume_text)
        session.flush()
        if extracted.filled or (target.resume_text, target.resume_parsed) != before:
            events.candidate_changed(session, events.CANDIDATE_UPDATED, target)
    parse_error = extracted.parse_error if extracted else None
    activities.log(
        session,
        owner,
        "file_uploaded",
        f"File uploaded: {record.filename}",
        actor=user.email if user else None,
        # Why a resume was kept unread, where the portal's timeline shows it.
        body=f"The resume was not read: {parse_error}" if parse_error else None,
        data={
            "file_id": record.id,
            "kind": record.kind,
            "size": received.size,
            "filled": extracted.filled if extracted else [],
            "parse_error": parse_error,
        },
    )
    events.emit(
        session,
        events.FILE_CREATED,
        FileOut.model_validate(record),
        candidate_id=record.candidate_id,
    )
    return Recorded(record, extracted)


def open_content(storage: Storage, record: StoredFile) -> Iterator[bytes]:
    try:
        return storage.open(record.storage_key)
    except ObjectMissing as exc:
        log.error("File %s has no stored object %s", record.id, record.storage_key)
        raise NotFound("The file's content is missing") from exc
    except StorageError as exc:
        raise Unavailable("File storage is not answering", code="storage_unavailable") from exc


def delete_file(
    session: Session, storage: Storage, owner: Owner, file_id: str, *, user: User
) -> None:
    record = get_file(session, owner, file_id)
    _pending(session).removed.append((storage, record.storage_key))
    session.delete(record)
    session.flush()
    activities.log(
        session,
        owner,
        "file_deleted",
        f"File deleted: {record.filename}",
        actor=user.email,
        data={"file_id": file_id},
    )


def sweep_orphans(session: Session, storage: Storage, *, older_than: timedelta) -> list[str]:
    """Remove objects no file record points to (left by a storage failure after a delete).

    Only objects older than ``older_than`` are considered, so an upload whose record is about
    to be committed is never taken for an orphan.
    """
    removed = []
    for key in storage.keys(modified_before=utcnow() - older_than):
        # Import files are no file records: an import removes its own (`hiring.imports`).
        if key.startswith(IMPORT_OBJECTS):
            continue
        if session.scalar(select(StoredFile.id).where(StoredFile.storage_key == key)) is None:
            storage.delete(key)
            removed.append(key)
    return removed


def forget_owner_files(session: Session, storage: Storage, owner: Owner) -> None:
    """Before a job or candidate is deleted (its rows go by cascade): remove its files' objects
    once the deletion has committed."""
    keys = session.scalars(select(StoredFile.storage_key).where(owner.owns(StoredFile)))
    _pending(session).removed.extend((storage, key) for key in keys)


class FilesTakenOver(NamedTuple):
    moved: int
    # Files whose bytes the target already had: the target's file answers for them.
    duplicates: int


def shared_files(session: Session, source: Owner, target: Owner) -> int:
    """How many of ``source``'s files ``target`` already has (the same SHA-256)."""
    target_hashes = select(StoredFile.sha256).where(target.owns(StoredFile))
    query = select(func.count()).where(
        source.owns(StoredFile), StoredFile.sha256.in_(target_hashes)
    )
    return session.scalar(query) or 0


def take_over_files(
    session: Session, storage: Storage, source: Owner, target: Owner
) -> FilesTakenOver:
    """Give ``source``'s files to ``target`` (a merge). Bytes ``target`` already has are kept
    once: the duplicate record goes (applications that sent it point at the kept file) and
    its object is removed once the transaction commits, as a deletion's are."""
    kept: dict[str, str] = {}
    for sha256, file_id in session.execute(
        select(StoredFile.sha256, StoredFile.id)
        .where(target.owns(StoredFile))
        .order_by(StoredFile.created_at, StoredFile.id)
    ):
        kept.setdefault(sha256, file_id)
    moved = duplicates = 0
    records = session.scalars(
        select(StoredFile)
        .where(source.owns(StoredFile))
        .order_by(StoredFile.created_at, StoredFile.id)
    ).all()
    for record in records:
        same = kept.get(record.sha256)
        if same is None:
            for column, value in target.columns().items():
                setattr(record, column, value)
            kept[record.sha256] = record.id
            moved += 1
            continue
        session.execute(
            update(JobApplication)
            .where(JobApplication.file_id == record.id)
            .values(file_id=same)
            .execution_options(synchronize_session="fetch")
        )
        _pending(session).removed.append((storage, record.storage_key))
        session.delete(record)
        duplicates += 1
    session.flush()
    return FilesTakenOver(moved, duplicates)
