"""Enrichment endpoints. They call Apollo, so they take no request-wide unit of work: the
use cases open short ones around the call (see ``hiring.enrichment.usecases``)."""

from typing import Annotated

from fastapi import Query

from hiring.auth.deps import DetachedWriter
from hiring.deps import AppSettings, EnrichmentDep, Queue
from hiring.enrichment import jobs, usecases
from hiring.enrichment.schemas import (
    EnrichAllRequest,
    EnrichBatchOut,
    EnrichBatchRequest,
    EnrichResult,
    EnrichSegmentRequest,
    Outcome,
)
from hiring.http import ERROR_RESPONSES, Envelope, api_router, ok
from hiring.tasks.schemas import TaskOut

ENRICH_RESPONSES = ERROR_RESPONSES | {status: ERROR_RESPONSES[422] for status in (429, 503)}

router = api_router("/api", tags=["enrichment"], responses=ENRICH_RESPONSES)

Force = Annotated[bool, Query(description="Enrich even if enriched within the TTL")]


@router.post("/candidates/enrich-batch", response_model=Envelope[EnrichBatchOut])
def enrich_batch(body: EnrichBatchRequest, enrichment: EnrichmentDep, user: DetachedWriter) -> dict:
    """Fill missing emails, LinkedIn URLs, phones, titles, companies and locations of 1 to 50
    candidates from Apollo (10 per call). Values a person entered are never overwritten; each
    filled field is logged as an activity. Duplicate or unknown ids: 422, nothing is sent.
    Candidates enriched within `HIRING_ENRICH_TTL_DAYS` are `skipped` unless `force`.
    Without an Apollo key: 503 `enrichment_unavailable`."""
    results = usecases.enrich_candidates(enrichment, body.candidate_ids, user, force=body.force)
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in Outcome}
    return ok(EnrichBatchOut(results=results, counts=counts))


@router.post("/candidates/enrich-all", response_model=Envelope[TaskOut], status_code=202)
def enrich_all(
    body: EnrichAllRequest,
    enrichment: EnrichmentDep,
    queue: Queue,
    settings: AppSettings,
    user: DetachedWriter,
) -> dict:
    """Enrich every candidate matching a filter object in the background, under the batch's
    rules: 202 with the task to follow at `GET /api/tasks/{id}`. More candidates than
    `HIRING_ENRICH_JOB_MAX_CANDIDATES` (10,000): 422. Without an Apollo key: 503
    `enrichment_unavailable`; the queue unreachable: 503 `queue_unavailable`."""
    most = settings.enrich_job_max_candidates
    task = jobs.start_enrich_all(
        enrichment, queue, user, filters=body.filters, force=body.force, most=most
    )
    return ok(TaskOut.model_validate(task))


@router.post(
    "/candidate-segments/{segment_id}/enrich-all",
    response_model=Envelope[TaskOut],
    status_code=202,
)
def enrich_segment(
    segment_id: str,
    enrichment: EnrichmentDep,
    queue: Queue,
    settings: AppSettings,
    user: DetachedWriter,
    body: EnrichSegmentRequest | None = None,
) -> dict:
    """Enrich a segment's candidates (by its filters as they are now) in the background,
    like `POST /api/candidates/enrich-all`."""
    most = settings.enrich_job_max_candidates
    force = body.force if body is not None else False
    task = jobs.start_enrich_all(
        enrichment, queue, user, segment_id=segment_id, force=force, most=most
    )
    return ok(TaskOut.model_validate(task))


@router.post("/candidates/{candidate_id}/enrich", response_model=Envelope[EnrichResult])
def enrich_candidate(
    candidate_id: str, enrichment: EnrichmentDep, user: DetachedWriter, force: Force = False
) -> dict:
    """Enrich one candidate from Apollo, under the same rules as the batch."""
    return ok(usecases.enrich_candidate(enrichment, candidate_id, user, force=force))


@router.post("/enrich/{contact_id}", response_model=Envelope[EnrichResult])
def enrich_contact(contact_id: str, enrichment: EnrichmentDep, user: DetachedWriter) -> dict:
    """Fill a CRM contact's missing email, phone, LinkedIn URL, title and location from
    Apollo; a contact without a company is linked to its organization's company."""
    return ok(usecases.enrich_contact(enrichment, contact_id, user))


@router.post("/enrich-company/{company_id}", response_model=Envelope[EnrichResult])
def enrich_company(company_id: str, enrichment: EnrichmentDep, user: DetachedWriter) -> dict:
    """Fill a CRM company's missing industry, employee count, LinkedIn URL and other facts
    from Apollo, looked up by its domain (or its website's host; neither: 422)."""
    return ok(usecases.enrich_company(enrichment, company_id, user))
