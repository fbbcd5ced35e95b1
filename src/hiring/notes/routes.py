"""Notes under jobs and candidates: the same routes for both owners."""

from hiring.auth.deps import CurrentUser, Writer
from hiring.http import (
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.notes import service
from hiring.notes.schemas import NoteCreate, NoteOut, NoteUpdate
from hiring.owners import Owner, OwnerKind

router = api_router("/api", tags=["notes"])


def _add_routes(kind: OwnerKind, collection: str) -> None:
    base = f"/{collection}/{{owner_id}}/notes"

    def owner(owner_id: str) -> Owner:
        return Owner(kind, owner_id)

    @router.get(base, response_model=ListEnvelope[NoteOut], name=f"list_{kind}_notes")
    def list_notes(owner_id: str, session: DbSession, page: PageParams, _user: CurrentUser) -> dict:
        """Notes, newest first."""
        notes, total = service.list_notes(
            session, owner(owner_id), limit=page.limit, offset=page.offset
        )
        return ok_list([NoteOut.model_validate(n) for n in notes], total)

    @router.post(base, response_model=Envelope[NoteOut], status_code=201, name=f"add_{kind}_note")
    def add_note(owner_id: str, body: NoteCreate, session: DbSession, user: Writer) -> dict:
        """Add a note; `author` defaults to the caller's email. Whoever `author` names,
        `created_by` records the caller's email."""
        note = service.add_note(session, owner(owner_id), body.body, author=body.author, user=user)
        return ok(NoteOut.model_validate(note))

    @router.patch(f"{base}/{{note_id}}", response_model=Envelope[NoteOut], name=f"edit_{kind}_note")
    def edit_note(
        owner_id: str, note_id: str, body: NoteUpdate, session: DbSession, user: Writer
    ) -> dict:
        """Edit a note's text."""
        note = service.edit_note(session, owner(owner_id), note_id, body.body, user=user)
        return ok(NoteOut.model_validate(note))

    @router.delete(f"{base}/{{note_id}}", response_model=Envelope[dict], name=f"delete_{kind}_note")
    def delete_note(owner_id: str, note_id: str, session: DbSession, user: Writer) -> dict:
        """Delete a note."""
        service.delete_note(session, owner(owner_id), note_id, user=user)
        return ok({"id": note_id, "deleted": True})


_add_routes(OwnerKind.job, "jobs")
_add_routes(OwnerKind.candidate, "candidates")
