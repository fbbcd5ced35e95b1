"""Uploads as the API and the portal run them: no transaction is open while the file is stored
and read.

Storing an object (S3 answers in tens of milliseconds, or seconds when slow) and reading a
resume (a bounded child process, up to ``HIRING_RESUME_PARSE_SECONDS``) happen between two
short units of work: a read that checks the owner exists, and a write that records the file.
On SQLite a write transaction held across them would stop every other writer meanwhile.
"""

from typing import BinaryIO

from sqlalchemy.orm import Session, sessionmaker

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import unit_of_work
from hiring.files import service
from hiring.files.models import FileKind
from hiring.files.schemas import FileUploadOut
from hiring.owners import Owner, require_owner
from hiring.storage import Storage


def upload(
    sessions: sessionmaker[Session],
    storage: Storage,
    owner: Owner,
    source: BinaryIO,
    filename: str | None,
    *,
    user: User,
    max_bytes: int,
    kind: FileKind | None = None,
    keep_resume_text: bool = False,
) -> FileUploadOut:
    """Store a file of a job or candidate; a candidate's resume is also read into them."""
    with unit_of_work(sessions, write=False) as session:
        target = require_owner(session, owner)
        may_be_resume = isinstance(target, Candidate) and kind in (None, FileKind.resume)
    received = service.receive(
        storage, owner, source, filename, max_bytes=max_bytes, read_resume=may_be_resume
    )
    with service.discarded_on_error(storage, received), unit_of_work(sessions) as session:
        recorded = service.record_upload(
            session, storage, received, user=user, kind=kind, keep_resume_text=keep_resume_text
        )
        return FileUploadOut.model_validate(recorded.record).model_copy(
            update={"extracted": recorded.extracted, "duplicate": recorded.duplicate}
        )
