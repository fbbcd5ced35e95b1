"""The portal's interviews: the candidate page's list with the Schedule form (also opened from
a job's pipeline card), the clash check the form runs before it is sent, the invite download,
cancelling, the scorecard form and each job's scorecard summary."""

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hiring.candidates import service as candidates
from hiring.db import utcnow
from hiring.deps import AppSettings, Queue
from hiring.errors import Conflict, HiringError, Invalid
from hiring.http import DbSession
from hiring.interviews import invites, scorecards, service
from hiring.interviews.responses import ics_download
from hiring.interviews.schemas import InterviewCreate, ScorecardIn, ScorecardTemplate
from hiring.interviews.usecases import Scheduler
from hiring.jobs import service as jobs
from hiring.web.candidates import candidate_view
from hiring.web.deps import Form, PortalEditor, PortalUser, PortalWriter
from hiring.web.forms import form_errors, split_list, typed, validate
from hiring.web.interview_context import ScheduleForm, schedule_form_context
from hiring.web.render import render

router = APIRouter()

SCHEDULE_FIELDS = (
    "job_id",
    "starts_at",
    "ends_at",
    "timezone",
    "interviewers",
    "kind",
    "location",
    "video_url",
)


# The Schedule form opened from a job's pipeline card returns there (``back=pipeline``).
FROM_PIPELINE = "pipeline"


def _back(candidate_id: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/candidates/{candidate_id}#interviews", status_code=303)


def _refused(values: dict[str, str], error: HiringError) -> ScheduleForm:
    """A refusal of scheduling as the form shows it: a clash lists every overlap."""
    if isinstance(error, Conflict):
        clashes = [d["message"] for d in error.details if d.get("field") == "interviewers"]
        if clashes:
            return ScheduleForm(values, clashes=clashes)
    return ScheduleForm(values, errors=form_errors(error))


# How far back "My interviews" looks for interviews still awaiting one's scorecard.
AWAITING_DAYS = 30


@router.get("/interviews")
def my_interviews(request: Request, session: DbSession, user: PortalUser) -> Response:
    """The interviews the user is on: upcoming, and those held awaiting their scorecard."""
    now = utcnow()
    mine = service.outs(
        session, service.on_my_panel(session, user, since=now - timedelta(days=AWAITING_DAYS))
    )
    scored = scorecards.scored_by(session, user, [i.id for i in mine])
    names = candidates.candidate_names(session, {i.candidate_id for i in mine})
    context = {
        "active": "interviews",
        "upcoming": [i for i in mine if i.starts_at > now],
        "awaiting": [i for i in mine if i.starts_at <= now and i.id not in scored],
        "candidate_names": names,
        "job_titles": jobs.job_titles(session, {i.job_id for i in mine}),
    }
    return render(request, "admin/interviews.html", context)


def schedule_page(
    request: Request, session: Session, candidate_id: str, form: ScheduleForm | None = None
) -> Response:
    """The Schedule form on a page of its own, opened from a job's pipeline card."""
    candidate = candidates.get_candidate(session, candidate_id)
    job_id = request.query_params.get("job_id", "")
    context = {
        "active": "jobs",
        "candidate": candidate,
        "back_to": FROM_PIPELINE,
        **schedule_form_context(session, candidate, request.state.user, form, job_id=job_id),
    }
    status = form.status if form else 200
    return render(request, "admin/interview_schedule.html", context, status=status)


@router.get("/candidates/{candidate_id}/interviews/new")
def new_interview(
    request: Request, candidate_id: str, session: DbSession, _user: PortalEditor
) -> Response:
    return schedule_page(request, session, candidate_id)


@router.post("/candidates/{candidate_id}/interviews")
def schedule_interview(
    request: Request,
    candidate_id: str,
    session: DbSession,
    user: PortalWriter,
    form: Form,
    queue: Queue,
    settings: AppSettings,
) -> Response:
    """The Schedule form: refused fields are shown next to the form, a clash above "Schedule
    anyway". Sent from a pipeline card's page, it returns to that job's pipeline."""
    values = typed(form, SCHEDULE_FIELDS)
    payload: dict[str, Any] = {k: v.strip() for k, v in values.items() if v.strip()}
    payload["candidate_id"] = candidate_id
    payload["interviewers"] = split_list(values["interviewers"])
    payload["allow_overlap"] = form.get("allow_overlap") == "1"
    from_pipeline = form.get("back") == FROM_PIPELINE
    data, errors = validate(InterviewCreate, payload)
    refused = ScheduleForm(values, errors)
    if data is not None:
        try:
            Scheduler(session, queue, settings, user).schedule(data)
        except HiringError as error:
            session.rollback()
            refused = _refused(values, error)
        else:
            if from_pipeline:
                return RedirectResponse(f"/admin/jobs/{data.job_id}#board", status_code=303)
            return _back(candidate_id)
    if from_pipeline:
        return schedule_page(request, session, candidate_id, refused)
    return candidate_view(request, session, candidate_id, interview_form=refused)


@router.get("/interviews/clashes")
def interview_clashes(
    request: Request,
    session: DbSession,
    _user: PortalEditor,
    interviewers: str = "",
    starts_at: str = "",
    ends_at: str = "",
    timezone: str = "",
) -> Response:
    """The Schedule form's check before it is sent: the chosen interviewers' overlapping
    interviews, as the part of the form that shows them. Incomplete or impossible times show
    nothing: sending the form names what is wrong with them."""
    try:
        starts, ends = datetime.fromisoformat(starts_at), datetime.fromisoformat(ends_at)
        found = service.clashes_at(session, split_list(interviewers), starts, ends, timezone)
    except (ValueError, Invalid):
        found = []
    return render(request, "partials/interview_clashes.html", {"interview_clashes": found})


@router.post("/jobs/{job_id}/scorecard")
def save_job_scorecard(
    job_id: str, session: DbSession, _user: PortalWriter, form: Form
) -> RedirectResponse:
    """The job edit page's scorecard: one "Name: description" a line."""
    raw = form.get("attributes")
    lines = [line.strip() for line in (raw if isinstance(raw, str) else "").splitlines()]
    attributes = []
    for line in filter(None, lines):
        name, _colon, description = line.partition(":")
        attributes.append({"name": name.strip(), "description": description.strip() or None})
    data, errors = validate(ScorecardTemplate, {"attributes": attributes})
    if data is None:
        raise Invalid("The scorecard is not valid: " + "; ".join(errors.values()))
    scorecards.set_template(session, job_id, data)
    return RedirectResponse(f"/admin/jobs/{job_id}/edit#scorecard", status_code=303)


@router.post("/interviews/{interview_id}/cancel")
def cancel_interview(
    interview_id: str,
    session: DbSession,
    user: PortalWriter,
    queue: Queue,
    settings: AppSettings,
) -> RedirectResponse:
    interview = Scheduler(session, queue, settings, user).cancel(interview_id)
    return _back(interview.candidate_id)


@router.get("/interviews/{interview_id}/invite.ics")
def interview_invite(
    interview_id: str, session: DbSession, _user: PortalUser, settings: AppSettings
) -> Response:
    body = invites.calendar(invites.load(session, interview_id, settings))
    return ics_download(body, interview_id)


@router.post("/interviews/{interview_id}/scorecard")
def submit_scorecard(
    interview_id: str, session: DbSession, user: PortalUser, form: Form
) -> RedirectResponse:
    """The scorecard form of an interviewer: submits theirs, or replaces it."""
    interview = scorecards.panel_interview(session, interview_id, user)
    ratings = {}
    for attribute in scorecards.attributes(session, interview.job_id):
        raw = form.get(f"rating-{attribute.position}")
        if isinstance(raw, str) and raw:
            ratings[attribute.name] = raw
    notes = form.get("notes")
    payload = {
        "recommendation": form.get("recommendation"),
        "ratings": ratings,
        "notes": notes if isinstance(notes, str) and notes.strip() else None,
    }
    data, errors = validate(ScorecardIn, payload)
    if data is None:
        raise Invalid("The scorecard is incomplete: " + "; ".join(errors.values()))
    if scorecards.has_submitted(session, interview.id, user):
        scorecards.edit(session, interview.id, data, user)
    else:
        scorecards.submit(session, interview.id, data, user)
    return _back(interview.candidate_id)
