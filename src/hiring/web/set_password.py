"""The public page a one-time set-password link opens: a new member sets their first
password (or anyone their reset one), and is signed in."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hiring.deps import client_address
from hiring.errors import HiringError
from hiring.http import DbSession
from hiring.team import service
from hiring.team.schemas import PasswordSet
from hiring.web.deps import Form, codec
from hiring.web.forms import service_errors, typed, validate
from hiring.web.render import render
from hiring.web.security import new_session

router = APIRouter(prefix="/set-password")

CONFIRM_FIELD = "confirm_password"


def _page(request: Request, email: str, errors: dict[str, str], status: int = 200) -> Response:
    """The form, with an anonymous session of its own when the browser has none, so the
    form's CSRF token is current."""
    portal = codec(request).read(request) or new_session()
    context = {"csrf": portal.csrf, "email": email, "errors": errors}
    response = render(request, "admin/set_password.html", context, status=status)
    codec(request).write(request, response, portal)
    return response


@router.get("/{token}")
def set_password_form(token: str, request: Request, session: DbSession) -> Response:
    """An unknown link is a 404 page; a used or expired one a 410 page."""
    _link, user = service.link_owner(session, token)
    return _page(request, user.email, {})


@router.post("/{token}")
def set_password(token: str, request: Request, session: DbSession, form: Form) -> Response:
    _link, user = service.link_owner(session, token)
    values = typed(form, ("new_password", CONFIRM_FIELD))
    data, errors = validate(PasswordSet, {"new_password": values["new_password"]})
    if data is not None and values[CONFIRM_FIELD] != data.new_password:
        errors = {CONFIRM_FIELD: "The two passwords differ"}
    if data is None or errors:
        return _page(request, user.email, errors, status=422)
    try:
        service.set_password_with_link(session, token, data.new_password, client_address(request))
    except HiringError as error:
        return _page(request, user.email, service_errors(session, error), status=error.status_code)
    response = RedirectResponse("/admin", status_code=303)
    # Signed in as the link's owner, in a new session of the new version.
    codec(request).write(request, response, new_session(user.id, user.session_version))
    return response
