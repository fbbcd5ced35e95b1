"""Notes on jobs and candidates. Every change is also an activity on the owner."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.db import fetch_page
from hiring.errors import NotFound
from hiring.events import service as events
from hiring.notes.models import Note
from hiring.notes.schemas import NoteOut
from hiring.owners import Owner, require_owner

PREVIEW_LENGTH = 200


def list_notes(
    session: Session, owner: Owner, *, limit: int, offset: int = 0
) -> tuple[list[Note], int]:
    require_owner(session, owner)
    order = (Note.created_at.desc(), Note.id.desc())
    return fetch_page(session, Note, [owner.owns(Note)], order, limit=limit, offset=offset)


def add_note(
    session: Session,
    owner: Owner,
    body: str,
    *,
    author: str | None,
    user: User | None,
    application_id: str | None = None,
) -> Note:
    """Add a note. ``author`` is who it is by, as given (default: the writer); ``created_by``
    always records the signed-in writer. ``user`` is None when the person wrote it themselves:
    the cover note of the public application ``application_id``."""
    require_owner(session, owner)
    actor = user.email if user else None
    note = Note(
        body=body,
        author=author or actor,
        created_by=actor,
        application_id=application_id,
        **owner.columns(),
    )
    session.add(note)
    session.flush()
    activities.log(
        session,
        owner,
        "note_added",
        "Note added",
        actor=actor,
        body=body[:PREVIEW_LENGTH],
        data={"note_id": note.id},
    )
    events.emit(
        session, events.NOTE_CREATED, NoteOut.model_validate(note), candidate_id=note.candidate_id
    )
    return note


def get_note(session: Session, owner: Owner, note_id: str) -> Note:
    """The note, only if it belongs to this owner: a note id is not valid under another path."""
    require_owner(session, owner)
    note = session.scalar(select(Note).where(Note.id == note_id, owner.owns(Note)))
    if note is None:
        raise NotFound("No such note")
    return note


def edit_note(session: Session, owner: Owner, note_id: str, body: str, *, user: User) -> Note:
    note = get_note(session, owner, note_id)
    note.body = body
    session.flush()
    activities.log(
        session,
        owner,
        "note_edited",
        "Note edited",
        actor=user.email,
        body=body[:PREVIEW_LENGTH],
        data={"note_id": note.id},
    )
    return note


def delete_note(session: Session, owner: Owner, note_id: str, *, user: User) -> None:
    note = get_note(session, owner, note_id)
    session.delete(note)
    session.flush()
    activities.log(
        session, owner, "note_deleted", "Note deleted", actor=user.email, data={"note_id": note_id}
    )
