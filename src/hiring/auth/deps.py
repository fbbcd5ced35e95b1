"""Who is calling: bearer token → user, and role checks built on it."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from hiring.auth.models import Role, User
from hiring.auth.service import user_for_token
from hiring.errors import Forbidden, Unauthorized
from hiring.http import DbSession

bearer = HTTPBearer(auto_error=False, description="An API token: `hiring tokens create EMAIL`")


def current_user(
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send an API token: Authorization: Bearer <token>")
    user = user_for_token(session, credentials.credentials)
    if user is None:
        raise Unauthorized("The API token is unknown or revoked")
    return user


async def writer(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.can_write:
        raise Forbidden("Your role can read but not change hiring data")
    return user


async def admin(user: Annotated[User, Depends(current_user)]) -> User:
    if user.role != Role.admin:
        raise Forbidden("Only admins can do this")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
Writer = Annotated[User, Depends(writer)]
Admin = Annotated[User, Depends(admin)]
