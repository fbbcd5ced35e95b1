"""Enriching candidates, contacts and companies from Apollo, under the one merge rule."""

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.crm.models import Company, Contact
from hiring.db import release_before_outside_call, utcnow
from hiring.enrichment.answers import organization_facts, person_facts, prune
from hiring.enrichment.client import BULK_LIMIT, Apollo, ApolloError
from hiring.enrichment.merge import merge_enrichment
from hiring.enrichment.schemas import EnrichResult, Outcome
from hiring.errors import Invalid, Unavailable
from hiring.owners import Owner
from hiring.validation import domain_from_url

T = TypeVar("T")

# Apollo's person fields → the candidate's and the contact's own fields.
CANDIDATE_FIELDS = {
    "email": "email",
    "phone": "phone",
    "linkedin_url": "linkedin_url",
    "github_url": "github_url",
    "title": "current_title",
    "company": "current_company",
    "location": "location",
}
# Errors about one chunk's content; any other error stops the rest of the batch.
CHUNK_ERRORS = ("bad_response", "rejected")
CONTACT_FIELDS = {
    "email": "email",
    "phone": "phone",
    "linkedin_url": "linkedin_url",
    "title": "title",
    "location": "location",
}


def require_client(apollo: Apollo | None) -> Apollo:
    if apollo is None:
        raise Unavailable(
            "Enrichment is not configured: set APOLLO_API_KEY to use it",
            code="enrichment_unavailable",
        )
    return apollo


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def person_identifiers(
    name: str, email: str | None, linkedin_url: str | None, company: str | None
) -> dict[str, str] | None:
    """What Apollo can match a person by (email, LinkedIn, or name + company); None if too
    little to match on."""
    found = {"email": email, "linkedin_url": linkedin_url}
    if company:
        found["organization_name"] = company
    identifiers = {key: value for key, value in found.items() if value}
    return {"name": name} | identifiers if identifiers else None


def _normalized_url(url: str) -> str:
    return url.lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")


def _confirms(sent: dict[str, str], facts: dict[str, Any]) -> bool:
    """Whether an answer is about the person asked for: the order of a bulk answer is the
    contract, but an email or LinkedIn URL both sides have must agree on at least one."""
    pairs = []
    if sent.get("email") and facts.get("email"):
        pairs.append((sent["email"].lower(), facts["email"]))
    if sent.get("linkedin_url") and facts.get("linkedin_url"):
        pairs.append(
            (_normalized_url(sent["linkedin_url"]), _normalized_url(facts["linkedin_url"]))
        )
    return not pairs or any(ours == theirs for ours, theirs in pairs)


def _failed(record_id: str, error: ApolloError) -> EnrichResult:
    return EnrichResult(
        id=record_id,
        outcome=Outcome.failed,
        reason=error.reason,
        message=error.message,
        retryable=error.retryable,
    )


def _bad_answer(record_id: str, reason: str, message: str) -> EnrichResult:
    return _failed(record_id, ApolloError(message, reason=reason, retryable=False))


def _is_fresh(enriched_at: Any, ttl_days: int) -> bool:
    return enriched_at is not None and enriched_at > utcnow() - timedelta(days=ttl_days)


def _skipped(record_id: str) -> EnrichResult:
    return EnrichResult(
        id=record_id,
        outcome=Outcome.skipped,
        reason="enriched_recently",
        message="Enriched recently; send force to enrich again",
    )


def _apply_person(
    session: Session,
    record: Candidate | Contact,
    sent: dict[str, str],
    raw: object,
    fields: dict[str, str],
) -> tuple[EnrichResult, dict[str, Any]]:
    """Merge one person answer into ``record``; the outcome and the facts used."""
    if raw is not None and not isinstance(raw, dict):
        return _bad_answer(record.id, "bad_response", "Apollo's answer is not a person"), {}
    facts = person_facts(raw) if raw is not None else {}
    if raw is not None and not _confirms(sent, facts):
        return _bad_answer(record.id, "mismatched", "Apollo answered with a different person"), {}
    # Re-read under a row lock: a person may have filled a field while Apollo was answering.
    session.refresh(record, with_for_update=True)
    found = {ours: facts[theirs] for theirs, ours in fields.items() if theirs in facts}
    changed = merge_enrichment(record, found, prune(raw) if raw is not None else None)
    outcome = Outcome.matched if raw is not None else Outcome.missed
    return EnrichResult(id=record.id, outcome=outcome, changed=changed), facts


def _log_changes(session: Session, candidate: Candidate, result: EnrichResult, user: User) -> None:
    for field, change in result.changed.items():
        activities.log(
            session,
            Owner.candidate(candidate.id),
            "enriched",
            f"Enrichment filled {field}",
            actor=user.email,
            data={"field": field, "from": change["from"], "to": change["to"], "source": "apollo"},
        )


def _load_candidates(session: Session, ids: list[str]) -> dict[str, Candidate]:
    found = {c.id: c for c in session.scalars(select(Candidate).where(Candidate.id.in_(ids)))}
    unknown = [(n, i) for n, i in enumerate(ids) if i not in found]
    if unknown:
        raise Invalid(
            "Some candidate ids are unknown; nothing was enriched",
            [{"field": f"candidate_ids.{n}", "message": f"No candidate {i}"} for n, i in unknown],
        )
    return found


def _candidate_identifiers(candidate: Candidate) -> dict[str, str] | None:
    return person_identifiers(
        candidate.name, candidate.email, candidate.linkedin_url, candidate.current_company
    )


def enrich_candidates(
    session: Session,
    apollo: Apollo | None,
    ids: list[str],
    user: User,
    *,
    force: bool,
    ttl_days: int,
) -> list[EnrichResult]:
    """Enrich up to 50 candidates through Apollo's bulk endpoint, ten per call.

    Unknown ids refuse the whole batch before anything is sent. Each candidate ends matched,
    missed, failed (with the reason) or skipped (enriched within ``ttl_days``, unless
    ``force``). A chunk Apollo refuses or garbles fails alone; a timeout, outage, bad key or
    used-up rate-limit window fails the remaining chunks too, without calling Apollo again.
    """
    candidates = _load_candidates(session, ids)
    client = require_client(apollo)
    results: dict[str, EnrichResult] = {}
    todo: list[tuple[Candidate, dict[str, str]]] = []
    for candidate in (candidates[i] for i in ids):
        identifiers = _candidate_identifiers(candidate)
        if not force and _is_fresh(candidate.enriched_at, ttl_days):
            results[candidate.id] = _skipped(candidate.id)
        elif identifiers is None:
            results[candidate.id] = _not_enough(candidate.id)
        else:
            todo.append((candidate, identifiers))
    # Every Apollo call comes before the first write, so no database lock waits on Apollo.
    release_before_outside_call(session)
    answered: list[tuple[Candidate, dict[str, str], object]] = []
    stopped: ApolloError | None = None
    for chunk in _chunks(todo, BULK_LIMIT):
        try:
            if stopped is not None:
                raise stopped
            answers = client.bulk_match([identifiers for _, identifiers in chunk])
        except ApolloError as error:
            results.update({c.id: _failed(c.id, error) for c, _ in chunk})
            if error.reason not in CHUNK_ERRORS:
                # Timeouts, outages, a bad key or a used-up window would fail the next chunks
                # too: report them at once instead of making the caller wait for each.
                stopped = error
            continue
        answered.extend((c, sent, raw) for (c, sent), raw in zip(chunk, answers, strict=True))
    for candidate, identifiers, raw in answered:
        result, _facts = _apply_person(session, candidate, identifiers, raw, CANDIDATE_FIELDS)
        _log_changes(session, candidate, result, user)
        results[candidate.id] = result
    session.flush()
    return [results[i] for i in ids]


def _not_enough(record_id: str) -> EnrichResult:
    return EnrichResult(
        id=record_id,
        outcome=Outcome.failed,
        reason="not_enough_identifiers",
        message="Needs an email, a LinkedIn URL, or a name with a company",
        retryable=False,
    )


def _match_one(
    session: Session,
    client: Apollo,
    record: Candidate | Contact,
    identifiers: dict[str, str] | None,
    fields: dict[str, str],
) -> tuple[EnrichResult, dict[str, Any]]:
    if identifiers is None:
        return _not_enough(record.id), {}
    release_before_outside_call(session)
    try:
        raw = client.match_person(identifiers)
    except ApolloError as error:
        return _failed(record.id, error), {}
    return _apply_person(session, record, identifiers, raw, fields)


def enrich_candidate(
    session: Session,
    apollo: Apollo | None,
    candidate: Candidate,
    user: User,
    *,
    force: bool,
    ttl_days: int,
) -> EnrichResult:
    """Enrich one candidate through Apollo's single-person endpoint."""
    client = require_client(apollo)
    if not force and _is_fresh(candidate.enriched_at, ttl_days):
        return _skipped(candidate.id)
    result, _facts = _match_one(
        session, client, candidate, _candidate_identifiers(candidate), CANDIDATE_FIELDS
    )
    _log_changes(session, candidate, result, user)
    session.flush()
    return result


def _company_for(session: Session, organization: dict[str, Any]) -> Company | None:
    """The CRM company of an organization answer: found by domain, else created."""
    domain = organization.get("domain")
    if not domain or not organization.get("name"):
        return None
    company = session.scalar(select(Company).where(Company.domain == domain).limit(1))
    if company is None:
        company = Company(**organization)
        session.add(company)
        session.flush()
    return company


def enrich_contact(session: Session, apollo: Apollo | None, contact: Contact) -> EnrichResult:
    """Enrich a CRM contact; a contact without a company is linked to the person's
    organization (an existing company with its domain, or a new one)."""
    client = require_client(apollo)
    company = session.get(Company, contact.company_id) if contact.company_id else None
    identifiers = person_identifiers(
        contact.name, contact.email, contact.linkedin_url, company.name if company else None
    )
    if identifiers is not None and company is not None and company.domain:
        identifiers["domain"] = company.domain
    result, facts = _match_one(session, client, contact, identifiers, CONTACT_FIELDS)
    if result.outcome == Outcome.matched and contact.company_id is None:
        linked = _company_for(session, facts.get("organization", {}))
        if linked is not None:
            contact.company_id = linked.id
            result.changed["company_id"] = {"from": None, "to": linked.id}
            if contact.enrichment is not None:
                contact.enrichment = contact.enrichment | {"changed": result.changed}
    session.flush()
    return result


def company_domain(company: Company) -> str:
    """The domain to look a company up by: its own, or its website's host."""
    domain = company.domain or (domain_from_url(company.website) if company.website else None)
    if domain is None:
        raise Invalid.field("domain", "The company needs a domain or a website to be enriched")
    return domain


def enrich_company(session: Session, apollo: Apollo | None, company: Company) -> EnrichResult:
    """Enrich a CRM company by its domain (derived from its website when missing)."""
    domain = company_domain(company)
    client = require_client(apollo)
    release_before_outside_call(session)
    try:
        raw = client.enrich_organization(domain)
    except ApolloError as error:
        return _failed(company.id, error)
    if raw is not None and not isinstance(raw, dict):
        return _bad_answer(company.id, "bad_response", "Apollo's answer is not an organization")
    facts = organization_facts(raw) | {"domain": domain} if raw is not None else {}
    session.refresh(company, with_for_update=True)
    changed = merge_enrichment(company, facts, prune(raw) if raw is not None else None)
    session.flush()
    outcome = Outcome.matched if raw is not None else Outcome.missed
    return EnrichResult(id=company.id, outcome=outcome, changed=changed)
