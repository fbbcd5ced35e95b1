"""Portal pages for placements (hires) and referrals: filtered lists and create/edit forms.

Both go through their services exactly as the API does; a form comes back with what was typed
and each refusal next to its field.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, QueryParams

from hiring.candidates import service as candidates
from hiring.candidates.removed import ERASED_NAME
from hiring.errors import HiringError
from hiring.http import DbSession
from hiring.jobs import service as jobs
from hiring.placements import service as placements
from hiring.placements.models import PayPeriod, Placement, PlacementStatus
from hiring.placements.schemas import PlacementCreate, PlacementFilters, PlacementUpdate
from hiring.referrals import service as referrals
from hiring.referrals.models import Referral, ReferralStatus
from hiring.referrals.schemas import ReferralCreate, ReferralFilters, ReferralUpdate
from hiring.validation import FROM_TEXT
from hiring.web.deps import Form, PortalEditor, PortalUser, PortalWriter
from hiring.web.forms import service_errors, to_payload, typed, validate
from hiring.web.render import Pager, page_number, render

router = APIRouter()

PAGE_SIZE = 25
PLACEMENT_EDIT_FIELDS = (
    "start_date",
    "end_date",
    "salary",
    "rate",
    "currency",
    "period",
    "fee",
    "status",
    "notes",
)
PLACEMENT_FIELDS = ("candidate_id", "job_id", *PLACEMENT_EDIT_FIELDS)
REFERRAL_EDIT_FIELDS = (
    "referrer_name",
    "referrer_email",
    "job_id",
    "status",
    "bonus_amount",
    "currency",
    "notes",
)
PERSON_FIELDS = ("candidate_id", "name", "email", "linkedin_url")
REFERRAL_FIELDS = (*REFERRAL_EDIT_FIELDS, *PERSON_FIELDS)


def _param(params: QueryParams, name: str, size: int = 320) -> str:
    return (params.get(name) or "").strip()[:size]


def _filters(schema: type[BaseModel], raw: dict[str, str]) -> tuple[Any, dict[str, str]]:
    """The list filters from the address; an unusable value shows the unfiltered list."""
    try:
        given = {k: v for k, v in raw.items() if v}
        return schema.model_validate(given, context=FROM_TEXT), raw
    except ValidationError:
        return schema(), dict.fromkeys(raw, "")


def _values(record: Any, fields: tuple[str, ...]) -> dict[str, str]:
    """A stored record as form text (dates ISO, money as stored)."""
    values = {}
    for name in fields:
        value = getattr(record, name)
        values[name] = "" if value is None else str(getattr(value, "value", value))
    return values


@dataclass(frozen=True)
class RecordKind:
    """What differs between the placement and referral forms."""

    section: str
    template: str
    statuses: list[Any]
    extra: dict[str, Any] = field(default_factory=dict)


PLACEMENTS = RecordKind(
    "placements",
    "admin/placement_form.html",
    list(PlacementStatus),
    {"periods": list(PayPeriod)},
)
REFERRALS = RecordKind("referrals", "admin/referral_form.html", list(ReferralStatus))


def _names(session: Session, candidate_ids: set[str | None]) -> dict[str | None, str]:
    """Candidates' names by id; an erased candidate's record (no id) is named as such."""
    names: dict[str | None, str] = {None: ERASED_NAME}
    names.update(candidates.candidate_names(session, {i for i in candidate_ids if i}))
    return names


def _form_page(
    request: Request,
    session: Session,
    kind: RecordKind,
    values: dict[str, str],
    errors: dict[str, str],
    record: Placement | Referral | None = None,
) -> Response:
    candidate_id = (record.candidate_id if record else values.get("candidate_id")) or ""
    context = {
        "active": kind.section,
        "record": record,
        "values": values,
        "errors": errors,
        "candidate_name": candidates.candidate_names(session, {candidate_id}).get(candidate_id),
        "statuses": kind.statuses,
        "jobs": jobs.job_menu(session),
        **kind.extra,
    }
    return render(request, kind.template, context, status=422 if errors else 200)


def _submit(
    request: Request,
    session: Session,
    kind: RecordKind,
    form: FormData,
    fields: tuple[str, ...],
    schema: type[BaseModel],
    save: Callable[[Any], object],
    record: Placement | Referral | None = None,
) -> Response:
    """Validate what was typed and save it, or show the form again with errors by field.
    Editing, an emptied field clears the value; creating, it is simply not sent."""
    values = typed(form, fields)
    payload = to_payload(values, blank_is_null=record is not None)
    data, errors = validate(schema, payload)
    if data is not None:
        try:
            save(data)
            return RedirectResponse(f"/admin/{kind.section}", status_code=303)
        except HiringError as error:
            errors = service_errors(session, error)
    return _form_page(request, session, kind, values, errors, record)


# Placements


@router.get("/placements")
def placement_list(request: Request, session: DbSession, _user: PortalUser) -> Response:
    params = request.query_params
    raw = {
        "status": _param(params, "status"),
        "job_id": _param(params, "job_id", 40),
        "product": _param(params, "product", 100),
        "date_from": _param(params, "date_from", 10),
        "date_to": _param(params, "date_to", 10),
        "candidate_id": _param(params, "candidate_id", 40),
    }
    filters, raw = _filters(PlacementFilters, raw)
    page = page_number(request)
    rows, total = placements.list_placements(
        session, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context = {
        "active": "placements",
        "placements": rows,
        "names": _names(session, {p.candidate_id for p in rows}),
        "titles": jobs.job_titles(session, {p.job_id for p in rows}),
        "pager": Pager(page, PAGE_SIZE, total),
        "filters": raw,
        "statuses": list(PlacementStatus),
        "jobs": jobs.job_menu(session),
        "products": jobs.products(session),
    }
    return render(request, "admin/placements.html", context)


@router.get("/placements/new")
def new_placement(request: Request, session: DbSession, _user: PortalEditor) -> Response:
    params = request.query_params
    values = dict.fromkeys(PLACEMENT_FIELDS, "") | {
        "candidate_id": _param(params, "candidate_id", 40),
        "job_id": _param(params, "job_id", 40),
        "start_date": date.today().isoformat(),
        "currency": "USD",
        "period": PayPeriod.year.value,
        "status": PlacementStatus.active.value,
    }
    return _form_page(request, session, PLACEMENTS, values, {})


@router.post("/placements")
def create_placement(
    request: Request, session: DbSession, user: PortalWriter, form: Form
) -> Response:
    def save(data: PlacementCreate) -> Placement:
        return placements.create_placement(session, data, user)

    return _submit(request, session, PLACEMENTS, form, PLACEMENT_FIELDS, PlacementCreate, save)


@router.get("/placements/{placement_id}/edit")
def edit_placement(
    request: Request, placement_id: str, session: DbSession, _user: PortalEditor
) -> Response:
    placement = placements.get_placement(session, placement_id)
    values = _values(placement, PLACEMENT_EDIT_FIELDS)
    return _form_page(request, session, PLACEMENTS, values, {}, placement)


@router.post("/placements/{placement_id}")
def update_placement(
    request: Request, placement_id: str, session: DbSession, user: PortalWriter, form: Form
) -> Response:
    placement = placements.get_placement(session, placement_id)

    def save(data: PlacementUpdate) -> Placement:
        return placements.update_placement(session, placement_id, data, user)

    fields = PLACEMENT_EDIT_FIELDS
    return _submit(request, session, PLACEMENTS, form, fields, PlacementUpdate, save, placement)


# Referrals


@router.get("/referrals")
def referral_list(request: Request, session: DbSession, _user: PortalUser) -> Response:
    params = request.query_params
    raw = {
        "status": _param(params, "status"),
        "job_id": _param(params, "job_id", 40),
        "referrer_email": _param(params, "referrer_email"),
    }
    filters, raw = _filters(ReferralFilters, raw)
    page = page_number(request)
    rows, total = referrals.list_referrals(
        session, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context = {
        "active": "referrals",
        "referrals": rows,
        "names": _names(session, {r.candidate_id for r in rows}),
        "titles": jobs.job_titles(session, {r.job_id for r in rows if r.job_id}),
        "pager": Pager(page, PAGE_SIZE, total),
        "filters": raw,
        "statuses": list(ReferralStatus),
        "jobs": jobs.job_menu(session),
    }
    return render(request, "admin/referrals.html", context)


@router.get("/referrals/new")
def new_referral(request: Request, session: DbSession, _user: PortalEditor) -> Response:
    values = dict.fromkeys(REFERRAL_FIELDS, "") | {
        "candidate_id": _param(request.query_params, "candidate_id", 40),
        "job_id": _param(request.query_params, "job_id", 40),
        "status": ReferralStatus.submitted.value,
        "currency": "USD",
    }
    return _form_page(request, session, REFERRALS, values, {})


@router.post("/referrals")
def create_referral(
    request: Request, session: DbSession, user: PortalWriter, form: Form
) -> Response:
    def save(data: ReferralCreate) -> Referral:
        return referrals.create_referral(session, data, user)

    return _submit(request, session, REFERRALS, form, REFERRAL_FIELDS, ReferralCreate, save)


@router.get("/referrals/{referral_id}/edit")
def edit_referral(
    request: Request, referral_id: str, session: DbSession, _user: PortalEditor
) -> Response:
    referral = referrals.get_referral(session, referral_id)
    values = _values(referral, REFERRAL_EDIT_FIELDS)
    return _form_page(request, session, REFERRALS, values, {}, referral)


@router.post("/referrals/{referral_id}")
def update_referral(
    request: Request, referral_id: str, session: DbSession, user: PortalWriter, form: Form
) -> Response:
    referral = referrals.get_referral(session, referral_id)

    def save(data: ReferralUpdate) -> Referral:
        return referrals.update_referral(session, referral_id, data, user)

    fields = REFERRAL_EDIT_FIELDS
    return _submit(request, session, REFERRALS, form, fields, ReferralUpdate, save, referral)
