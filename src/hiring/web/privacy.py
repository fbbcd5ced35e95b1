"""Portal actions for a person's data requests: download all their data, erase them."""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse, StreamingResponse

from hiring.auth.models import Role, User
from hiring.deps import AppStorage, ClientAddress, Sessions
from hiring.errors import Forbidden, Invalid
from hiring.http import DbSession
from hiring.privacy import export
from hiring.privacy.responses import zip_download
from hiring.privacy.schemas import ErasureRequest
from hiring.privacy.service import erase_person
from hiring.web.deps import Form, PortalEditor, portal_user
from hiring.web.forms import typed, validate

router = APIRouter(prefix="/candidates")


async def portal_admin(user: Annotated[User, Depends(portal_user)], _form: Form) -> User:
    """A signed-in admin, on a request with a valid CSRF token."""
    if user.role != Role.admin:
        raise Forbidden("Only an admin can erase a person.")
    return user


PortalAdmin = Annotated[User, Depends(portal_admin)]


@router.get("/{candidate_id}/export")
def download_all_data(
    candidate_id: str,
    sessions: Sessions,
    user: PortalEditor,
    storage: AppStorage,
    ip: ClientAddress,
) -> StreamingResponse:
    archive = export.audited_export_person(sessions, storage, candidate_id, actor=user, ip=ip)
    return zip_download(archive, candidate_id)


@router.post("/{candidate_id}/erase")
def erase(
    candidate_id: str, session: DbSession, user: PortalAdmin, storage: AppStorage, form: Form
) -> RedirectResponse:
    data, errors = validate(ErasureRequest, typed(form, ("reason",)))
    if data is None:
        raise Invalid.field("reason", errors.get("reason", "Give the reason for the erasure"))
    erase_person(session, storage, candidate_id, data.reason, user)
    return RedirectResponse("/admin/candidates?done=erased&count=1&of=1", status_code=303)
