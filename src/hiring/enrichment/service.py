"""Enriching candidates, contacts and companies from Apollo, under the one merge rule.

An enrichment runs in three steps, and these functions are the steps (the use cases in
``hiring.enrichment.usecases`` run them): *plan* reads what to ask Apollo about; *ask* calls
Apollo and touches no database, so it runs with no transaction open; *save* re-reads the
records under a row lock (a person may have filled a field, or deleted the record, while
Apollo was answering), merges and logs. Like every service, they flush and never commit.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates import service as candidates
from hiring.candidates.models import Candidate
from hiring.crm import service as crm
from hiring.crm.models import Company, Contact
from hiring.db import utcnow
from hiring.enrichment.answers import organization_facts, person_facts, prune
from hiring.enrichment.client import BULK_LIMIT, Apollo, ApolloError
from hiring.enrichment.merge import merge_enrichment
from hiring.enrichment.schemas import EnrichResult, Outcome
from hiring.errors import Invalid, Unavailable
from hiring.events import service as events
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


def _deleted(record_id: str) -> EnrichResult:
    return _bad_answer(record_id, "deleted", "The record was deleted while Apollo was answering")


def _not_enough(record_id: str) -> EnrichResult:
    return EnrichResult(
        id=record_id,
        outcome=Outcome.failed,
        reason="not_enough_identifiers",
        message="Needs an email, a LinkedIn URL, or a name with a company",
        retryable=False,
    )


Query = tuple[str, dict[str, str]]
"""A record's id and what Apollo is asked to match it by (identifiers, or a domain)."""
Answer = tuple[str, dict[str, str], object]
"""A record's id, what was sent, and Apollo's raw answer (None: nothing matched)."""


@dataclass
class Plan:
    """The read step's decisions: the outcomes known without asking Apollo (skipped, too
    little to match on) and the records to ask about, in the order the ids were given."""

    ids: list[str]
    results: dict[str, EnrichResult] = field(default_factory=dict)
    todo: list[Query] = field(default_factory=list)

    def ordered(self, found: dict[str, EnrichResult]) -> list[EnrichResult]:
        """Every record's result, known ones from the plan and ``found`` ones after it."""
        results = self.results | found
        return [results[i] for i in self.ids]


@dataclass
class Asked:
    """What the ask step brought back: failures per record, and the answers to save."""

    failed: dict[str, EnrichResult] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)


def _apply_person(
    record: Candidate | Contact, sent: dict[str, str], raw: object, fields: dict[str, str]
) -> tuple[EnrichResult, dict[str, Any]]:
    """Merge one person answer into ``record`` (read under lock); the outcome and the facts."""
    if raw is not None and not isinstance(raw, dict):
        return _bad_answer(record.id, "bad_response", "Apollo's answer is not a person"), {}
    facts = person_facts(raw) if raw is not None else {}
    if raw is not None and not _confirms(sent, facts):
        return _bad_answer(record.id, "mismatched", "Apollo answered with a different person"), {}
    found = {ours: facts[theirs] for theirs, ours in fields.items() if theirs in facts}
    changed = merge_enrichment(record, found, prune(raw) if raw is not None else None)
    outcome = Outcome.matched if raw is not None else Outcome.missed
    return EnrichResult(id=record.id, outcome=outcome, changed=changed), facts


def _log_changes(session: Session, candidate: Candidate, result: EnrichResult, user: User) -> None:
    for name, change in result.changed.items():
        activities.log(
            session,
            Owner.candidate(candidate.id),
            "enriched",
            f"Enrichment filled {name}",
            actor=user.email,
            data={"field": name, "from": change["from"], "to": change["to"], "source": "apollo"},
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


def _plan_candidate(plan: Plan, candidate: Candidate, *, force: bool, ttl_days: int) -> None:
    identifiers = _candidate_identifiers(candidate)
    if not force and _is_fresh(candidate.enriched_at, ttl_days):
        plan.results[candidate.id] = _skipped(candidate.id)
    elif identifiers is None:
        plan.results[candidate.id] = _not_enough(candidate.id)
    else:
        plan.todo.append((candidate.id, identifiers))


def plan_candidates(session: Session, ids: list[str], *, force: bool, ttl_days: int) -> Plan:
    """Which of up to 50 candidates to ask Apollo about. Unknown ids refuse the whole batch
    (Invalid) before anything is sent; candidates enriched within ``ttl_days`` are skipped
    unless ``force``."""
    candidates_by_id = _load_candidates(session, ids)
    plan = Plan(ids=list(ids))
    for candidate_id in ids:
        _plan_candidate(plan, candidates_by_id[candidate_id], force=force, ttl_days=ttl_days)
    return plan


def plan_candidate(session: Session, candidate_id: str, *, force: bool, ttl_days: int) -> Plan:
    """Whether to ask Apollo about one candidate (an unknown one is NotFound)."""
    plan = Plan(ids=[candidate_id])
    candidate = candidates.get_candidate(session, candidate_id)
    _plan_candidate(plan, candidate, force=force, ttl_days=ttl_days)
    return plan


def ask_bulk(client: Apollo, todo: Sequence[Query]) -> Asked:
    """Ask Apollo's bulk endpoint about ``todo``, ten per call. No database work: run it with
    no transaction open. A chunk Apollo refuses or garbles fails alone; a timeout, outage,
    bad key or used-up rate-limit window fails the remaining chunks too, without calling
    Apollo again."""
    asked = Asked()
    stopped: ApolloError | None = None
    for chunk in _chunks(todo, BULK_LIMIT):
        try:
            if stopped is not None:
                raise stopped
            answers = client.bulk_match([identifiers for _, identifiers in chunk])
        except ApolloError as error:
            asked.failed.update({record_id: _failed(record_id, error) for record_id, _ in chunk})
            if error.reason not in CHUNK_ERRORS:
                # Timeouts, outages, a bad key or a used-up window would fail the next chunks
                # too: report them at once instead of making the caller wait for each.
                stopped = error
            continue
        asked.answers.extend(
            (record_id, sent, raw) for (record_id, sent), raw in zip(chunk, answers, strict=True)
        )
    return asked


def ask_person(client: Apollo, todo: Sequence[Query]) -> Asked:
    """Ask Apollo's single-person endpoint about each of ``todo`` (one, in practice). No
    database work: run it with no transaction open."""
    asked = Asked()
    for record_id, identifiers in todo:
        try:
            asked.answers.append((record_id, identifiers, client.match_person(identifiers)))
        except ApolloError as error:
            asked.failed[record_id] = _failed(record_id, error)
    return asked


def save_candidates(
    session: Session, answers: Sequence[Answer], user: User
) -> dict[str, EnrichResult]:
    """Merge Apollo's answers into the candidates, read again under row locks (taken in id
    order); each filled field is logged as an activity, and a candidate with a field filled
    gets a ``candidate.updated`` event. A candidate deleted meanwhile fails with reason
    ``deleted``."""
    if not answers:
        return {}
    query = (
        select(Candidate)
        .where(Candidate.id.in_([record_id for record_id, _, _ in answers]))
        .order_by(Candidate.id)
        .with_for_update()
    )
    locked = {c.id: c for c in session.scalars(query)}
    results: dict[str, EnrichResult] = {}
    for candidate_id, sent, raw in answers:
        candidate = locked.get(candidate_id)
        if candidate is None:
            results[candidate_id] = _deleted(candidate_id)
            continue
        result, _facts = _apply_person(candidate, sent, raw, CANDIDATE_FIELDS)
        _log_changes(session, candidate, result, user)
        results[candidate_id] = result
    session.flush()
    for candidate_id, result in results.items():
        # Only a filled field is a change others hear of (not the enrichment stamp alone).
        if result.changed:
            events.candidate_changed(
                session, events.CANDIDATE_UPDATED, locked[candidate_id], flush=False
            )
    session.flush()
    return results


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


def plan_contact(session: Session, contact_id: str) -> Plan:
    """Whether to ask Apollo about a CRM contact (unknown: NotFound), by its own identifiers
    and its company's name and domain."""
    contact = crm.get_contact(session, contact_id)
    company = session.get(Company, contact.company_id) if contact.company_id else None
    identifiers = person_identifiers(
        contact.name, contact.email, contact.linkedin_url, company.name if company else None
    )
    if identifiers is not None and company is not None and company.domain:
        identifiers["domain"] = company.domain
    plan = Plan(ids=[contact.id])
    if identifiers is None:
        plan.results[contact.id] = _not_enough(contact.id)
    else:
        plan.todo.append((contact.id, identifiers))
    return plan


def save_contact(session: Session, answer: Answer) -> EnrichResult:
    """Merge Apollo's answer into the contact, read again under a row lock; a contact that
    still has no company is linked to the person's organization (an existing company with
    its domain, or a new one)."""
    contact_id, sent, raw = answer
    contact = session.scalar(select(Contact).where(Contact.id == contact_id).with_for_update())
    if contact is None:
        return _deleted(contact_id)
    result, facts = _apply_person(contact, sent, raw, CONTACT_FIELDS)
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


def plan_company(session: Session, company_id: str) -> Plan:
    """Ask Apollo about a CRM company by its domain (unknown company: NotFound; neither a
    domain nor a website: Invalid)."""
    domain = company_domain(crm.get_company(session, company_id))
    return Plan(ids=[company_id], todo=[(company_id, {"domain": domain})])


def ask_organization(client: Apollo, todo: Sequence[Query]) -> Asked:
    """Ask Apollo's organization endpoint about each of ``todo`` by domain. No database
    work: run it with no transaction open."""
    asked = Asked()
    for company_id, sent in todo:
        try:
            asked.answers.append((company_id, sent, client.enrich_organization(sent["domain"])))
        except ApolloError as error:
            asked.failed[company_id] = _failed(company_id, error)
    return asked


def save_company(session: Session, answer: Answer) -> EnrichResult:
    """Merge Apollo's organization answer into the company, read again under a row lock."""
    company_id, sent, raw = answer
    if raw is not None and not isinstance(raw, dict):
        return _bad_answer(company_id, "bad_response", "Apollo's answer is not an organization")
    company = session.scalar(select(Company).where(Company.id == company_id).with_for_update())
    if company is None:
        return _deleted(company_id)
    facts = organization_facts(raw) | {"domain": sent["domain"]} if raw is not None else {}
    changed = merge_enrichment(company, facts, prune(raw) if raw is not None else None)
    session.flush()
    outcome = Outcome.matched if raw is not None else Outcome.missed
    return EnrichResult(id=company.id, outcome=outcome, changed=changed)
