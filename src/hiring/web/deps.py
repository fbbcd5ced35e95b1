"""Who is using the portal, and the checks every portal write passes: session, CSRF, role."""

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request

from hiring.auth.models import Role, User
from hiring.db import unit_of_work
from hiring.deps import Sessions, portal_codec
from hiring.errors import Forbidden
from hiring.http import DbSession
from hiring.web.render import LoginRequired
from hiring.web.security import CSRF_FIELD, CSRF_HEADER, PortalSession, SessionCodec, csrf_matches


def codec(request: Request) -> SessionCodec:
    return portal_codec(request)


def _signed_in(request: Request, session: Session) -> User:
    portal = codec(request).read(request)
    if portal is None or portal.user_id is None:
        raise LoginRequired
    user = session.get(User, portal.user_id)
    # Deactivation and a password change move the user's session version on: older cookies
    # end at once.
    if user is None or not user.is_active or user.session_version != portal.version:
        raise LoginRequired
    request.state.portal = portal
    request.state.user = user
    return user


def portal_user(request: Request, session: DbSession) -> User:
    """The signed-in, active user; otherwise the browser is sent to the login form."""
    return _signed_in(request, session)


def detached_portal_user(request: Request, sessions: Sessions) -> User:
    """``portal_user`` for pages that call Apollo or Claude and so keep no transaction open
    for the whole request: read in a short read-only unit of work of its own, closed before
    the page runs. The user comes back detached, its columns loaded."""
    with unit_of_work(sessions, write=False) as session:
        return _signed_in(request, session)


async def raw_form(request: Request) -> FormData:
    return await request.form()


RawForm = Annotated[FormData, Depends(raw_form)]


async def checked_form(request: Request, form: RawForm) -> FormData:
    """The submitted form, once its CSRF token (field or header) matches the session's."""
    sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    portal: PortalSession | None = getattr(request.state, "portal", None) or codec(request).read(
        request
    )
    if not csrf_matches(portal, sent if isinstance(sent, str) else None):
        raise Forbidden("The form expired or did not come from this site. Reload and try again.")
    return form


async def portal_writer(
    user: Annotated[User, Depends(portal_user)],
    _form: Annotated[FormData, Depends(checked_form)],
) -> User:
    """A signed-in user allowed to change hiring data, on a request with a valid CSRF token."""
    if not user.can_write:
        raise Forbidden("Your role can read but not change hiring data.")
    return user


async def detached_portal_writer(
    user: Annotated[User, Depends(detached_portal_user)],
    _form: Annotated[FormData, Depends(checked_form)],
) -> User:
    """``portal_writer`` for pages that take the session factory instead of ``DbSession``."""
    if not user.can_write:
        raise Forbidden("Your role can read but not change hiring data.")
    return user


async def portal_editor(user: Annotated[User, Depends(portal_user)]) -> User:
    """A signed-in user who may open the forms that change hiring data."""
    if not user.can_write:
        raise Forbidden("Your role can read but not change hiring data.")
    return user


async def portal_admin(user: Annotated[User, Depends(portal_user)]) -> User:
    """A signed-in admin (the audit log); anyone else is refused."""
    if user.role != Role.admin:
        raise Forbidden("Only admins can see this page.")
    return user


PortalUser = Annotated[User, Depends(portal_user)]
PortalAdmin = Annotated[User, Depends(portal_admin)]
PortalEditor = Annotated[User, Depends(portal_editor)]
PortalWriter = Annotated[User, Depends(portal_writer)]
DetachedPortalWriter = Annotated[User, Depends(detached_portal_writer)]
Form = Annotated[FormData, Depends(checked_form)]
