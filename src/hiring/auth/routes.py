from hiring.audit import service as audit
from hiring.auth import service
from hiring.auth.deps import Admin, CurrentUser
from hiring.auth.models import User
from hiring.auth.schemas import TokenCreate, TokenOut, UserOut
from hiring.deps import ClientAddress
from hiring.errors import NotFound
from hiring.http import DbSession, Envelope, api_router, ok

router = api_router("/api", tags=["auth"])


@router.get("/me", response_model=Envelope[UserOut])
def who_am_i(user: CurrentUser) -> dict:
    """The user the token belongs to."""
    return ok(UserOut.model_validate(user))


@router.post("/users/{user_id}/tokens", response_model=Envelope[TokenOut], status_code=201)
def create_token(
    user_id: str, body: TokenCreate, session: DbSession, admin: Admin, ip: ClientAddress
) -> dict:
    """Issue an API token for a user (admins only); the token is shown once."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    token, plaintext = service.create_token(session, user, body.name)
    audit.account_changed(session, audit.TOKEN_CREATED, token, actor=admin, ip=ip)
    return ok(
        TokenOut(
            id=token.id,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            token=plaintext,
        )
    )
