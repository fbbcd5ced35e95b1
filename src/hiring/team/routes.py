from hiring.auth.deps import Admin, CurrentUser
from hiring.auth.models import User
from hiring.auth.schemas import UserOut
from hiring.auth.service import list_users
from hiring.deps import AppSettings, ClientAddress
from hiring.http import DbSession, Envelope, ListEnvelope, api_router, ok, ok_list
from hiring.team import service
from hiring.team.schemas import (
    MemberCreate,
    MemberCreated,
    MemberUpdate,
    OwnTokenOut,
    PasswordChange,
    PasswordLinkOut,
)
from hiring.team.service import Actor, IssuedLink

router = api_router("/api", tags=["team"])


def _link_out(link: IssuedLink, public_url: str) -> PasswordLinkOut:
    return PasswordLinkOut(url=link.url(public_url), expires_at=link.expires_at)


def _user_out(user: User) -> dict:
    return ok(UserOut.model_validate(user))


@router.get("/users", response_model=ListEnvelope[UserOut])
def list_members(session: DbSession, _admin: Admin) -> dict:
    """Every user, active or not (admins only)."""
    users = list_users(session)
    return ok_list([UserOut.model_validate(u) for u in users], len(users))


@router.post("/users", response_model=Envelope[MemberCreated], status_code=201)
def add_member(
    body: MemberCreate, session: DbSession, admin: Admin, ip: ClientAddress, settings: AppSettings
) -> dict:
    """Add a user (admins only). Without `password` the answer carries a one-time
    `set_password_link` for the admin to pass on (email may not be configured); it is
    shown only here. The link is relative unless HIRING_PUBLIC_URL is set."""
    user, link = service.add_member(session, Actor(admin, ip), body.email, body.role, body.password)
    out = MemberCreated.model_validate(
        UserOut.model_validate(user).model_dump()
        | {"set_password_link": _link_out(link, settings.public_url) if link else None}
    )
    return ok(out)


@router.get("/users/{user_id}", response_model=Envelope[UserOut])
def get_member(user_id: str, session: DbSession, _admin: Admin) -> dict:
    """One user (admins only)."""
    return _user_out(service.get_member(session, user_id))


@router.patch("/users/{user_id}", response_model=Envelope[UserOut])
def change_role(
    user_id: str, body: MemberUpdate, session: DbSession, admin: Admin, ip: ClientAddress
) -> dict:
    """Change a user's role (admins only). The last active admin cannot be demoted:
    409 `last_admin`."""
    user = service.get_member(session, user_id)
    return _user_out(service.change_role(session, Actor(admin, ip), user, body.role))


@router.post("/users/{user_id}/deactivate", response_model=Envelope[UserOut])
def deactivate(user_id: str, session: DbSession, admin: Admin, ip: ClientAddress) -> dict:
    """Take a leaver's access away at once (admins only): their portal sessions end and
    their API tokens are revoked; what they wrote keeps their name. The last active admin
    cannot be deactivated: 409 `last_admin`."""
    user = service.get_member(session, user_id)
    return _user_out(service.deactivate(session, Actor(admin, ip), user))


@router.post("/users/{user_id}/reactivate", response_model=Envelope[UserOut])
def reactivate(user_id: str, session: DbSession, admin: Admin, ip: ClientAddress) -> dict:
    """Let a deactivated user sign in again with their password (admins only); tokens
    revoked on deactivation stay revoked."""
    user = service.get_member(session, user_id)
    return _user_out(service.reactivate(session, Actor(admin, ip), user))


@router.post(
    "/users/{user_id}/password-link", response_model=Envelope[PasswordLinkOut], status_code=201
)
def issue_password_link(
    user_id: str, session: DbSession, admin: Admin, ip: ClientAddress, settings: AppSettings
) -> dict:
    """A new one-time set-password link for an active user who forgot theirs (admins only);
    shown only in this answer. Earlier unused links stop working."""
    user = service.get_member(session, user_id)
    link = service.issue_password_link(session, user, Actor(admin, ip))
    return ok(_link_out(link, settings.public_url))


@router.post("/me/password", response_model=Envelope[UserOut])
def change_own_password(
    body: PasswordChange, session: DbSession, user: CurrentUser, ip: ClientAddress
) -> dict:
    """Change your own password; the current one is required (422 on `current_password`
    when wrong). Your portal sessions end; your API tokens keep working."""
    service.change_password(session, user, body.current_password, body.new_password, ip)
    return _user_out(user)


@router.get("/me/tokens", response_model=ListEnvelope[OwnTokenOut])
def list_own_tokens(session: DbSession, user: CurrentUser) -> dict:
    """Your API tokens that still work, newest first."""
    tokens = service.own_tokens(session, user)
    return ok_list([OwnTokenOut.model_validate(t) for t in tokens], len(tokens))


@router.delete("/me/tokens/{token_id}", response_model=Envelope[OwnTokenOut])
def revoke_own_token(
    token_id: str, session: DbSession, user: CurrentUser, ip: ClientAddress
) -> dict:
    """Revoke one of your API tokens (it may be the one making this call)."""
    token = service.revoke_own_token(session, user, token_id, ip)
    return ok(OwnTokenOut.model_validate(token))
