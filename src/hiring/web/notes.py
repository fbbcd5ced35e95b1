"""Adding, editing and deleting notes on a job's or a candidate's page."""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from hiring.errors import Invalid, NotFound
from hiring.http import DbSession
from hiring.notes import service
from hiring.notes.schemas import NoteUpdate
from hiring.owners import Owner
from hiring.web.deps import Form, PortalWriter
from hiring.web.forms import validate

router = APIRouter()

OWNERS = {"jobs": Owner.job, "candidates": Owner.candidate}


def owner_of(kind: str, owner_id: str) -> Owner:
    """The job or candidate a portal address such as ``/admin/jobs/{id}/…`` is about."""
    if kind not in OWNERS:
        raise NotFound("No such page")
    return OWNERS[kind](owner_id)


def _body(form: FormData) -> str:
    """The note text, validated by the same schema the API uses."""
    raw = form.get("body")
    data, errors = validate(NoteUpdate, {"body": raw if isinstance(raw, str) else ""})
    if data is None:
        message = "Write something first" if errors.get("body") == "Required" else errors["body"]
        raise Invalid.field("body", message)
    return data.body


def _back(kind: str, owner_id: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/{kind}/{owner_id}#notes", status_code=303)


@router.post("/{kind}/{owner_id}/notes")
def add_note(
    kind: str, owner_id: str, session: DbSession, user: PortalWriter, form: Form
) -> RedirectResponse:
    service.add_note(session, owner_of(kind, owner_id), _body(form), author=None, user=user)
    return _back(kind, owner_id)


@router.post("/{kind}/{owner_id}/notes/{note_id}")
def edit_note(
    kind: str, owner_id: str, note_id: str, session: DbSession, user: PortalWriter, form: Form
) -> RedirectResponse:
    service.edit_note(session, owner_of(kind, owner_id), note_id, _body(form), user=user)
    return _back(kind, owner_id)


@router.post("/{kind}/{owner_id}/notes/{note_id}/delete")
def delete_note(
    kind: str, owner_id: str, note_id: str, session: DbSession, user: PortalWriter, _form: Form
) -> RedirectResponse:
    service.delete_note(session, owner_of(kind, owner_id), note_id, user=user)
    return _back(kind, owner_id)
