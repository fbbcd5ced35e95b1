"""One person, one record: finding the candidate a person already is, refusing a second
record for them, and listing a candidate's likely duplicates."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, func, or_, select, text, true
from sqlalchemy.orm import Session

from hiring.candidates.identity import email_key, linkedin_key
from hiring.candidates.models import Candidate
from hiring.errors import Conflict

IDENTITY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
# Imports check a thousand people at a time: rather than a lock per key (thousands of locks a
# transaction, beyond PostgreSQL's lock table), an import batch holds this one alone, and
# every check of a person holds it shared: a check waits for the batch to commit, and a batch
# for the checks under way, while checks still run beside each other.
IMPORT_LOCK = "hiring.candidates.import"
_SHARED_LOCK = text("SELECT pg_advisory_xact_lock_shared(hashtextextended(:key, 0))")
DUPLICATES_SHOWN = 20


class MatchReason(StrEnum):
    email = "email"
    linkedin = "linkedin"
    phone = "phone"
    name_and_company = "name_and_company"


# How strongly each reason alone says "the same person": an email or a LinkedIn profile is
# one person's; a phone can be shared (a switchboard); a name at a company can be a namesake.
REASON_WEIGHT = {
    MatchReason.email: 1.0,
    MatchReason.linkedin: 0.95,
    MatchReason.phone: 0.8,
    MatchReason.name_and_company: 0.6,
}


class Duplicate(Conflict):
    code = "duplicate"

    def __init__(self, existing: Candidate, matched_by: str) -> None:
        field = "linkedin_url" if matched_by == MatchReason.linkedin else matched_by
        message = (
            f"Candidate {existing.id} already has this {field.replace('_', ' ')}; "
            "open that record, or send allow_duplicate=true to create another"
        )
        super().__init__(
            message,
            [{"field": field, "message": message, "candidate_id": existing.id}],
        )
        # Plain values: the error outlives the unit of work that found the candidate.
        self.existing_id = existing.id
        self.existing_name = existing.name
        self.matched_by = matched_by


@dataclass(frozen=True)
class LikelyDuplicate:
    candidate: Candidate
    reasons: list[MatchReason]
    score: float


def _serialise_identity(session: Session, keys: Iterable[str]) -> None:
    """Two requests for the same person must not both create them. On PostgreSQL a
    transaction-scoped advisory lock per key makes the second wait for the first to commit;
    SQLite already runs one writer at a time."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(_SHARED_LOCK, {"key": IMPORT_LOCK})
    for key in sorted(set(keys)):
        session.execute(IDENTITY_LOCK, {"key": key})


def serialise_import(session: Session) -> None:
    """Before an import batch reads the people it may be: no check of a person (a create,
    an application) runs meanwhile, nor another batch, until this transaction ends
    (PostgreSQL; SQLite runs one writer at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(IDENTITY_LOCK, {"key": IMPORT_LOCK})


def _wanted(email: str | None, linkedin_url: str | None) -> dict[MatchReason, str]:
    keys = {MatchReason.email: email_key(email), MatchReason.linkedin: linkedin_key(linkedin_url)}
    return {reason: key for reason, key in keys.items() if key}


KEY_COLUMNS = {
    MatchReason.email: Candidate.email_key,
    MatchReason.linkedin: Candidate.linkedin_key,
    MatchReason.phone: Candidate.phone_key,
}


def _first_match(
    session: Session, wanted: dict[MatchReason, str], condition: ColumnElement[bool]
) -> tuple[Candidate | None, str | None]:
    _serialise_identity(session, wanted.values())
    for reason, key in wanted.items():
        found = session.scalar(
            select(Candidate)
            .where(KEY_COLUMNS[reason] == key, condition)
            .order_by(Candidate.created_at, Candidate.id)
            .limit(1)
        )
        if found is not None:
            return found, reason.value
    return None, None


def find_existing(
    session: Session, *, email: str | None = None, linkedin_url: str | None = None
) -> tuple[Candidate | None, str | None]:
    """The oldest candidate (archived or not) with this email, else with this LinkedIn
    profile, and which of the two matched (``email`` or ``linkedin_url``): the person a
    public application or a referral is about."""
    found, reason = _first_match(session, _wanted(email, linkedin_url), true())
    if reason == MatchReason.linkedin:
        return found, "linkedin_url"
    return found, reason


def refuse_duplicate(
    session: Session,
    *,
    email: str | None,
    linkedin_url: str | None,
    other_than: str | None = None,
) -> None:
    """Raise ``Duplicate`` naming the oldest non-archived candidate (other than
    ``other_than``) whose email or LinkedIn profile these are."""
    condition: ColumnElement[bool] = Candidate.archived_at.is_(None)
    if other_than is not None:
        condition = and_(condition, Candidate.id != other_than)
    found, reason = _first_match(session, _wanted(email, linkedin_url), condition)
    if found is not None and reason is not None:
        raise Duplicate(found, reason)


def _reasons(candidate: Candidate, other: Candidate) -> list[MatchReason]:
    reasons = [
        reason
        for reason, column in KEY_COLUMNS.items()
        if getattr(candidate, column.key)
        and getattr(candidate, column.key) == getattr(other, column.key)
    ]
    if (
        candidate.current_company
        and other.current_company
        and candidate.name.lower() == other.name.lower()
        and candidate.current_company.lower() == other.current_company.lower()
    ):
        reasons.append(MatchReason.name_and_company)
    return reasons


def score(reasons: Iterable[MatchReason]) -> float:
    """The chance-like combination of the reasons' weights: any one strong reason is enough,
    several weak ones add up."""
    unlikely = 1.0
    for reason in reasons:
        unlikely *= 1.0 - REASON_WEIGHT[reason]
    return round(1.0 - unlikely, 2)


def likely_duplicates(
    session: Session, candidate: Candidate, *, limit: int = DUPLICATES_SHOWN
) -> list[LikelyDuplicate]:
    """Other candidates (archived ones too) sharing an identity key with ``candidate``, or
    their name at the same company; most likely first, then oldest."""
    conditions: list[ColumnElement[bool]] = [
        column == getattr(candidate, column.key)
        for column in KEY_COLUMNS.values()
        if getattr(candidate, column.key)
    ]
    if candidate.current_company:
        conditions.append(
            and_(
                func.lower(Candidate.name) == candidate.name.lower(),
                func.lower(Candidate.current_company) == candidate.current_company.lower(),
            )
        )
    if not conditions:
        return []
    others = session.scalars(
        select(Candidate).where(Candidate.id != candidate.id, or_(*conditions)).limit(500)
    )
    found = []
    for other in others:
        reasons = _reasons(candidate, other)
        if reasons:
            found.append(LikelyDuplicate(other, reasons, score(reasons)))
    found.sort(key=lambda d: (-d.score, d.candidate.created_at, d.candidate.id))
    return found[:limit]
