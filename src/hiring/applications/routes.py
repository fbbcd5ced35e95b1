"""The careers page's apply endpoint (public, rate-limited per IP, JSON or form posts) and the
recruiters' view of a candidate's applications."""

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from hiring.applications import service, usecases
from hiring.applications.schemas import (
    Application,
    ApplicationChannel,
    ApplicationOut,
    ApplicationReceived,
    DetailsUsed,
)
from hiring.applications.service import RESUME_FIELD
from hiring.auth.deps import CurrentUser, Writer
from hiring.candidates.schemas import CandidateOut
from hiring.deps import AppSettings, AppStorage, Sessions, UploadLimit, limit_applications
from hiring.errors import HiringError, Invalid, UnsupportedMediaType
from hiring.http import (
    DbSession,
    Envelope,
    ErrorEnvelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.privacy.consent import terms_of

router = api_router("/api")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_schema = Application.model_json_schema()
APPLICATION_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": _schema},
        "application/x-www-form-urlencoded": {"schema": _schema},
        "multipart/form-data": {
            "schema": _schema
            | {
                "properties": _schema["properties"]
                | {RESUME_FIELD: {"type": "string", "format": "binary"}}
            }
        },
    },
}


@dataclass
class ApplicationForm:
    application: Application
    resume: UploadFile | None


async def application_body(request: Request) -> ApplicationForm:
    """The application from a JSON body or an HTML form post (multipart may carry `resume`)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw: Any
    resume = None
    if content_type == "application/json":
        try:
            raw = json.loads(await request.body())
        except ValueError as exc:
            raise HiringError("The request body is not valid JSON") from exc
    elif content_type in FORM_TYPES:
        form = await request.form()
        raw = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                raw[key] = value
            elif key == RESUME_FIELD and resume is None:
                resume = value
            else:
                raise Invalid.field(
                    key, f"Only one file is accepted, in the `{RESUME_FIELD}` field"
                )
    else:
        raise UnsupportedMediaType("Send JSON or a form (application/x-www-form-urlencoded)")
    if not isinstance(raw, dict):
        raise HiringError("The request body must be an object")
    try:
        return ApplicationForm(Application.model_validate(raw), resume)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from exc


@router.post(
    "/jobs/public/{job_id}/apply",
    tags=["jobs"],
    response_model=Envelope[ApplicationReceived],
    status_code=201,
    openapi_extra={"requestBody": APPLICATION_BODY},
    responses={415: {"model": ErrorEnvelope}, 429: {"model": ErrorEnvelope}},
    dependencies=[Depends(limit_applications)],
)
def apply(
    job_id: str,
    form: Annotated[ApplicationForm, Depends(application_body)],
    sessions: Sessions,
    storage: AppStorage,
    max_bytes: UploadLimit,
    settings: AppSettings,
) -> dict:
    """Apply to an open job; no token needed. Send JSON or a form (URL-encoded, or multipart
    with an optional `resume` file: PDF, DOCX, DOC, RTF, ODT or TXT) with `name`, `email`
    (required), `phone`, `linkedin_url`, `cover_note` (≤ 5,000 characters) and `resume_text`
    (≤ 100,000). The answer is only a confirmation. Closed and unknown jobs are 404; too many
    applications from one address answer 429 with `Retry-After`. When the site has a privacy
    policy (`HIRING_PRIVACY_POLICY_URL`), `consent` must be true (422 otherwise); the consent
    (when, the policy, the retention months) is kept on the candidate, also for a person
    already known, whose record is otherwise untouched.

    A new email creates the candidate from these fields. An email already known (any case)
    changes nothing on that person's record: the application, its resume file and cover note
    are attached, and what was sent is kept on the application
    (`GET /api/candidates/{id}/applications`)."""
    resume = (
        usecases.ResumeUpload(form.resume.file, form.resume.filename, storage, max_bytes)
        if form.resume is not None
        else None
    )
    taken = usecases.apply(
        sessions,
        job_id,
        form.application,
        ApplicationChannel.api,
        resume,
        terms=terms_of(settings),
    )
    return ok(
        ApplicationReceived(
            job_id=taken.job_id,
            message=f"Thank you for applying to {taken.job_title}. We will be in touch.",
        )
    )


@router.get(
    "/candidates/{candidate_id}/applications",
    response_model=ListEnvelope[ApplicationOut],
    tags=["candidates"],
)
def list_applications(
    candidate_id: str, session: DbSession, page: PageParams, _user: CurrentUser
) -> dict:
    """The candidate's applications from the careers page, newest first, with `total`: each
    with the details the applicant `submitted` (name, email, phone, linkedin_url, resume_text,
    cover_note; null when left empty), which for a person already known were not written onto
    their record."""
    rows, total = service.list_applications(
        session, candidate_id, limit=page.limit, offset=page.offset
    )
    return ok_list([ApplicationOut.model_validate(row) for row in rows], total)


@router.post(
    "/candidates/{candidate_id}/applications/{application_id}/apply-details",
    response_model=Envelope[DetailsUsed],
    tags=["candidates"],
)
def apply_details(candidate_id: str, application_id: str, session: DbSession, user: Writer) -> dict:
    """Use the details of an application: copy what the applicant submitted (`name`,
    `email`, `phone`, `linkedin_url`, `resume_text`; only the fields they filled in) onto the
    candidate, replacing the current values. Logged on the candidate as an
    `application_details_used` activity; the application records who used it and when.
    Recruiters and admins only; an application of another candidate is 404. Answers the
    fields `changed`, the application and the candidate."""
    record, candidate, changed = service.use_details(session, candidate_id, application_id, user)
    return ok(
        DetailsUsed(
            application=ApplicationOut.model_validate(record),
            changed=changed,
            candidate=CandidateOut.model_validate(candidate),
        )
    )
