"""Users, passwords and API tokens."""

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hiring.auth.models import ApiToken, Role, User
from hiring.db import utcnow
from hiring.errors import Conflict, Invalid, NotFound

_hasher = PasswordHasher()
TOKEN_PREFIX = "hir_"
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(session: Session, email: str, password: str, role: str = Role.recruiter) -> User:
    """A new user with an argon2-hashed password."""
    if role not in Role.__members__:
        raise Invalid.field("role", f"Role must be one of {', '.join(Role.__members__)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid.field("password", f"Use at least {MIN_PASSWORD_LENGTH} characters")
    if get_user_by_email(session, email):
        raise Conflict(f"A user with email {email} already exists")
    user = User(email=normalise_email(email), password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def authenticate_password(session: Session, email: str, password: str) -> User | None:
    user = get_user_by_email(session, email)
    if user is None or not user.is_active:
        # Spend the same time as a real check so timing does not reveal which emails exist.
        verify_password(_DUMMY_HASH, password)
        return None
    return user if verify_password(user.password_hash, password) else None


_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def create_token(session: Session, user: User, name: str = "default") -> tuple[ApiToken, str]:
    """A new API token for ``user``; returns the record and the plaintext (shown once)."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name[:100], token_hash=_digest(plaintext), prefix=plaintext[:12]
    )
    session.add(token)
    session.flush()
    return token, plaintext


def user_for_token(session: Session, plaintext: str) -> User | None:
    """The active user owning an unrevoked token, or None."""
    if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > 200:
        return None
    digest = _digest(plaintext)
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest)
    ).first()
    if row is None:
        return None
    token, user = row
    if not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.revoked_at is not None or not user.is_active:
        return None
    return user


def revoke_tokens(
    session: Session, *, token_prefix: str | None = None, email: str | None = None
) -> list[ApiToken]:
    """Revoke one token (by its shown prefix) or every token of a user; returns those revoked."""
    query = select(ApiToken).where(ApiToken.revoked_at.is_(None))
    if token_prefix:
        query = query.where(ApiToken.prefix == token_prefix[:12])
    elif email:
        user = get_user_by_email(session, email)
        if user is None:
            raise NotFound(f"No user with email {email}")
        query = query.where(ApiToken.user_id == user.id)
    else:
        raise Invalid("Name a token or a user")
    tokens = list(session.scalars(query))
    for token in tokens:
        token.revoked_at = utcnow()
    session.flush()
    return tokens


def revoke_user_tokens(session: Session, user: User) -> list[ApiToken]:
    """Revoke every token ``user`` still has; returns those revoked."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    tokens = list(session.scalars(query))
    for token in tokens:
        token.revoked_at = utcnow()
    session.flush()
    return tokens


def live_tokens(session: Session, *, email: str | None = None) -> list[tuple[ApiToken, str]]:
    """Every unrevoked token with its owner's email (of one user, given ``email``), newest
    first."""
    query = (
        select(ApiToken, User.email)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id)
    )
    if email:
        user = get_user_by_email(session, email)
        if user is None:
            raise NotFound(f"No user with email {email}")
        query = query.where(ApiToken.user_id == user.id)
    return [(token, owner) for token, owner in session.execute(query)]


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.created_at)))


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0
