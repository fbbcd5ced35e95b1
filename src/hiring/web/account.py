"""The portal's Account page, for every user: change one's own password (other sessions
end, this one goes on) and see or revoke one's own API tokens."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hiring.auth.models import User
from hiring.deps import client_address
from hiring.errors import HiringError
from hiring.http import DbSession
from hiring.team import service
from hiring.team.schemas import PasswordChange
from hiring.web.deps import Form, PortalUser, codec
from hiring.web.forms import service_errors, typed, validate
from hiring.web.render import render
from hiring.web.security import new_session

router = APIRouter(prefix="/account")

NOTICES = {
    "password": "Password changed. Your other sessions have ended.",
    "revoked": "Token revoked.",
}


def _page(
    request: Request,
    session: Session,
    user: User,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "active": "account",
        "tokens": service.own_tokens(session, user),
        "errors": errors or {},
        "notice": NOTICES.get(request.query_params.get("done", "")),
    }
    return render(request, "admin/account.html", context, status=status)


@router.get("")
def account(request: Request, session: DbSession, user: PortalUser) -> Response:
    return _page(request, session, user)


@router.post("/password")
def change_password(request: Request, session: DbSession, user: PortalUser, form: Form) -> Response:
    values = typed(form, ("current_password", "new_password"))
    data, errors = validate(PasswordChange, values)
    if data is None:
        return _page(request, session, user, errors, status=422)
    try:
        service.change_password(
            session, user, data.current_password, data.new_password, client_address(request)
        )
    except HiringError as error:
        return _page(request, session, user, service_errors(session, error), error.status_code)
    response = RedirectResponse("/admin/account?done=password", status_code=303)
    # This browser stays signed in, in a new session of the new version.
    codec(request).write(request, response, new_session(user.id, user.session_version))
    return response


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    token_id: str, request: Request, session: DbSession, user: PortalUser, _form: Form
) -> Response:
    service.revoke_own_token(session, user, token_id, client_address(request))
    return RedirectResponse("/admin/account?done=revoked", status_code=303)
