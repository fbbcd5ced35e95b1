"""Portal pages for jobs: the list, the create/edit form, and a job with its pipeline board."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from hiring.activities import service as activities
from hiring.candidates import service as candidates
from hiring.candidates.models import Candidate
from hiring.db import unit_of_work
from hiring.deps import RecommenderDep, Sessions
from hiring.errors import HiringError, Invalid
from hiring.files import service as files
from hiring.http import DbSession, ok
from hiring.jobs import service
from hiring.jobs.models import Job, JobStatus, JobType, SalaryPeriod
from hiring.jobs.schemas import JobAd, JobCreate, JobUpdate
from hiring.notes import service as notes
from hiring.owners import Owner
from hiring.pipeline import service as pipeline
from hiring.pipeline.models import Assignment, Stage
from hiring.ranking import service as ranking
from hiring.ranking import usecases as recommendations
from hiring.ranking.schemas import Engine, RecommendationRunOut, RecommendOptions
from hiring.text import MAX_SEARCH_LENGTH
from hiring.web.deps import DetachedPortalWriter, Form, PortalEditor, PortalUser, PortalWriter
from hiring.web.forms import service_errors, to_payload, typed, validate
from hiring.web.interview_context import scorecard_text
from hiring.web.postings import pay_text
from hiring.web.render import Pager, page_number, render, safe_next

router = APIRouter(prefix="/jobs")

PAGE_SIZE = 25
BOARD_CANDIDATES = 500
FILES_SHOWN = 100
# What job boards and search engines read besides the text (``PostingFields``).
POSTING_FIELDS = (
    "country",
    "remote_countries",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "valid_through",
)
JOB_FIELDS = (
    "title",
    "product",
    "public_department",
    "team",
    "location",
    "job_type",
    "status",
    "salary_range",
    *POSTING_FIELDS,
    "description",
    "requirements",
)
LIST_FIELDS = ("remote_countries",)


def files_context(
    session: Session, owner: Owner, action: str, errors: dict[str, str] | None
) -> dict[str, Any]:
    """What the files section of a job's or candidate's page shows."""
    shown, total = files.list_files(session, owner, limit=FILES_SHOWN)
    return {
        "files": shown,
        "files_total": total,
        "files_action": action,
        "file_errors": errors or {},
    }


@router.get("")
def job_list(request: Request, session: DbSession, _user: PortalUser) -> Response:
    params = request.query_params
    status = params.get("status") if params.get("status") in JobStatus.__members__ else None
    product = (params.get("product") or "").strip()[:100] or None
    search = (params.get("search") or "").strip()[:MAX_SEARCH_LENGTH] or None
    page = page_number(request)
    rows, total = service.list_jobs(
        session,
        status=status,
        product=product,
        search=search,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "active": "jobs",
        "jobs": rows,
        "counts": pipeline.pipeline_sizes(session, [j.id for j in rows]),
        "pager": Pager(page, PAGE_SIZE, total),
        "filters": {"status": status or "", "product": product or "", "search": search or ""},
        "statuses": list(JobStatus),
        "products": service.products(session),
    }
    return render(request, "admin/jobs.html", context)


def _form_page(
    request: Request,
    session: Session,
    *,
    job: Job | None,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
) -> Response:
    context = {
        "active": "jobs",
        "job": job,
        "values": values,
        "errors": errors or {},
        "statuses": list(JobStatus),
        "job_types": list(JobType),
        "periods": list(SalaryPeriod),
        "products": service.products(session),
        "scorecard_text": scorecard_text(session, job.id) if job else "",
    }
    return render(request, "admin/job_form.html", context, status=422 if errors else 200)


def _text(value: Any) -> str:
    """A stored value as the form shows it: lists comma-separated, nothing as blank."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _payload(values: dict[str, str], *, editing: bool) -> dict[str, Any]:
    payload = to_payload(values, lists=LIST_FIELDS, blank_is_null=editing)
    if payload.get("country") is None:
        # A blank country means "read it from the location", as when the API leaves it out.
        payload.pop("country", None)
    return payload


@router.get("/new")
def new_job(request: Request, session: DbSession, _user: PortalEditor) -> Response:
    defaults = JobCreate(title="x").model_dump(mode="json") | {"title": ""}
    values = {k: _text(defaults.get(k)) for k in JOB_FIELDS}
    return _form_page(request, session, job=None, values=values)


@router.post("")
def create_job(request: Request, session: DbSession, user: PortalWriter, form: Form) -> Response:
    values = typed(form, JOB_FIELDS)
    data, errors = validate(JobCreate, _payload(values, editing=False))
    if data is None:
        return _form_page(request, session, job=None, values=values, errors=errors)
    try:
        job = service.create_job(session, data, user)
    except HiringError as error:
        errors = service_errors(session, error)
        return _form_page(request, session, job=None, values=values, errors=errors)
    return RedirectResponse(f"/admin/jobs/{job.id}", status_code=303)


@router.get("/{job_id}/edit")
def edit_job(request: Request, job_id: str, session: DbSession, _user: PortalEditor) -> Response:
    job = service.get_job(session, job_id)
    values = {k: _text(getattr(job, k)) for k in JOB_FIELDS}
    return _form_page(request, session, job=job, values=values)


@router.post("/{job_id}")
def update_job(
    request: Request, job_id: str, session: DbSession, user: PortalWriter, form: Form
) -> Response:
    job = service.get_job(session, job_id)
    values = typed(form, JOB_FIELDS)
    data, errors = validate(JobUpdate, _payload(values, editing=True))
    if data is None:
        return _form_page(request, session, job=job, values=values, errors=errors)
    try:
        service.update_job(session, job_id, data, user)
    except HiringError as error:
        errors = service_errors(session, error)
        return _form_page(request, session, job=job, values=values, errors=errors)
    return RedirectResponse(f"/admin/jobs/{job_id}", status_code=303)


def job_view(
    request: Request,
    session: Session,
    job_id: str,
    *,
    file_errors: dict[str, str] | None = None,
    recommend_error: str | None = None,
) -> Response:
    """The job's page; a refused upload or recommendation run shows where it was asked for."""
    job = service.get_job(session, job_id)
    run = ranking.last_run(session, job.id)
    rows, total = pipeline.job_candidates(session, job.id, limit=BOARD_CANDIDATES)
    columns: dict[str, list[tuple[Assignment, Candidate]]] = {s.value: [] for s in Stage}
    for assignment, candidate in rows:
        columns[assignment.stage].append((assignment, candidate))
    job_notes, _ = notes.list_notes(session, Owner.job(job.id), limit=100)
    acts, acts_total = activities.list_for(session, Owner.job(job.id), limit=50)
    context = {
        "active": "jobs",
        "job": job,
        "pay": pay_text(JobAd.model_validate(job)),
        "columns": columns,
        "in_stage_since": pipeline.in_stage_since(session, [a for a, _ in rows]),
        "stages": list(Stage),
        "board_total": total,
        "board_shown": len(rows),
        "notes": job_notes,
        "notes_action": f"/admin/jobs/{job.id}/notes",
        "activities": acts,
        "activities_total": acts_total,
        **files_context(session, Owner.job(job.id), f"/admin/jobs/{job.id}/files", file_errors),
        "run": run,
        "in_pipeline": _in_pipeline(session, job.id, run),
        "engines": [Engine.auto, Engine.local],
        "recommend_error": recommend_error,
    }
    failed = file_errors or recommend_error
    return render(request, "admin/job.html", context, status=422 if failed else 200)


def _in_pipeline(session: Session, job_id: str, run: RecommendationRunOut | None) -> set[str]:
    """Which of the recommended candidates are already in the job's pipeline."""
    if run is None or not run.recommendations:
        return set()
    ids = [item.candidate_id for item in run.recommendations]
    return pipeline.in_pipeline(session, job_id, ids)


@router.post("/{job_id}/recommendations")
def recommend(
    request: Request,
    job_id: str,
    sessions: Sessions,
    recommender: RecommenderDep,
    user: DetachedPortalWriter,
    form: Form,
) -> Response:
    """Rank candidates for the job (the ranking use case, engine auto or local). No
    transaction is open while Claude answers (see ``hiring.ranking.usecases``)."""
    engine = form.get("engine") or Engine.auto.value
    try:
        if engine not in (Engine.auto.value, Engine.local.value):
            raise Invalid.field("engine", "Choose auto or local")
        options = RecommendOptions(engine=Engine(engine))
        recommendations.recommend(recommender, job_id, options, user)
    except HiringError as error:
        with unit_of_work(sessions, write=False) as session:
            return job_view(request, session, job_id, recommend_error=error.message)
    return RedirectResponse(f"/admin/jobs/{job_id}#recommendations", status_code=303)


@router.post("/{job_id}/assignments")
def add_candidate(job_id: str, session: DbSession, user: PortalWriter, form: Form) -> Response:
    """Put a candidate (a recommended one) into the job's pipeline at `applied`."""
    job = service.get_job(session, job_id)
    candidate_id = form.get("candidate_id")
    if not isinstance(candidate_id, str) or not candidate_id:
        raise Invalid.field("candidate_id", "Choose a candidate")
    pipeline.assign(session, job, candidates.get_candidate(session, candidate_id), actor=user.email)
    back = safe_next(form.get("next"), f"/admin/jobs/{job_id}#recommendations")
    return RedirectResponse(back, status_code=303)


@router.get("/{job_id}")
def job_page(request: Request, job_id: str, session: DbSession, _user: PortalUser) -> Response:
    return job_view(request, session, job_id)


@router.post("/{job_id}/assignments/{assignment_id}/stage")
def move_card(
    request: Request,
    job_id: str,
    assignment_id: str,
    session: DbSession,
    user: PortalWriter,
    form: Form,
) -> Response:
    """Moves a card on the board; answers JSON to the board's script, a redirect to a form."""
    assignment = pipeline.get_job_assignment(session, job_id, assignment_id)
    stage = _stage(form)
    pipeline.move(session, assignment, stage, actor=user.email)
    if request.headers.get("accept", "").startswith("application/json"):
        return JSONResponse(ok({"id": assignment.id, "stage": assignment.stage}))
    back = safe_next(form.get("next"), f"/admin/jobs/{job_id}#board")
    return RedirectResponse(back, status_code=303)


def _stage(form: FormData) -> str:
    stage = form.get("stage")
    if not isinstance(stage, str) or stage not in Stage.__members__:
        raise Invalid.field("stage", "Choose one of the stages")
    return stage
