"""Bulk actions on the candidates table: move stage, add a tag, enrich, add to a job.

Each goes through the same services as one-by-one changes, in one transaction: all or none.
The outcome comes back to the table as a short message in the address (`done`, `count`);
a refusal shows the table again with the error next to the bulk field it concerns.
"""

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from hiring.auth.models import User
from hiring.candidates import service as candidates
from hiring.db import unit_of_work
from hiring.deps import EnrichmentDep, Sessions
from hiring.enrichment import usecases as enrichment
from hiring.enrichment.schemas import BATCH_LIMIT, Outcome
from hiring.errors import HiringError, Invalid, Unavailable
from hiring.jobs import service as jobs
from hiring.pipeline import service as pipeline
from hiring.pipeline.models import Stage
from hiring.web import candidates as pages
from hiring.web.deps import DetachedPortalWriter, Form
from hiring.web.forms import service_errors, typed
from hiring.web.render import safe_next

router = APIRouter(prefix="/candidates")

ACTIONS = ("stage", "tag", "enrich", "job")
LIST_PATH = "/admin/candidates"
OUTCOME_KEYS = {"done", "count", "of"}
# Service fields as the bulk form names them.
FIELD_NAMES = {"tags": "tag"}


def _selected(form: FormData) -> list[str]:
    ids = list(dict.fromkeys(v for v in form.getlist("candidate_ids") if isinstance(v, str) and v))
    if not ids:
        raise Invalid.field("candidate_ids", "Select at least one candidate")
    if len(ids) > BATCH_LIMIT:
        raise Invalid.field("candidate_ids", f"Select at most {BATCH_LIMIT} candidates at once")
    return ids


def _text(form: FormData, name: str, message: str) -> str:
    value = form.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Invalid.field(name, message)
    return value.strip()


def _move(session: Session, ids: list[str], form: FormData, user: User) -> int:
    stage = _text(form, "stage", "Choose a stage")
    if stage not in Stage.__members__:
        raise Invalid.field("stage", "Choose one of the stages")
    return len(candidates.bulk_set_stage(session, ids, stage, user))


def _tag(session: Session, ids: list[str], form: FormData, user: User) -> int:
    tag = _text(form, "tag", "Write the tag to add")
    return len(candidates.bulk_tag(session, ids, tag, user))


def _add_to_job(session: Session, ids: list[str], form: FormData, user: User) -> int:
    job = jobs.get_job(session, _text(form, "job_id", "Choose a job"))
    return len(pipeline.bulk_assign(session, job, ids, actor=user.email))


CHANGES = {"stage": (_move, "moved"), "tag": (_tag, "tagged"), "job": (_add_to_job, "added")}


def _back(form: FormData, done: str, count: int, of: int) -> RedirectResponse:
    """The table the action came from (its filters kept), with the outcome added."""
    parts = urlsplit(safe_next(form.get("next"), LIST_PATH))
    kept = parse_qsl(parts.query) if parts.path == LIST_PATH else []
    params = [(k, v) for k, v in kept if k not in OUTCOME_KEYS]
    params += [("done", done), ("count", str(count)), ("of", str(of))]
    return RedirectResponse(f"{LIST_PATH}?{urlencode(params)}", status_code=303)


def _list_request(request: Request, form: FormData) -> Request:
    """The table the action came from, as its GET request, to show it again with errors."""
    parts = urlsplit(safe_next(form.get("next"), LIST_PATH))
    query = parts.query if parts.path == LIST_PATH else ""
    scope = dict(request.scope, method="GET", path=LIST_PATH, query_string=query.encode())
    return Request(scope, request.receive)


def _refused(
    request: Request, session: Session, form: FormData, user: User, error: HiringError
) -> Response:
    errors = {FIELD_NAMES.get(k, k): v for k, v in service_errors(session, error).items()}
    values: dict[str, Any] = typed(form, ("action", "stage", "tag", "job_id"))
    values["candidate_ids"] = set(form.getlist("candidate_ids"))
    return pages.list_page(
        _list_request(request, form), session, user, bulk_errors=errors, bulk_values=values
    )


@router.post("/bulk")
def bulk_action(
    request: Request,
    sessions: Sessions,
    enrich: EnrichmentDep,
    user: DetachedPortalWriter,
    form: Form,
) -> Response:
    """Apply one action to the selected candidates; a refusal shows the table again with the
    error next to the field it concerns. Enriching calls Apollo, so this page opens its own
    units of work: none is open while Apollo answers, and a refused change writes nothing."""
    try:
        if form.get("action") == "enrich":
            return _enrich(enrich, form, user)
        with unit_of_work(sessions) as session:
            return _apply(request, session, form, user)
    except Invalid as error:
        with unit_of_work(sessions, write=False) as session:
            return _refused(request, session, form, user, error)


def _enrich(enrich: enrichment.Enrichment, form: FormData, user: User) -> Response:
    ids = _selected(form)
    try:
        results = enrichment.enrich_candidates(enrich, ids, user, force=False)
    except Unavailable:
        return _back(form, "unconfigured", 0, len(ids))
    matched = sum(r.outcome == Outcome.matched for r in results)
    return _back(form, "enriched", matched, len(ids))


def _apply(request: Request, session: Session, form: FormData, user: User) -> Response:
    action = form.get("action")
    if action not in ACTIONS:
        raise Invalid.field("action", "Choose an action")
    ids = _selected(form)
    change, done = CHANGES[str(action)]
    return _back(form, done, change(session, ids, form, user), len(ids))
