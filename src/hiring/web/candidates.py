"""Portal pages for candidates: the filterable table, a candidate's page, the new-candidate form."""

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.applications import service as applications
from hiring.applications.models import JobApplication
from hiring.applications.schemas import DETAIL_FIELDS
from hiring.auth.models import User
from hiring.candidates import duplicates, export, removed, service
from hiring.candidates.filters import CandidateFilters, CandidateSort
from hiring.candidates.models import Candidate, Origin, Source
from hiring.candidates.params import PARAMS, filters_from_params
from hiring.candidates.query import find_candidates
from hiring.candidates.schemas import CandidateUpdate
from hiring.db import utcnow
from hiring.deps import EnrichmentDep, Sessions, client_address
from hiring.enrichment import usecases as enrichment
from hiring.enrichment.schemas import Outcome
from hiring.errors import HiringError, Invalid, Unavailable
from hiring.files.models import FileKind
from hiring.http import DbSession, csv_download
from hiring.jobs import service as jobs
from hiring.notes import service as notes
from hiring.owners import Owner
from hiring.pipeline import service as pipeline
from hiring.pipeline.models import Stage
from hiring.privacy.consent import consents_of
from hiring.web.deps import DetachedPortalWriter, Form, PortalUser, PortalWriter
from hiring.web.forms import (
    param_errors,
    service_errors,
    split_list,
    to_payload,
    typed,
    validate,
)
from hiring.web.interview_context import ScheduleForm, interviews_context
from hiring.web.jobs import files_context
from hiring.web.render import Pager, page_number, render

router = APIRouter(prefix="/candidates")

PAGE_SIZE = 25
ORIGIN_LABELS = {
    Origin.portal: "the portal",
    Origin.api: "the API",
    Origin.careers_page: "the careers page",
    Origin.apply_api: "the public apply API",
    Origin.referral: "a referral",
    Origin.import_: "an import",
}
BULK_OUTCOMES = {
    "moved": "Moved {count} of {of} selected candidates.",
    "tagged": "Tagged {count} of {of} selected candidates (the others had the tag).",
    "added": "Added {count} of {of} selected candidates to the job (the others were in it).",
    "enriched": "Enrichment matched {count} of {of} selected candidates.",
    "unconfigured": "Enrichment is not configured (set APOLLO_API_KEY); nothing was changed.",
    "erased": "The candidate was erased for good; placements and referrals stay anonymised.",
}
ENRICH_OUTCOMES = {
    Outcome.matched.value: "Enriched: the empty fields Apollo knew are filled (see Activity).",
    Outcome.missed.value: "Apollo has no match for this candidate; nothing changed.",
    Outcome.failed.value: "Enrichment did not work this time; nothing changed. Try again later.",
    Outcome.skipped.value: "Enriched recently; nothing was sent to Apollo.",
    "unconfigured": "Enrichment is not configured (set APOLLO_API_KEY); nothing changed.",
}
RESUME_FIELD = "resume"
LIST_FIELDS = ("skills", "tags", "desired_roles", "languages")
PROFILE_FIELDS = (
    "name",
    "email",
    "phone",
    "location",
    "current_title",
    "current_company",
    "linkedin_url",
    "github_url",
    "assigned_to",
    "availability",
    "salary_expectation",
    "notice_period",
    "skills",
    "tags",
    "desired_roles",
    "languages",
    "notes",
)
CREATE_FIELDS = (*PROFILE_FIELDS, "source", "job_id", "stage", "product")
# The list's parameters the filter bar offers (all but the API's finer archive and update ones).
FILTER_KEYS = tuple(name for name in PARAMS if name not in ("updated_from", "archived"))
# Typed as text with commas ("Python, Go"); the filter takes them as lists.
LABEL_KEYS = ("skills", "tags", "languages")
# Column → (sort when first clicked, sort when clicked again).
SORTS = {
    "name": (CandidateSort.name, CandidateSort.name),
    "created_at": (CandidateSort.created_at, CandidateSort.oldest),
    "rating": (CandidateSort.rating, CandidateSort.rating),
    "updated_at": (CandidateSort.updated_at, CandidateSort.updated_at),
}


def filters_from(request: Request) -> tuple[CandidateFilters, dict[str, str], dict[str, str]]:
    """The filters in the address, read as the API reads its query (one translator), the
    address's text of each, and the refused ones by name: those are left out with a word
    on the page, so a hand-edited address still shows a table."""
    raw = {k: (request.query_params.get(k) or "").strip() for k in FILTER_KEYS}
    try:
        return filters_from_params(_as_params(raw)), raw, {}
    except Invalid as error:
        refused = param_errors(error)
    kept = {k: "" if k in refused else v for k, v in raw.items()}
    try:
        return filters_from_params(_as_params(kept)), kept, refused
    except Invalid:
        return CandidateFilters(), dict.fromkeys(FILTER_KEYS, ""), refused


def _as_params(raw: dict[str, str]) -> dict[str, object]:
    return raw | {key: split_list(raw[key]) for key in LABEL_KEYS}


def outcome_message(done: str | None, count: str | None, of: str | None) -> str | None:
    """The sentence for a bulk action's outcome carried in the table's address."""
    if done not in BULK_OUTCOMES or not (count or "").isdigit() or not (of or "").isdigit():
        return None
    return BULK_OUTCOMES[done].format(count=int(count or 0), of=int(of or 0))


def _sort(request: Request) -> CandidateSort:
    value = request.query_params.get("sort", "")
    return (
        CandidateSort(value)
        if value in {s.value for s in CandidateSort}
        else CandidateSort.created_at
    )


@router.get("")
def candidate_list(request: Request, session: DbSession, user: PortalUser) -> Response:
    return list_page(request, session, user)


# Before `/{candidate_id}`: `export` is not a candidate's id.
@router.get("/export")
def export_candidates(request: Request, sessions: Sessions, user: PortalUser) -> Response:
    """The table's candidates (its filters and order, every page) as a CSV file. A refused
    filter is an error here, not left out: the file must hold what was asked for."""
    filters = filters_from_params({k: request.query_params.get(k) for k in FILTER_KEYS})
    rows = export.audited_export(
        sessions, filters, _sort(request), actor=user, ip=client_address(request)
    )
    return csv_download(rows, export.export_filename(utcnow().date()))


def export_url(raw: dict[str, str], sort: CandidateSort) -> str:
    """The export of the table as it is filtered and sorted."""
    given = {k: v for k, v in raw.items() if v}
    if sort is not CandidateSort.created_at:
        given["sort"] = sort.value
    return "/admin/candidates/export" + ("?" + urlencode(given) if given else "")


def list_page(
    request: Request,
    session: Session,
    user: User,
    *,
    bulk_errors: dict[str, str] | None = None,
    bulk_values: dict[str, Any] | None = None,
) -> Response:
    """The table for the filters in ``request``'s address; a refused bulk action comes back
    with its errors next to its fields and its choices (and ticked rows) kept."""
    filters, raw, refused = filters_from(request)
    sort = _sort(request)
    page = page_number(request)
    rows, total = find_candidates(
        session, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, sort=sort
    )
    context = {
        "active": "candidates",
        "candidates": rows,
        "titles": jobs.job_titles(session, {c.job_id for c in rows if c.job_id}),
        "pager": Pager(page, PAGE_SIZE, total.count, exact=total.exact),
        "filters": raw,
        "filter_errors": refused,
        "filtered": any(raw.values()),
        "sort": sort.value,
        "sorts": SORTS,
        "export_url": export_url(raw, sort),
        "can_write": user.can_write,
        "bulk_errors": bulk_errors or {},
        "bulk_values": bulk_values or {},
    }
    if request.headers.get("x-partial") == "results":
        return render(request, "partials/candidate_results.html", context)
    params = request.query_params
    context |= {
        "notice": outcome_message(params.get("done"), params.get("count"), params.get("of")),
        "stages": list(Stage),
        "sources": list(Source),
        "products": jobs.products(session),
        "jobs": jobs.job_menu(session),
    }
    return render(request, "admin/candidates.html", context, status=422 if bulk_errors else 200)


def _profile_values(candidate: Candidate) -> dict[str, str]:
    values = {}
    for name in PROFILE_FIELDS:
        value = getattr(candidate, name)
        if name in LIST_FIELDS:
            values[name] = ", ".join(value or [])
        else:
            values[name] = "" if value is None else str(value)
    return values | {"stage": candidate.stage}


APPLICATIONS_SHOWN = 20
DUPLICATES_SHOWN = 5
DETAIL_LABELS = {
    "name": "Name",
    "email": "Email",
    "phone": "Phone",
    "linkedin_url": "LinkedIn",
    "resume_text": "Resume text",
}


def submitted_rows(application: JobApplication, candidate: Candidate) -> list[dict[str, Any]]:
    """The details an applicant sent beside the candidate's current ones, field by field
    (only those they filled in), and whether each differs."""
    rows = []
    for name in DETAIL_FIELDS:
        sent = application.submitted.get(name)
        if sent in (None, ""):
            continue
        current = getattr(candidate, name)
        rows.append(
            {
                "field": name,
                "label": DETAIL_LABELS[name],
                "submitted": sent,
                "current": current,
                "differs": sent != current,
            }
        )
    return rows


def _applications_context(session: Session, candidate: Candidate) -> dict[str, Any]:
    shown, total = applications.list_applications(session, candidate.id, limit=APPLICATIONS_SHOWN)
    return {
        "applications": [(a, submitted_rows(a, candidate)) for a in shown],
        "applications_total": total,
        "application_jobs": jobs.job_titles(session, {a.job_id for a in shown}),
    }


def _merged_into(session: Session, merged_id: str | None, candidate: Candidate) -> str | None:
    """``merged_id`` when that record was merged into ``candidate``: the page says so once."""
    removal = removed.removal_of(session, merged_id) if merged_id else None
    return merged_id if removal is not None and removal.merged_into == candidate.id else None


def _page(
    request: Request,
    session: Session,
    candidate: Candidate,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    file_errors: dict[str, str] | None = None,
    interview_form: ScheduleForm | None = None,
) -> Response:
    assignments = pipeline.candidate_jobs(session, candidate.id)
    in_jobs = {job.id for _a, job in assignments}
    owner = Owner.candidate(candidate.id)
    candidate_notes, _ = notes.list_notes(session, owner, limit=100)
    acts, acts_total = activities.list_for(session, owner, limit=50)
    context = {
        "active": "candidates",
        "candidate": candidate,
        "origin_labels": ORIGIN_LABELS,
        "values": values or _profile_values(candidate),
        "errors": errors or {},
        "assignments": assignments,
        "open_jobs": [j for j in jobs.job_menu(session) if j[2] == "open" and j[0] not in in_jobs],
        "stages": list(Stage),
        "notes": candidate_notes,
        "notes_action": f"/admin/candidates/{candidate.id}/notes",
        "activities": acts,
        "activities_total": acts_total,
        **files_context(session, owner, f"/admin/candidates/{candidate.id}/files", file_errors),
        "file_kinds": list(FileKind),
        **_applications_context(session, candidate),
        "consents": consents_of(session, candidate.id),
        "duplicates": duplicates.likely_duplicates(session, candidate, limit=DUPLICATES_SHOWN),
        # The signed-in user (``portal_user`` keeps them on the request): whose scorecards.
        **interviews_context(session, candidate, request.state.user, interview_form),
    }
    # A refused Schedule form answers 409 for a clash; any other refused form 422.
    status = interview_form.status if interview_form else 422 if errors or file_errors else 200
    context["enriched"] = ENRICH_OUTCOMES.get(request.query_params.get("enriched", ""))
    context["details_used"] = request.query_params.get("details") == "used"
    context["merged_id"] = _merged_into(session, request.query_params.get("merged"), candidate)
    return render(request, "admin/candidate.html", context, status=status)


def candidate_view(
    request: Request,
    session: Session,
    candidate_id: str,
    *,
    file_errors: dict[str, str] | None = None,
    interview_form: ScheduleForm | None = None,
) -> Response:
    """The candidate's page; ``file_errors`` shows a refused upload next to the file field,
    ``interview_form`` a refused Schedule form (its values and errors)."""
    candidate = service.get_candidate(session, candidate_id)
    return _page(
        request, session, candidate, file_errors=file_errors, interview_form=interview_form
    )


@router.get("/{candidate_id}")
def candidate_page(
    request: Request, candidate_id: str, session: DbSession, _user: PortalUser
) -> Response:
    return candidate_view(request, session, candidate_id)


def _back(candidate_id: str, suffix: str = "") -> RedirectResponse:
    """The candidate's page; ``suffix`` adds a query or a fragment."""
    return RedirectResponse(f"/admin/candidates/{candidate_id}{suffix}", status_code=303)


@router.post("/{candidate_id}")
def update_candidate(
    request: Request, candidate_id: str, session: DbSession, user: PortalWriter, form: Form
) -> Response:
    candidate = service.get_candidate(session, candidate_id)
    values = typed(form, (*PROFILE_FIELDS, "stage"))
    payload = to_payload(values, lists=LIST_FIELDS, blank_is_null=True)
    if payload.get("stage") is None:
        payload.pop("stage", None)
    data, errors = validate(CandidateUpdate, payload)
    if data is None:
        return _page(request, session, candidate, values=values, errors=errors)
    try:
        service.update_candidate(session, candidate_id, data, user)
    except HiringError as error:
        errors = service_errors(session, error)
        return _page(request, session, candidate, values=values, errors=errors)
    return _back(candidate_id)


@router.post("/{candidate_id}/rating")
def rate_candidate(
    candidate_id: str, session: DbSession, user: PortalWriter, form: Form
) -> RedirectResponse:
    raw = form.get("rating")
    if not isinstance(raw, str) or raw not in {"0", "1", "2", "3", "4", "5"}:
        raise Invalid.field("rating", "Choose 1 to 5 stars, or 0 to clear")
    rating = int(raw) or None
    service.update_candidate(session, candidate_id, CandidateUpdate(rating=rating), user)
    return _back(candidate_id)


@router.post("/{candidate_id}/archive")
def archive_candidate(
    candidate_id: str, session: DbSession, user: PortalWriter, form: Form
) -> RedirectResponse:
    archived_at = utcnow() if form.get("archived") == "1" else None
    service.update_candidate(session, candidate_id, CandidateUpdate(archived_at=archived_at), user)
    return _back(candidate_id)


@router.post("/{candidate_id}/assignments")
def add_to_job(
    candidate_id: str, session: DbSession, user: PortalWriter, form: Form
) -> RedirectResponse:
    candidate = service.get_candidate(session, candidate_id)
    job_id, stage = form.get("job_id"), form.get("stage") or Stage.applied.value
    if not isinstance(job_id, str) or not job_id:
        raise Invalid.field("job_id", "Choose a job")
    if not isinstance(stage, str) or stage not in Stage.__members__:
        raise Invalid.field("stage", "Choose one of the stages")
    pipeline.assign(
        session, jobs.get_job(session, job_id), candidate, stage=stage, actor=user.email
    )
    return _back(candidate_id, "#jobs")


@router.post("/{candidate_id}/applications/{application_id}/use")
def use_application_details(
    candidate_id: str, application_id: str, session: DbSession, user: PortalWriter, _form: Form
) -> RedirectResponse:
    """The "Use these details" button: copy what the applicant submitted onto the candidate,
    through the candidates service (logged as an activity)."""
    applications.use_details(session, candidate_id, application_id, user)
    return _back(candidate_id, "?details=used#applications")


@router.post("/{candidate_id}/enrich")
def enrich_candidate(
    candidate_id: str, enrich: EnrichmentDep, user: DetachedPortalWriter, _form: Form
) -> RedirectResponse:
    """Fill the candidate's missing contact and role fields from Apollo (never overwriting).
    No transaction is open while Apollo answers (see ``hiring.enrichment.usecases``)."""
    try:
        result = enrichment.enrich_candidate(enrich, candidate_id, user, force=False)
    except Unavailable:
        return _back(candidate_id, "?enriched=unconfigured")
    return _back(candidate_id, f"?enriched={result.outcome.value}")
