"""The portal's Team page (admins only): everyone who uses Hiring, adding a member (their
one-time set-password link shown once), changing a role, deactivating and reactivating."""

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hiring.auth.models import Role, User
from hiring.auth.service import list_users
from hiring.deps import AppSettings, client_address
from hiring.errors import HiringError
from hiring.http import DbSession
from hiring.team import service
from hiring.team.schemas import MemberCreate
from hiring.team.service import Actor
from hiring.web.deps import Form, PortalAdmin
from hiring.web.forms import FORM_ERROR, service_errors, typed, validate
from hiring.web.render import render

router = APIRouter(prefix="/team")

NOTICES = {
    "role": "Role changed.",
    "deactivated": "Deactivated: their sessions and API tokens ended.",
    "reactivated": "Reactivated: they can sign in with their password again.",
}
ROLES = [(role.value, role.value.capitalize()) for role in Role]


def _page(
    request: Request,
    session: Session,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    link: tuple[User, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "active": "team",
        "members": list_users(session),
        "roles": ROLES,
        "values": values or {"role": Role.recruiter.value},
        "errors": errors or {},
        "link": link,
        "notice": NOTICES.get(request.query_params.get("done", "")),
    }
    return render(request, "admin/team.html", context, status=status)


@router.get("")
def team(request: Request, session: DbSession, _admin: PortalAdmin) -> Response:
    return _page(request, session)


@router.post("")
def add_member(
    request: Request, session: DbSession, admin: PortalAdmin, form: Form, settings: AppSettings
) -> Response:
    values = typed(form, ("email", "role"))
    data, errors = validate(MemberCreate, {k: v.strip() for k, v in values.items()})
    if data is None:
        return _page(request, session, values=values, errors=errors, status=422)
    actor = Actor(admin, client_address(request))
    try:
        user, link = service.add_member(session, actor, data.email, data.role)
    except HiringError as error:
        errors = service_errors(session, error)
        return _page(request, session, values=values, errors=errors, status=error.status_code)
    shown = (user, link.url(settings.public_url)) if link else None
    return _page(request, session, link=shown)


def _change(
    request: Request,
    session: Session,
    admin: User,
    user_id: str,
    change: Callable[[Session, Actor, User], User],
    done: str,
) -> Response:
    user = service.get_member(session, user_id)
    try:
        change(session, Actor(admin, client_address(request)), user)
    except HiringError as error:
        errors = {FORM_ERROR: service_errors(session, error).get(FORM_ERROR, error.message)}
        return _page(request, session, errors=errors, status=error.status_code)
    return RedirectResponse(f"/admin/team?done={done}", status_code=303)


@router.post("/{user_id}/role")
def change_role(
    user_id: str, request: Request, session: DbSession, admin: PortalAdmin, form: Form
) -> Response:
    role = typed(form, ("role",))["role"]

    def to_role(session: Session, actor: Actor, user: User) -> User:
        return service.change_role(session, actor, user, role)

    return _change(request, session, admin, user_id, to_role, "role")


@router.post("/{user_id}/deactivate")
def deactivate(
    user_id: str, request: Request, session: DbSession, admin: PortalAdmin, _form: Form
) -> Response:
    return _change(request, session, admin, user_id, service.deactivate, "deactivated")


@router.post("/{user_id}/reactivate")
def reactivate(
    user_id: str, request: Request, session: DbSession, admin: PortalAdmin, _form: Form
) -> Response:
    return _change(request, session, admin, user_id, service.reactivate, "reactivated")


@router.post("/{user_id}/password-link")
def issue_password_link(
    user_id: str,
    request: Request,
    session: DbSession,
    admin: PortalAdmin,
    _form: Form,
    settings: AppSettings,
) -> Response:
    user = service.get_member(session, user_id)
    try:
        link = service.issue_password_link(session, user, Actor(admin, client_address(request)))
    except HiringError as error:
        errors = service_errors(session, error)
        return _page(request, session, errors=errors, status=error.status_code)
    return _page(request, session, link=(user, link.url(settings.public_url)))
