from typing import Annotated

from fastapi import Depends, Query, Request

from hiring.auth.deps import Writer
from hiring.auth.models import User
from hiring.candidates import service as candidates
from hiring.crm import service as crm
from hiring.enrichment import service
from hiring.enrichment.client import Apollo
from hiring.enrichment.schemas import EnrichBatchOut, EnrichBatchRequest, EnrichResult, Outcome
from hiring.http import ERROR_RESPONSES, DbSession, Envelope, api_router, ok

ENRICH_RESPONSES = ERROR_RESPONSES | {status: ERROR_RESPONSES[422] for status in (429, 503)}

router = api_router("/api", tags=["enrichment"], responses=ENRICH_RESPONSES)

Force = Annotated[bool, Query(description="Enrich even if enriched within the TTL")]


def apollo_client(request: Request) -> Apollo | None:
    """The configured Apollo client (None without an API key), chosen once in create_app."""
    return request.app.state.apollo


ApolloDep = Annotated[Apollo | None, Depends(apollo_client)]


def limit_enrichment(request: Request, user: User) -> None:
    """Enrichment costs money: a per-user rate limit, before anything else happens."""
    request.app.state.enrich_limiter.hit(
        user.id, "Too many enrichment requests; try again in a minute"
    )


def enrich_ttl(request: Request) -> int:
    return request.app.state.settings.enrich_ttl_days


@router.post("/candidates/enrich-batch", response_model=Envelope[EnrichBatchOut])
def enrich_batch(
    body: EnrichBatchRequest, request: Request, session: DbSession, user: Writer, apollo: ApolloDep
) -> dict:
    """Fill missing emails, LinkedIn URLs, phones, titles, companies and locations of 1 to 50
    candidates from Apollo (10 per call). Values a person entered are never overwritten; each
    filled field is logged as an activity. Duplicate or unknown ids: 422, nothing is sent.
    Candidates enriched within `HIRING_ENRICH_TTL_DAYS` are `skipped` unless `force`.
    Without an Apollo key: 503 `enrichment_unavailable`."""
    limit_enrichment(request, user)
    results = service.enrich_candidates(
        session, apollo, body.candidate_ids, user, force=body.force, ttl_days=enrich_ttl(request)
    )
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in Outcome}
    return ok(EnrichBatchOut(results=results, counts=counts))


@router.post("/candidates/{candidate_id}/enrich", response_model=Envelope[EnrichResult])
def enrich_candidate(
    candidate_id: str,
    request: Request,
    session: DbSession,
    user: Writer,
    apollo: ApolloDep,
    force: Force = False,
) -> dict:
    """Enrich one candidate from Apollo, under the same rules as the batch."""
    limit_enrichment(request, user)
    candidate = candidates.get_candidate(session, candidate_id)
    return ok(
        service.enrich_candidate(
            session, apollo, candidate, user, force=force, ttl_days=enrich_ttl(request)
        )
    )


@router.post("/enrich/{contact_id}", response_model=Envelope[EnrichResult])
def enrich_contact(
    contact_id: str, request: Request, session: DbSession, user: Writer, apollo: ApolloDep
) -> dict:
    """Fill a CRM contact's missing email, phone, LinkedIn URL, title and location from
    Apollo; a contact without a company is linked to its organization's company."""
    limit_enrichment(request, user)
    return ok(service.enrich_contact(session, apollo, crm.get_contact(session, contact_id)))


@router.post("/enrich-company/{company_id}", response_model=Envelope[EnrichResult])
def enrich_company(
    company_id: str, request: Request, session: DbSession, user: Writer, apollo: ApolloDep
) -> dict:
    """Fill a CRM company's missing industry, employee count, LinkedIn URL and other facts
    from Apollo, looked up by its domain (or its website's host; neither: 422)."""
    limit_enrichment(request, user)
    return ok(service.enrich_company(session, apollo, crm.get_company(session, company_id)))
