from typing import Annotated

from fastapi import Query

from hiring.auth.deps import CurrentUser, Writer
from hiring.deps import AppStorage
from hiring.http import (
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.jobs import service
from hiring.jobs.models import Job, JobStatus
from hiring.jobs.schemas import JobCandidate, JobCreate, JobDetail, JobOut, JobPublic, JobUpdate
from hiring.pipeline import service as pipeline
from hiring.text import MAX_SEARCH_LENGTH

router = api_router("/api/jobs", tags=["jobs"])

DETAIL_CANDIDATES = 500
ProductQuery = Annotated[str | None, Query(max_length=100, description="Filter by product")]
SearchQuery = Annotated[
    str | None, Query(max_length=MAX_SEARCH_LENGTH, description="Search title, team, location")
]
PublicSearchQuery = Annotated[
    str | None,
    Query(max_length=MAX_SEARCH_LENGTH, description="Search title, public department, location"),
]


@router.get("", response_model=ListEnvelope[JobOut])
def list_jobs(
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    status: JobStatus | None = None,
    product: ProductQuery = None,
    search: SearchQuery = None,
) -> dict:
    """All jobs with every field, newest first."""
    jobs, total = service.list_jobs(
        session, status=status, product=product, search=search, limit=page.limit, offset=page.offset
    )
    return ok_list([JobOut.model_validate(j) for j in jobs], total)


@router.get("/public", response_model=ListEnvelope[JobPublic])
def list_public_jobs(
    session: DbSession,
    page: PageParams,
    product: ProductQuery = None,
    search: PublicSearchQuery = None,
) -> dict:
    """Open jobs for the careers page, with public fields only. No token needed."""
    filters = service.JobFilters(status=JobStatus.open, product=product, search=search, public=True)
    jobs, total = service.find_jobs(session, filters, limit=page.limit, offset=page.offset)
    return ok_list([JobPublic.model_validate(j) for j in jobs], total)


@router.get("/public/{job_id}", response_model=Envelope[JobPublic])
def get_public_job(job_id: str, session: DbSession) -> dict:
    """One open job, public fields only. Closed, on-hold and unknown jobs are 404."""
    return ok(JobPublic.model_validate(service.get_open_job(session, job_id)))


def _detail(session: DbSession, job: Job) -> JobDetail:
    rows, total = pipeline.job_candidates(session, job.id, limit=DETAIL_CANDIDATES)
    candidates = [JobCandidate.from_row(a, c) for a, c in rows]
    return JobDetail(
        **JobOut.model_validate(job).model_dump(), candidates=candidates, candidates_total=total
    )


@router.get("/{job_id}", response_model=Envelope[JobDetail])
def get_job(job_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """A job with all its fields and the candidates in its pipeline (their per-job stage).

    At most 500 candidates are embedded, most recently moved first; `candidates_total` counts all.
    """
    return ok(_detail(session, service.get_job(session, job_id)))


@router.post("", response_model=Envelope[JobOut], status_code=201)
def create_job(body: JobCreate, session: DbSession, user: Writer) -> dict:
    """Create a job (defaults: product studios, location Remote, contract, open)."""
    return ok(JobOut.model_validate(service.create_job(session, body, user)))


@router.patch("/{job_id}", response_model=Envelope[JobOut])
def update_job(job_id: str, body: JobUpdate, session: DbSession, user: Writer) -> dict:
    """Change any of: title, product, team, public_department, description, requirements,
    location, job_type, status, salary_range, company_id, contact_id (the hiring manager), and
    the structured fields job boards read (country, salary_min, salary_max, salary_currency,
    salary_period, valid_through, remote_countries)."""
    return ok(JobOut.model_validate(service.update_job(session, job_id, body, user)))


@router.delete("/{job_id}", response_model=Envelope[dict])
def delete_job(job_id: str, session: DbSession, _user: Writer, storage: AppStorage) -> dict:
    """Delete a job with its notes, files, activities and pipeline."""
    service.delete_job(session, job_id, storage)
    return ok({"id": job_id, "deleted": True})
