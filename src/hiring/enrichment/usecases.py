"""Enrichment as the API and the portal run it: no transaction is open while Apollo answers.

Each use case reads what it needs in a short unit of work and closes it, calls Apollo with
no transaction open (on SQLite a write transaction would hold the database's write lock for
every other writer while Apollo takes seconds), then writes in a new unit of work that
re-reads the records under lock. The writes of one use case commit together or not at all;
when Apollo fails, nothing is written.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from hiring.auth.models import User
from hiring.db import unit_of_work
from hiring.enrichment import service
from hiring.enrichment.client import Apollo
from hiring.enrichment.schemas import EnrichResult
from hiring.ratelimit import RateLimiter

LIMIT_MESSAGE = "Too many enrichment requests; try again in a minute"


@dataclass(frozen=True)
class Enrichment:
    """What an enrichment needs from the app (``hiring.deps`` builds it for each request)."""

    sessions: sessionmaker[Session]
    apollo: Apollo | None
    limiter: RateLimiter
    ttl_days: int

    def spend(self, user: User) -> None:
        """Enrichment costs money: a per-user rate limit, before anything else happens."""
        self.limiter.hit(user.id, LIMIT_MESSAGE)


Ask = Callable[[Apollo, Sequence[service.Query]], service.Asked]
Save = Callable[[Session, Sequence[service.Answer]], dict[str, EnrichResult]]


def _run(enrichment: Enrichment, plan: service.Plan, ask: Ask, save: Save) -> list[EnrichResult]:
    """Ask Apollo about the plan's records with no transaction open, then save the answers
    in one unit of work of their own."""
    client = service.require_client(enrichment.apollo)
    asked = ask(client, plan.todo)
    saved: dict[str, EnrichResult] = {}
    if asked.answers:
        with unit_of_work(enrichment.sessions) as session:
            saved = save(session, asked.answers)
    return plan.ordered(asked.failed | saved)


def enrich_candidates(
    enrichment: Enrichment, ids: list[str], user: User, *, force: bool
) -> list[EnrichResult]:
    """Enrich up to 50 candidates through Apollo's bulk endpoint, ten per call (see
    ``service.plan_candidates`` and ``service.ask_bulk`` for the rules)."""
    enrichment.spend(user)
    with unit_of_work(enrichment.sessions, write=False) as session:
        plan = service.plan_candidates(session, ids, force=force, ttl_days=enrichment.ttl_days)
    return _run(
        enrichment,
        plan,
        service.ask_bulk,
        lambda session, answers: service.save_candidates(session, answers, user),
    )


def enrich_candidate(
    enrichment: Enrichment, candidate_id: str, user: User, *, force: bool
) -> EnrichResult:
    """Enrich one candidate through Apollo's single-person endpoint."""
    enrichment.spend(user)
    with unit_of_work(enrichment.sessions, write=False) as session:
        plan = service.plan_candidate(
            session, candidate_id, force=force, ttl_days=enrichment.ttl_days
        )
    (result,) = _run(
        enrichment,
        plan,
        service.ask_person,
        lambda session, answers: service.save_candidates(session, answers, user),
    )
    return result


def enrich_contact(enrichment: Enrichment, contact_id: str, user: User) -> EnrichResult:
    """Enrich a CRM contact, linking one without a company to its organization's company."""
    enrichment.spend(user)
    with unit_of_work(enrichment.sessions, write=False) as session:
        plan = service.plan_contact(session, contact_id)
    (result,) = _run(
        enrichment,
        plan,
        service.ask_person,
        lambda session, answers: {a[0]: service.save_contact(session, a) for a in answers},
    )
    return result


def enrich_company(enrichment: Enrichment, company_id: str, user: User) -> EnrichResult:
    """Enrich a CRM company by its domain (or its website's host)."""
    enrichment.spend(user)
    with unit_of_work(enrichment.sessions, write=False) as session:
        plan = service.plan_company(session, company_id)
    (result,) = _run(
        enrichment,
        plan,
        service.ask_organization,
        lambda session, answers: {a[0]: service.save_company(session, a) for a in answers},
    )
    return result
