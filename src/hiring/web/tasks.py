"""Portal pages for background jobs: the Tasks list, and the buttons that queue an enrich-all
job for the candidates list's filters or for a segment, then show its task."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hiring.candidates.params import filters_from_params
from hiring.deps import AppSettings, EnrichmentDep, Queue
from hiring.enrichment import jobs
from hiring.http import DbSession
from hiring.tasks import service
from hiring.tasks.models import Task
from hiring.web.candidates import FILTER_KEYS
from hiring.web.deps import DetachedPortalWriter, Form, PortalEditor
from hiring.web.render import Pager, page_number, render

router = APIRouter()

PAGE_SIZE = 25


def _shown(task: Task) -> Response:
    return RedirectResponse(f"/admin/tasks/{task.id}", status_code=303)


@router.get("/tasks")
def task_list(request: Request, session: DbSession, user: PortalEditor) -> Response:
    """Every job for an admin, a recruiter's own for a recruiter, newest first."""
    page = page_number(request)
    tasks, total = service.list_tasks(session, user, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    context = {"active": "tasks", "tasks": tasks, "pager": Pager(page, PAGE_SIZE, total)}
    return render(request, "admin/tasks.html", context)


@router.get("/tasks/{task_id}")
def task_page(task_id: str, request: Request, session: DbSession, user: PortalEditor) -> Response:
    context = {"active": "tasks", "task": service.get_task(session, task_id, user)}
    return render(request, "admin/task.html", context)


@router.post("/candidates/enrich-all")
def enrich_list(
    enrichment: EnrichmentDep,
    queue: Queue,
    settings: AppSettings,
    user: DetachedPortalWriter,
    form: Form,
) -> Response:
    """Queue the enrichment of every candidate matching the list's filters (sent with the
    form as the list's address had them)."""
    raw = {key: str(form.get(key) or "").strip() for key in FILTER_KEYS}
    filters = filters_from_params(raw)
    task = jobs.start_enrich_all(
        enrichment,
        queue,
        user,
        filters=filters,
        force=False,
        most=settings.enrich_job_max_candidates,
    )
    return _shown(task)


@router.post("/segments/{segment_id}/enrich-all")
def enrich_segment(
    segment_id: str,
    enrichment: EnrichmentDep,
    queue: Queue,
    settings: AppSettings,
    user: DetachedPortalWriter,
    _form: Form,
) -> Response:
    """Queue the enrichment of the segment's candidates, by its filters as they are now."""
    task = jobs.start_enrich_all(
        enrichment,
        queue,
        user,
        segment_id=segment_id,
        force=False,
        most=settings.enrich_job_max_candidates,
    )
    return _shown(task)
