"""Files on a job's or a candidate's page: upload (a file input or a drop), download, delete."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hiring.db import unit_of_work
from hiring.deps import AppStorage, Sessions, UploadLimit
from hiring.errors import HiringError, Invalid
from hiring.files import service, usecases
from hiring.files.models import FileKind
from hiring.files.responses import file_download
from hiring.http import DbSession
from hiring.web import candidates, jobs
from hiring.web.deps import DetachedPortalWriter, Form, PortalUser, PortalWriter
from hiring.web.forms import chosen_file
from hiring.web.notes import owner_of

router = APIRouter()

FILE_FIELD = "file"


def _kind(form_value: object) -> FileKind | None:
    """The kind chosen in the form; blank lets the service decide (a resume when it is one)."""
    if not form_value:
        return None
    if not isinstance(form_value, str) or form_value not in FileKind.__members__:
        raise Invalid.field("kind", "Choose one of the kinds")
    return FileKind(form_value)


def _page_with_error(
    request: Request, sessions: Sessions, kind: str, owner_id: str, message: str
) -> Response:
    errors = {FILE_FIELD: message}
    with unit_of_work(sessions, write=False) as session:
        if kind == "jobs":
            return jobs.job_view(request, session, owner_id, file_errors=errors)
        return candidates.candidate_view(request, session, owner_id, file_errors=errors)


@router.post("/{kind}/{owner_id}/files")
def upload_file(
    request: Request,
    kind: str,
    owner_id: str,
    sessions: Sessions,
    user: DetachedPortalWriter,
    form: Form,
    storage: AppStorage,
    max_bytes: UploadLimit,
) -> Response:
    """Upload through the same use case as the API: stored and read with no transaction open."""
    owner = owner_of(kind, owner_id)
    upload = chosen_file(form, FILE_FIELD)
    if upload is None:
        return _page_with_error(request, sessions, kind, owner_id, "Choose a file to upload")
    try:
        usecases.upload(
            sessions,
            storage,
            owner,
            upload.file,
            upload.filename,
            user=user,
            max_bytes=max_bytes,
            kind=_kind(form.get("kind")),
        )
    except HiringError as error:
        return _page_with_error(request, sessions, kind, owner_id, error.message)
    return RedirectResponse(f"/admin/{kind}/{owner_id}#files", status_code=303)


@router.get("/{kind}/{owner_id}/files/{file_id}")
def download_file(
    kind: str,
    owner_id: str,
    file_id: str,
    session: DbSession,
    _user: PortalUser,
    storage: AppStorage,
) -> Response:
    return file_download(storage, service.get_file(session, owner_of(kind, owner_id), file_id))


@router.post("/{kind}/{owner_id}/files/{file_id}/delete")
def delete_file(
    kind: str,
    owner_id: str,
    file_id: str,
    session: DbSession,
    user: PortalWriter,
    _form: Form,
    storage: AppStorage,
) -> RedirectResponse:
    service.delete_file(session, storage, owner_of(kind, owner_id), file_id, user=user)
    return RedirectResponse(f"/admin/{kind}/{owner_id}#files", status_code=303)
