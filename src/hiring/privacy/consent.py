"""Consent to the privacy policy: asked of applicants when the site has one
(``HIRING_PRIVACY_POLICY_URL``), kept as a row per consent given.

A public application never changes an existing person's record, and a consent is not a
change of it: it is a fact about that application, as the application row itself is. So a
known person applying again gets a new consent row beside their unchanged record, naming the
policy and retention that applied that time.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hiring.config import Settings
from hiring.errors import Invalid
from hiring.privacy.models import Consent


@dataclass(frozen=True)
class ConsentTerms:
    """What an applicant agrees to: the policy, and how long their data is kept (months;
    0: until erased on request)."""

    policy_url: str
    retention_months: int


def terms_of(settings: Settings) -> ConsentTerms | None:
    """The terms applicants must accept, or None when the site asks for no consent."""
    if not settings.privacy_policy_url:
        return None
    return ConsentTerms(settings.privacy_policy_url, settings.retention_months)


def require_consent(given: bool | None, terms: ConsentTerms | None) -> None:
    """Refuse an application without consent when the site asks for it (422 on `consent`)."""
    if terms is not None and given is not True:
        raise Invalid.field("consent", "Accept the privacy policy to apply (consent: true)")


def record_consent(
    session: Session, candidate_id: str, application_id: str | None, terms: ConsentTerms
) -> Consent:
    consent = Consent(
        candidate_id=candidate_id,
        application_id=application_id,
        policy_url=terms.policy_url,
        retention_months=terms.retention_months,
    )
    session.add(consent)
    session.flush()
    return consent


def consents_of(session: Session, candidate_id: str) -> list[Consent]:
    """The candidate's consents, newest first."""
    query = select(Consent).where(Consent.candidate_id == candidate_id)
    return list(session.scalars(query.order_by(Consent.given_at.desc(), Consent.id.desc())))
