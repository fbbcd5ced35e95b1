"""Portal pages for candidate segments: the list, the builder with its live preview, CSV export."""

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, QueryParams

from hiring.candidates.filters import ArchivedFilter, CandidateFilters, LabelMode
from hiring.candidates.models import Source
from hiring.candidates.params import RENAMED, filters_from_params
from hiring.candidates.query import Total, count_candidates
from hiring.deps import Sessions, client_address
from hiring.errors import HiringError, Invalid
from hiring.http import DbSession, csv_download
from hiring.jobs import service as jobs
from hiring.pipeline.models import Stage
from hiring.segments import service
from hiring.segments.models import CandidateSegment
from hiring.segments.schemas import SegmentCreate, SegmentUpdate
from hiring.web.deps import Form, PortalEditor, PortalUser, PortalWriter
from hiring.web.forms import FORM_ERROR, param_errors, service_errors, split_list
from hiring.web.render import Pager, page_number, render

router = APIRouter(prefix="/segments")

SHOWN_ROWS = 25
PAGE_SIZE = 25  # each listed segment is counted live, so a page stays short
TEXT_FILTERS = ("search", "job_id", "product", "location")
LABEL_FILTERS = ("skills", "tags", "languages")
CHOICE_FILTERS = ("rating_min", "has_email", "has_phone")
# The API's parameter names (``date_from`` is the saved filter's ``created_from``).
DATE_FILTERS = ("date_from", "date_to", "updated_from")
MULTI_FILTERS = ("stage", "source")
MODES = tuple(f"{name}_mode" for name in LABEL_FILTERS)
TEXT_FIELDS = (*TEXT_FILTERS, *LABEL_FILTERS, *MODES, *CHOICE_FILTERS, *DATE_FILTERS, "archived")
FORM_FIELDS = ("name", "description", *TEXT_FIELDS)
FILTER_FIELDS = (*TEXT_FIELDS, *MULTI_FILTERS)


# Query parameters (live preview) or a submitted form (save): both can repeat a key.
MultiValues = QueryParams | FormData


def _text(values: MultiValues, name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""


def typed_values(values: MultiValues) -> dict[str, Any]:
    """What the builder's fields hold, as typed (to show again): text, and lists of ticks."""
    typed: dict[str, Any] = {name: _text(values, name) for name in FORM_FIELDS}
    for name in MULTI_FILTERS:
        typed[name] = [v for v in values.getlist(name) if isinstance(v, str) and v]
    return typed


def filter_params(typed: Mapping[str, Any]) -> dict[str, Any]:
    """The builder's fields as the list's parameters: label lists split at commas."""
    params = {name: typed[name] for name in FILTER_FIELDS}
    for name in LABEL_FILTERS:
        params[name] = split_list(typed[name])
    return params


def _errors(exc: ValidationError) -> dict[str, str]:
    """The first message per field of the segment itself (its name, its description)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        field = loc[0] if loc else FORM_ERROR
        errors.setdefault(
            field, str(error.get("msg", "Invalid value")).removeprefix("Value error, ")
        )
    return errors


def parse_filters(typed: Mapping[str, Any]) -> tuple[CandidateFilters | None, dict[str, str]]:
    """The filter object for the builder's fields (by the translator the candidate list and
    the API use), or the refused fields with their messages."""
    try:
        return filters_from_params(filter_params(typed)), {}
    except Invalid as error:
        return None, param_errors(error)


def stored_values(segment: CandidateSegment) -> dict[str, Any]:
    """A saved segment as the builder's fields."""
    saved = segment.filters
    typed: dict[str, Any] = dict.fromkeys(FORM_FIELDS, "")
    typed |= {"name": segment.name, "description": segment.description or ""}
    for name in (*TEXT_FILTERS, *MODES):
        typed[name] = str(saved.get(name) or "")
    for name in LABEL_FILTERS:
        typed[name] = ", ".join(saved.get(name) or [])
    for name in DATE_FILTERS:
        typed[name] = str(saved.get(RENAMED.get(name, name)) or "")[:10]
    for name in ("has_email", "has_phone"):
        typed[name] = "" if saved.get(name) is None else str(saved[name]).lower()
    typed["rating_min"] = str(saved.get("rating_min") or "")
    typed["archived"] = str(saved.get("archived") or "")
    for name in MULTI_FILTERS:
        typed[name] = list(saved.get(name) or [])
    return typed


def describe(filters: Mapping[str, Any]) -> list[str]:
    """Short phrases for a saved filter object, for the list of segments."""
    phrases = []
    for name, value in filters.items():
        if name.endswith("_mode"):
            continue
        if isinstance(value, list):
            mode = filters.get(f"{name}_mode", LabelMode.any.value)
            joiner = " and " if mode == LabelMode.all.value else " or "
            value = joiner.join(str(v) for v in value)
        phrases.append(f"{name.replace('_', ' ')}: {value}")
    return phrases


def _preview(session: Session, values: Mapping[str, Any]) -> dict[str, Any]:
    """How many candidates the builder's filters match and the first rows (or the errors)."""
    filters, errors = parse_filters(values)
    rows, total = service.preview(session, filters) if filters is not None else ([], Total(0))
    return {"candidates": rows[:SHOWN_ROWS], "total": total, "errors": errors}


def _builder(
    request: Request,
    session: Session,
    *,
    segment: CandidateSegment | None,
    values: dict[str, Any],
    errors: dict[str, str],
) -> Response:
    preview = _preview(session, values)
    context = preview | {
        "active": "segments",
        "segment": segment,
        "values": values,
        "errors": preview["errors"] | errors,
        "stages": list(Stage),
        "sources": list(Source),
        "archived_choices": list(ArchivedFilter),
        "products": jobs.products(session),
        "jobs": jobs.job_menu(session),
    }
    return render(request, "admin/segment_form.html", context, status=422 if errors else 200)


@router.get("")
def segment_list(request: Request, session: DbSession, _user: PortalUser) -> Response:
    page = page_number(request)
    segments, total = service.list_segments(session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    members = {s.id: count_candidates(session, service.segment_filters(s)) for s in segments}
    context = {
        "active": "segments",
        "segments": segments,
        "total": total,
        "pager": Pager(page, PAGE_SIZE, total),
        "members": members,
        "describe": describe,
    }
    return render(request, "admin/segments.html", context)


@router.get("/new")
def new_segment(request: Request, session: DbSession, _user: PortalEditor) -> Response:
    values = typed_values(request.query_params)
    return _builder(request, session, segment=None, values=values, errors={})


@router.get("/preview")
def preview(request: Request, session: DbSession, _user: PortalUser) -> Response:
    """The live count and first rows for the builder's fields, as they stand."""
    context = _preview(session, typed_values(request.query_params))
    return render(request, "partials/segment_preview.html", context)


def _save(
    request: Request,
    session: Session,
    form: FormData,
    segment_id: str | None,
    write: Callable[[dict[str, Any]], CandidateSegment],
) -> Response:
    """Validate and save the builder's form; on any refusal show it again with the errors."""
    values = typed_values(form)
    filters, errors = parse_filters(values)
    payload = _segment_payload(values, filters or CandidateFilters())
    try:
        if errors:
            SegmentCreate.model_validate(payload)  # refused filters: name the other errors too
        else:
            saved = write(payload)
            return RedirectResponse(f"/admin/segments/{saved.id}?saved=1", status_code=303)
    except ValidationError as exc:
        errors |= _errors(exc)
    except HiringError as error:
        errors = _name_errors(session, error)
    segment = service.get_segment(session, segment_id) if segment_id else None
    return _builder(request, session, segment=segment, values=values, errors=errors)


@router.post("")
def create_segment(
    request: Request, session: DbSession, user: PortalWriter, form: Form
) -> Response:
    def write(payload: dict[str, Any]) -> CandidateSegment:
        return service.create_segment(session, SegmentCreate.model_validate(payload), user)

    return _save(request, session, form, None, write)


@router.get("/{segment_id}")
def segment_page(
    segment_id: str, request: Request, session: DbSession, _user: PortalUser
) -> Response:
    segment = service.get_segment(session, segment_id)
    return _builder(request, session, segment=segment, values=stored_values(segment), errors={})


@router.post("/{segment_id}")
def update_segment(
    segment_id: str, request: Request, session: DbSession, _user: PortalWriter, form: Form
) -> Response:
    service.get_segment(session, segment_id)

    def write(payload: dict[str, Any]) -> CandidateSegment:
        return service.update_segment(session, segment_id, SegmentUpdate.model_validate(payload))

    return _save(request, session, form, segment_id, write)


@router.post("/{segment_id}/delete")
def delete_segment(
    segment_id: str, session: DbSession, _user: PortalWriter, _form: Form
) -> Response:
    service.delete_segment(session, segment_id)
    return RedirectResponse("/admin/segments", status_code=303)


@router.get("/{segment_id}/export.csv")
def export_segment(
    request: Request, segment_id: str, session: DbSession, sessions: Sessions, user: PortalUser
) -> StreamingResponse:
    segment = service.get_segment(session, segment_id)
    rows = service.export_csv(sessions, segment, actor=user, ip=client_address(request))
    return csv_download(rows, f"segment-{segment.id}.csv")


def _segment_payload(values: Mapping[str, Any], filters: CandidateFilters) -> dict[str, Any]:
    return {
        "name": values["name"],
        "description": values["description"] or None,
        "filters": filters,
    }


def _name_errors(session: Session, error: HiringError) -> dict[str, str]:
    """A refused save as form errors: a taken name belongs next to the name field."""
    errors = service_errors(session, error)
    if error.status_code == 409:
        return {"name": error.message}
    return errors
