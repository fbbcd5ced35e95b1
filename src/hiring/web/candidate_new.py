"""The portal's new-candidate form: typed in, or filled from a resume, checked for the person
being here already, and saved with the resume attached."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from hiring.candidates import duplicates, service
from hiring.candidates.duplicates import Duplicate
from hiring.candidates.models import Origin, Source
from hiring.candidates.schemas import CandidateCreate
from hiring.db import unit_of_work
from hiring.deps import AppStorage, Sessions, UploadLimit
from hiring.errors import HiringError, Invalid
from hiring.files import service as files
from hiring.http import DbSession, ok
from hiring.jobs import service as jobs
from hiring.owners import Owner
from hiring.pipeline.models import Stage
from hiring.resumes import service as resumes
from hiring.resumes.fill import prefill_form
from hiring.web.candidates import CREATE_FIELDS, LIST_FIELDS, RESUME_FIELD
from hiring.web.deps import DetachedPortalWriter, Form, PortalEditor
from hiring.web.forms import chosen_file, form_errors, to_payload, typed, validate
from hiring.web.render import render

router = APIRouter(prefix="/candidates")


def _new_form(
    request: Request,
    session: Session,
    values: dict[str, str],
    errors: dict[str, str],
    notice: str | None = None,
    duplicate: Duplicate | None = None,
    *,
    refused: bool = False,
) -> Response:
    context = {
        "active": "candidates",
        "values": values,
        "errors": errors,
        "notice": notice,
        "duplicate": duplicate,
        "stages": list(Stage),
        "sources": list(Source),
        "products": jobs.products(session),
        "jobs": jobs.job_menu(session),
    }
    # A duplicate found while saving refused the save; one found in a prefilled form warns.
    status = 422 if errors else 409 if duplicate is not None and refused else 200
    return render(request, "admin/candidate_new.html", context, status=status)


@router.get("/new")
def new_candidate(request: Request, session: DbSession, _user: PortalEditor) -> Response:
    values = dict.fromkeys(CREATE_FIELDS, "") | {"source": "direct", "stage": "applied"}
    values["job_id"] = (request.query_params.get("job_id") or "")[:40]
    return _new_form(request, session, values, {})


@router.post("/new/resume")
def read_resume(
    request: Request,
    sessions: Sessions,
    _user: DetachedPortalWriter,
    form: Form,
    max_bytes: UploadLimit,
) -> Response:
    """Prefill the new-candidate form from a resume; nothing is stored, and no transaction is
    open while it is read. The form's script gets JSON (the values, and the person already
    here whose email or LinkedIn profile the filled form names, or null); without script the
    form comes back with the empty fields filled and the same warning."""
    wants_json = request.headers.get("accept", "").startswith("application/json")
    values = typed(form, CREATE_FIELDS)
    upload = chosen_file(form, RESUME_FIELD)
    try:
        if upload is None:
            raise Invalid.field(RESUME_FIELD, "Choose a resume file")
        parsed = resumes.parse_upload(upload.file, max_bytes=max_bytes)
    except HiringError as error:
        if wants_json:
            raise
        return _new_form_page(request, sessions, values, {RESUME_FIELD: error.message})
    # The rule of a resume uploaded to a candidate: only the form's empty fields are filled.
    merged, filled = prefill_form(values, parsed)
    found = {name: merged[name] for name in filled}
    if wants_json:
        with unit_of_work(sessions, write=False) as session:
            duplicate = _duplicate_of(session, merged)
        match = duplicate and {
            "candidate_id": duplicate.existing_id,
            "name": duplicate.existing_name,
            "matched_by": duplicate.matched_by,
        }
        return JSONResponse(ok({"values": found, "duplicate": match}))
    notice = "Filled from the resume. Choose the file again to attach it to the candidate."
    return _new_form_page(request, sessions, merged, {}, notice, check_duplicate=True)


def _duplicate_of(session: Session, values: dict[str, str]) -> Duplicate | None:
    """The person already here whom the form's email or LinkedIn profile belongs to."""
    try:
        duplicates.refuse_duplicate(
            session, email=values.get("email"), linkedin_url=values.get("linkedin_url")
        )
    except Duplicate as found:
        return found
    return None


def _new_form_page(
    request: Request,
    sessions: Sessions,
    values: dict[str, str],
    errors: dict[str, str],
    notice: str | None = None,
    *,
    duplicate: Duplicate | None = None,
    check_duplicate: bool = False,
) -> Response:
    """The new-candidate form again; ``check_duplicate`` looks for the person its email or
    LinkedIn profile belongs to before anything is saved (a form filled from a resume)."""
    with unit_of_work(sessions, write=False) as session:
        if check_duplicate:
            duplicate = _duplicate_of(session, values)
        refused = duplicate is not None and not check_duplicate
        return _new_form(request, session, values, errors, notice, duplicate, refused=refused)


@router.post("")
def create_candidate(
    request: Request,
    sessions: Sessions,
    user: DetachedPortalWriter,
    form: Form,
    storage: AppStorage,
    max_bytes: UploadLimit,
) -> Response:
    """Create the candidate; a resume chosen in the form is attached and read into them. The
    resume is stored and read first, with no transaction open, under the id the candidate
    will get."""
    values = typed(form, CREATE_FIELDS)
    payload = to_payload(values, lists=LIST_FIELDS, blank_is_null=False)
    data, errors = validate(CandidateCreate, payload)
    if data is None:
        return _new_form_page(request, sessions, values, errors)
    allow_duplicate = form.get("allow_duplicate") == "1"
    candidate_id = service.new_candidate_id()
    chosen = chosen_file(form, RESUME_FIELD)
    received = None
    try:
        if chosen is not None:
            received = files.receive(
                storage,
                Owner.candidate(candidate_id),
                chosen.file,
                chosen.filename,
                max_bytes=max_bytes,
                read_resume=True,
            )
    except HiringError as error:
        return _new_form_page(request, sessions, values, {RESUME_FIELD: error.message})
    try:
        with files.discarded_on_error(storage, received), unit_of_work(sessions) as session:
            service.create_candidate(
                session,
                data,
                user,
                origin=Origin.portal,
                candidate_id=candidate_id,
                allow_duplicate=allow_duplicate,
            )
            if received is not None:
                files.record_upload(session, storage, received, user=user)
    except Duplicate as found:
        return _new_form_page(request, sessions, values, {}, duplicate=found)
    except HiringError as error:
        return _new_form_page(request, sessions, values, form_errors(error))
    return RedirectResponse(f"/admin/candidates/{candidate_id}", status_code=303)
