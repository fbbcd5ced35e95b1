"""Managing the team: adding members with a one-time set-password link, roles, deactivation
and reactivation; and each user's own password and API tokens.

Every change is recorded in the audit log in the same transaction. The last active admin is
never demoted nor deactivated, so someone can always manage the team.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from hiring.audit import service as audit
from hiring.auth import service as auth
from hiring.auth.models import ApiToken, Role, User
from hiring.db import utcnow
from hiring.errors import Conflict, HiringError, Invalid, NotFound
from hiring.team.models import PasswordLink

LINK_LIFETIME = timedelta(hours=72)
LINK_PREFIX = "hpl_"
LINK_TOKEN = re.compile(LINK_PREFIX + r"[A-Za-z0-9_-]{40,60}")
# Where a set-password link leads (after the public base URL, when one is configured).
LINK_PATH = "/admin/set-password/"


class LastAdmin(Conflict):
    """The change would leave no active admin to manage the team."""

    code = "last_admin"


class LinkExpired(HiringError):
    """A set-password link that was used already, has expired, or belongs to a deactivated
    user."""

    status_code = 410
    code = "link_expired"


@dataclass(frozen=True)
class IssuedLink:
    """A set-password link just made: its token is shown this once and never stored."""

    token: str
    expires_at: datetime

    def url(self, public_url: str) -> str:
        return f"{public_url}{LINK_PATH}{self.token}"


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and from where, as the audit log records it: a user, or the CLI
    (``user`` None)."""

    user: User | None
    ip: str | None = None

    @property
    def label(self) -> str | None:
        return None if self.user else audit.CLI_LABEL


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _record(session: Session, action: str, user: User, actor: Actor, **details: str | int) -> None:
    audit.record(
        session,
        action,
        actor=actor.user,
        label=actor.label,
        target_type="user",
        target_id=user.id,
        ip=actor.ip,
        details=details,
    )


def get_member(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return user


def find_member(session: Session, email: str) -> User:
    user = auth.get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"No user with email {email}")
    return user


def add_member(
    session: Session, actor: Actor, email: str, role: str, password: str | None = None
) -> tuple[User, IssuedLink | None]:
    """A new user. Without a password they get a one-time link to set their own (returned
    for the admin to pass on); until then no password signs them in."""
    # A random password nobody is told: the account cannot be signed into before the link
    # is used, and a sign-in attempt costs the same time as any other.
    user = auth.create_user(session, email, password or secrets.token_urlsafe(32), role)
    audit.account_changed(
        session, audit.USER_CREATED, user, actor=actor.user, ip=actor.ip, label=actor.label
    )
    link = None if password else issue_password_link(session, user, actor)
    return user, link


def issue_password_link(session: Session, user: User, actor: Actor) -> IssuedLink:
    """A new one-time set-password link for ``user``; earlier unused links stop working."""
    if not user.is_active:
        raise Conflict("Reactivate the user before sending them a password link")
    session.execute(delete(PasswordLink).where(PasswordLink.user_id == user.id))
    token = LINK_PREFIX + secrets.token_urlsafe(32)
    link = PasswordLink(
        user_id=user.id,
        token_hash=_digest(token),
        created_by=actor.user.id if actor.user else None,
        expires_at=utcnow() + LINK_LIFETIME,
    )
    session.add(link)
    session.flush()
    _record(session, audit.PASSWORD_LINK_CREATED, user, actor)
    return IssuedLink(token, link.expires_at)


def _lock_active_admins(session: Session) -> list[User]:
    """Every active admin, locked in a fixed order (two admins demoting each other at once
    queue rather than both succeed), read afresh."""
    query = (
        select(User)
        .where(User.role == Role.admin.value, User.is_active.is_(True))
        .order_by(User.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(query))


def _keep_an_admin(session: Session, user: User, change: str) -> None:
    admins = _lock_active_admins(session)
    if user in admins and len(admins) == 1:
        raise LastAdmin(
            f"{user.email} is the last active admin and cannot be {change}; "
            "make another user an admin first"
        )


def change_role(session: Session, actor: Actor, user: User, role: str) -> User:
    if role not in Role.__members__:
        raise Invalid.field("role", f"Role must be one of {', '.join(Role.__members__)}")
    if user.role == role:
        return user
    if role != Role.admin:
        _keep_an_admin(session, user, "demoted")
    previous, user.role = user.role, role
    session.flush()
    _record(session, audit.USER_ROLE_CHANGED, user, actor, **{"from": previous, "to": role})
    return user


def deactivate(session: Session, actor: Actor, user: User) -> User:
    """Take the user's access away at once: their portal sessions end (the session version
    moves on), their API tokens are revoked and unused password links dropped. What they
    wrote keeps their name."""
    if not user.is_active:
        return user
    _keep_an_admin(session, user, "deactivated")
    user.is_active = False
    user.session_version += 1
    revoked = auth.revoke_user_tokens(session, user)
    for token in revoked:
        audit.account_changed(
            session, audit.TOKEN_REVOKED, token, actor=actor.user, ip=actor.ip, label=actor.label
        )
    session.execute(delete(PasswordLink).where(PasswordLink.user_id == user.id))
    session.flush()
    _record(session, audit.USER_DEACTIVATED, user, actor, tokens_revoked=len(revoked))
    return user


def reactivate(session: Session, actor: Actor, user: User) -> User:
    """Let the user sign in again with their password; API tokens revoked on deactivation
    stay revoked (new ones are issued)."""
    if user.is_active:
        return user
    user.is_active = True
    session.flush()
    _record(session, audit.USER_REACTIVATED, user, actor)
    return user


def _set_password(user: User, password: str) -> None:
    if len(password) < auth.MIN_PASSWORD_LENGTH:
        raise Invalid.field("new_password", f"Use at least {auth.MIN_PASSWORD_LENGTH} characters")
    user.password_hash = auth.hash_password(password)
    # Every portal session signed in before now ends.
    user.session_version += 1


def change_password(
    session: Session, user: User, current_password: str, new_password: str, ip: str | None
) -> User:
    """The user's own change: the current password proves it is them. Their other portal
    sessions end; their API tokens are left as they are (listed and revoked on their own)."""
    if not auth.verify_password(user.password_hash, current_password):
        raise Invalid.field("current_password", "The current password is wrong")
    _set_password(user, new_password)
    session.flush()
    _record(session, audit.PASSWORD_CHANGED, user, Actor(user, ip))
    return user


def link_owner(session: Session, token: str) -> tuple[PasswordLink, User]:
    """The link a token opens, and whose it is, if it can still be used."""
    link = None
    if LINK_TOKEN.fullmatch(token):
        link = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _digest(token)))
    if link is None:
        raise NotFound("This link is unknown. Ask an admin for a new one.")
    user = get_member(session, link.user_id)
    if link.used_at is not None or link.expires_at <= utcnow() or not user.is_active:
        raise LinkExpired("This link was used already or has expired. Ask an admin for a new one.")
    return link, user


def set_password_with_link(session: Session, token: str, new_password: str, ip: str | None) -> User:
    """Spend a one-time link: the password is set, the link used, older sessions end."""
    link, user = link_owner(session, token)
    _set_password(user, new_password)
    # Only the transaction that marks the link used first goes on: a second use, even at
    # the same moment, finds it used.
    claimed = session.execute(
        update(PasswordLink)
        .where(PasswordLink.id == link.id, PasswordLink.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise LinkExpired("This link was used already. Ask an admin for a new one.")
    session.flush()
    _record(session, audit.PASSWORD_SET, user, Actor(user, ip))
    return user


def own_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id)
    )
    return list(session.scalars(query))


def revoke_own_token(session: Session, user: User, token_id: str, ip: str | None) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound("You have no such token")
    token.revoked_at = utcnow()
    session.flush()
    audit.account_changed(session, audit.TOKEN_REVOKED, token, actor=user, ip=ip)
    return token
