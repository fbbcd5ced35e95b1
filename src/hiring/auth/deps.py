"""Who is calling: bearer token → user, and role checks built on it."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from hiring.auth.models import Role, User
from hiring.auth.service import user_for_token
from hiring.db import unit_of_work
from hiring.deps import Sessions
from hiring.errors import Forbidden, Unauthorized
from hiring.http import DbSession

bearer = HTTPBearer(auto_error=False, description="An API token: `hiring tokens create EMAIL`")


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _token_user(session: Session, credentials: HTTPAuthorizationCredentials | None) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send an API token: Authorization: Bearer <token>")
    user = user_for_token(session, credentials.credentials)
    if user is None:
        raise Unauthorized("The API token is unknown or revoked")
    return user


def current_user(session: DbSession, credentials: Credentials) -> User:
    """The caller, read in the request's unit of work (which it opens)."""
    return _token_user(session, credentials)


def detached_user(sessions: Sessions, credentials: Credentials) -> User:
    """The caller, for endpoints that call Apollo or Claude and so keep no transaction open
    for the whole request: read in a short read-only unit of work of its own, closed before
    the endpoint runs. The user comes back detached, its columns loaded."""
    with unit_of_work(sessions, write=False) as session:
        return _token_user(session, credentials)


def _require_writer(user: User) -> User:
    if not user.can_write:
        raise Forbidden("Your role can read but not change hiring data")
    return user


async def writer(user: Annotated[User, Depends(current_user)]) -> User:
    return _require_writer(user)


async def detached_writer(user: Annotated[User, Depends(detached_user)]) -> User:
    return _require_writer(user)


async def admin(user: Annotated[User, Depends(current_user)]) -> User:
    if user.role != Role.admin:
        raise Forbidden("Only admins can do this")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
Writer = Annotated[User, Depends(writer)]
# For endpoints that take the session factory (``Sessions``) instead of ``DbSession``.
DetachedWriter = Annotated[User, Depends(detached_writer)]
Admin = Annotated[User, Depends(admin)]
