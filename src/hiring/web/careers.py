"""The public careers page: open jobs, one page per job, readable by search engines.

Only the public fields of a job (``JobAd``) ever reach these templates. Absolute links
come from ``HIRING_PUBLIC_URL`` only (never the request's Host header); without it they are
relative.
"""

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hiring.applications import usecases as applications
from hiring.applications.schemas import CAMPAIGN_FIELDS, Application, ApplicationChannel
from hiring.applications.service import RESUME_FIELD
from hiring.db import unit_of_work
from hiring.deps import AppStorage, Sessions, UploadLimit, limit_applications, settings_of
from hiring.errors import HiringError, PayloadTooLarge, UnsupportedMediaType
from hiring.http import DbSession
from hiring.jobs import service
from hiring.jobs.models import JobStatus, JobType
from hiring.jobs.schemas import JobAd
from hiring.privacy.consent import terms_of
from hiring.text import MAX_SEARCH_LENGTH
from hiring.web.deps import RawForm
from hiring.web.forms import chosen_file, form_errors, to_payload, typed, validate
from hiring.web.head import public_page
from hiring.web.postings import job_posting, job_url, pay_text
from hiring.web.render import Pager, page_number, render

router = APIRouter(prefix="/careers", include_in_schema=False)

PAGE_SIZE = 20
APPLY_FIELDS = (
    "name",
    "email",
    "phone",
    "linkedin_url",
    "cover_note",
    "website",
    "consent",
    *CAMPAIGN_FIELDS,
)
DESCRIPTION_LENGTH = 155


@public_page(router, "")
def careers(request: Request, session: DbSession) -> Response:
    params = request.query_params
    filters = {
        "search": (params.get("search") or "").strip()[:MAX_SEARCH_LENGTH],
        "department": (params.get("department") or "").strip()[:100],
        "location": (params.get("location") or "").strip()[:200],
        "job_type": params.get("job_type") if params.get("job_type") in JobType.__members__ else "",
    }
    page = page_number(request)
    wanted = service.JobFilters(
        status=JobStatus.open,
        search=filters["search"] or None,
        department=filters["department"] or None,
        location=filters["location"] or None,
        job_type=filters["job_type"] or None,
        public=True,
    )
    rows, total = service.find_jobs(session, wanted, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    context = {
        "company": settings_of(request).company_name,
        "jobs": [JobAd.model_validate(job) for job in rows],
        "pager": Pager(page, PAGE_SIZE, total),
        "filters": filters,
        "departments": service.open_departments(session),
        "locations": service.open_locations(session),
        "job_types": list(JobType),
    }
    return render(request, "careers/list.html", context)


def summary(text: str | None) -> str:
    """A plain one-line summary for the meta description."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= DESCRIPTION_LENGTH:
        return flat
    return flat[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _at(title: str, company: str) -> str:
    return f"{title} at {company}" if company else title


def _campaign_of(request: Request) -> dict[str, str]:
    """An empty form carrying the campaign parameters of the link that opened the job."""
    values = dict.fromkeys(APPLY_FIELDS, "")
    for name in CAMPAIGN_FIELDS:
        values[name] = (request.query_params.get(name) or "").strip()[:200]
    return values


def _job_page(
    request: Request,
    session: Session,
    job_id: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    applied: bool = False,
    status: int = 200,
) -> Response:
    job = JobAd.model_validate(service.get_open_job(session, job_id))
    settings = settings_of(request)
    company = settings.company_name
    # Absolute only from the configured public URL, never from the request's Host header.
    path = job_url("", job.id)
    absolute = job_url(settings.public_url, job.id) if settings.public_url else None
    context = {
        "company": company,
        "job": job,
        "canonical": absolute or path,
        "description": summary(job.description) or _at(job.title, company),
        "posting": job_posting(job, settings, absolute),
        "pay": pay_text(job),
        "values": values or _campaign_of(request),
        "campaign_fields": CAMPAIGN_FIELDS,
        "errors": errors or {},
        "applied": applied,
        "privacy_policy_url": settings.privacy_policy_url,
    }
    return render(request, "careers/job.html", context, status=status)


@public_page(router, "/{job_id}")
def careers_job(request: Request, job_id: str, session: DbSession) -> Response:
    return _job_page(request, session, job_id)


@router.get("/{job_id}/applied")
def application_received(request: Request, job_id: str, session: DbSession) -> Response:
    return _job_page(request, session, job_id, applied=True)


@router.post("/{job_id}/apply", dependencies=[Depends(limit_applications)])
def apply(
    request: Request,
    job_id: str,
    sessions: Sessions,
    form: RawForm,
    storage: AppStorage,
    max_bytes: UploadLimit,
) -> Response:
    """The application form: the same use case, honeypot and per-address limit as the API.
    No CSRF token: the form is public and changes no existing record (a known person gets an
    application attached, their record untouched; see ``applications.service``).
    Like the API, every attempt counts before the body is read, so a refused one costs
    nothing to parse (its page is the error page, not the form)."""
    values = typed(form, APPLY_FIELDS)
    data, errors = validate(Application, to_payload(values, blank_is_null=False))
    if data is not None:
        upload = chosen_file(form, RESUME_FIELD)
        resume = (
            applications.ResumeUpload(upload.file, upload.filename, storage, max_bytes)
            if upload is not None
            else None
        )
        try:
            applications.apply(
                sessions,
                job_id,
                data,
                ApplicationChannel.careers_page,
                resume,
                terms=terms_of(settings_of(request)),
            )
        except (PayloadTooLarge, UnsupportedMediaType) as exc:
            errors = {RESUME_FIELD: exc.message}
        except HiringError as exc:
            errors = form_errors(exc)
        else:
            return RedirectResponse(f"/careers/{job_id}/applied", status_code=303)
    with unit_of_work(sessions, write=False) as session:
        return _job_page(request, session, job_id, values=values, errors=errors, status=422)
