"""The audit log: ``record`` an action in the transaction that does it; admins read it back."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy.orm import Session

from hiring.audit.models import AuditEntry
from hiring.audit.schemas import AuditQuery
from hiring.auth.models import ApiToken, User
from hiring.db import fetch_page

# Actions recorded so far; other features add theirs as they record them.
SIGN_IN = "auth.sign_in"
SIGN_IN_FAILED = "auth.sign_in_failed"
TOKEN_CREATED = "token.created"
TOKEN_REVOKED = "token.revoked"
USER_CREATED = "user.created"
USER_ROLE_CHANGED = "user.role_changed"
USER_DEACTIVATED = "user.deactivated"
USER_REACTIVATED = "user.reactivated"
PASSWORD_LINK_CREATED = "user.password_link_created"
PASSWORD_SET = "user.password_set"
PASSWORD_CHANGED = "user.password_changed"
CANDIDATE_EXPORTED = "candidate.exported"
CANDIDATE_MERGED = "candidate.merged"
CANDIDATE_ERASED = "candidate.erased"
IMPORT_RUN = "import.run"
RETENTION_RUN = "retention.run"
# The actor of an operator's command.
CLI_LABEL = "cli"
# The actor of the retention run (daily, or `hiring retention run`).
RETENTION_LABEL = "retention"


def record(
    session: Session,
    action: str,
    *,
    actor: User | None,
    target_type: str | None = None,
    target_id: str | None = None,
    ip: str | None = None,
    details: Mapping[str, Any] | None = None,
    label: str | None = None,
) -> AuditEntry:
    """Add one entry, flushed in ``session``'s transaction: it stands or falls with the
    action. ``label`` names an actor without a user (``cli``, the login a failed sign-in
    tried); by default the actor's email. ``details``: ids and counts only."""
    entry = AuditEntry(
        action=action,
        actor_id=actor.id if actor else None,
        actor_label=(label or (actor.email if actor else None) or None),
        target_type=target_type,
        target_id=target_id,
        ip=ip,
        details=dict(details or {}),
    )
    session.add(entry)
    session.flush()
    return entry


def account_changed(
    session: Session,
    action: str,
    target: User | ApiToken,
    *,
    actor: User | None,
    ip: str | None = None,
    label: str | None = None,
) -> AuditEntry:
    """A user created (``USER_CREATED``: with its role) or a token created or revoked
    (``TOKEN_CREATED``, ``TOKEN_REVOKED``: with its owner's id)."""
    if isinstance(target, User):
        target_type, details = "user", {"role": target.role}
    else:
        target_type, details = "token", {"user_id": target.user_id}
    return record(
        session,
        action,
        actor=actor,
        target_type=target_type,
        target_id=target.id,
        ip=ip,
        details=details,
        label=label,
    )


def _where(filters: AuditQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.actor:
        # A user's id or the label: an email in any case, or `cli`.
        where.append(
            or_(
                AuditEntry.actor_id == filters.actor,
                func.lower(AuditEntry.actor_label) == filters.actor.strip().lower(),
            )
        )
    if filters.action:
        where.append(AuditEntry.action == filters.action)
    if filters.target_id:
        where.append(AuditEntry.target_id == filters.target_id)
    if filters.date_from:
        where.append(AuditEntry.at >= filters.date_from)
    if filters.date_to:
        where.append(AuditEntry.at <= filters.date_to)
    return where


def list_entries(
    session: Session, filters: AuditQuery, *, limit: int, offset: int = 0
) -> tuple[list[AuditEntry], int]:
    """One page of the entries matching every filter, newest first, and how many match."""
    order = (AuditEntry.at.desc(), AuditEntry.id.desc())
    return fetch_page(session, AuditEntry, _where(filters), order, limit=limit, offset=offset)
