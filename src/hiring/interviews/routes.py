from typing import Annotated

from fastapi import Depends, Query
from fastapi.responses import Response

from hiring.auth.deps import CurrentUser, Writer
from hiring.auth.models import User
from hiring.deps import AppSettings, Queue
from hiring.http import DbSession, Envelope, ListEnvelope, PageParams, api_router, ok, ok_list
from hiring.interviews import invites, scorecards, service
from hiring.interviews.models import InterviewStatus
from hiring.interviews.responses import ics_download
from hiring.interviews.schemas import (
    InterviewCreate,
    InterviewFilters,
    InterviewOut,
    InterviewUpdate,
    JobScorecards,
    ScorecardIn,
    ScorecardOut,
    ScorecardTemplate,
    ScorecardTemplateOut,
)
from hiring.interviews.usecases import Scheduler
from hiring.validation import DateFrom, DateTo

router = api_router("/api", tags=["interviews"])


def list_filters(
    candidate_id: Annotated[str | None, Query(max_length=40)] = None,
    job_id: Annotated[str | None, Query(max_length=40)] = None,
    interviewer: Annotated[str | None, Query(max_length=320, description="An email")] = None,
    date_from: Annotated[DateFrom | None, Query(description="Starting on or after")] = None,
    date_to: Annotated[DateTo | None, Query(description="Starting on or before")] = None,
    status: InterviewStatus | None = None,
) -> InterviewFilters:
    return InterviewFilters(
        candidate_id=candidate_id,
        job_id=job_id,
        interviewer=interviewer,
        date_from=date_from,
        date_to=date_to,
        status=status,
    )


Filters = Annotated[InterviewFilters, Depends(list_filters)]


def scheduler(session: DbSession, queue: Queue, settings: AppSettings, user: Writer) -> Scheduler:
    return Scheduler(session, queue, settings, user)


SchedulerDep = Annotated[Scheduler, Depends(scheduler)]


def panelist(interview_id: str, session: DbSession, user: CurrentUser) -> User:
    """The caller, when they are an interviewer of the interview: checked before the body is
    read, so anyone else (a viewer above all) is refused whatever they send."""
    scorecards.panel_interview(session, interview_id, user)
    return user


Panelist = Annotated[User, Depends(panelist)]


@router.put("/jobs/{job_id}/scorecard", response_model=Envelope[ScorecardTemplateOut])
def put_scorecard(job_id: str, body: ScorecardTemplate, session: DbSession, _user: Writer) -> dict:
    """Set the attributes the job's interviewers rate (replacing the list); scorecards
    already submitted keep their ratings."""
    return ok(scorecards.set_template(session, job_id, body))


@router.get("/jobs/{job_id}/scorecard", response_model=Envelope[ScorecardTemplateOut])
def get_scorecard(job_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """The attributes the job's interviewers rate, in order."""
    return ok(scorecards.template(session, job_id))


@router.get("/interviews", response_model=ListEnvelope[InterviewOut])
def list_interviews(
    session: DbSession, page: PageParams, _user: CurrentUser, filters: Filters
) -> dict:
    """Interviews matching every filter, soonest first, with `total`. `status`: scheduled
    (not cancelled, not yet ended), completed (ended) or cancelled."""
    rows, total = service.list_interviews(session, filters, limit=page.limit, offset=page.offset)
    return ok_list(service.outs(session, rows), total)


@router.post("/interviews", response_model=Envelope[InterviewOut], status_code=201)
def schedule_interview(body: InterviewCreate, session: DbSession, use: SchedulerDep) -> dict:
    """Schedule an interview. 422 naming an unknown interviewer or time zone; 409 naming the
    interview an interviewer is booked on then, unless `allow_overlap`. The candidate enters
    the job's pipeline at `interview` if not in it. With email set up, the invite is emailed
    to the interviewers and the candidate."""
    return ok(service.out(session, use.schedule(body)))


@router.get("/interviews/{interview_id}", response_model=Envelope[InterviewOut])
def get_interview(interview_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """One interview."""
    return ok(service.out(session, service.get_interview(session, interview_id)))


@router.patch("/interviews/{interview_id}", response_model=Envelope[InterviewOut])
def update_interview(
    interview_id: str, body: InterviewUpdate, session: DbSession, use: SchedulerDep
) -> dict:
    """Reschedule or change interviewers, kind, place or notes (not once cancelled: 409).
    A change the invite shows bumps its `sequence` and emails it again."""
    return ok(service.out(session, use.update(interview_id, body)))


@router.post("/interviews/{interview_id}/cancel", response_model=Envelope[InterviewOut])
def cancel_interview(interview_id: str, session: DbSession, use: SchedulerDep) -> dict:
    """Cancel the interview (it stays, as cancelled) and email the cancellation. Cancelling
    it again changes nothing."""
    return ok(service.out(session, use.cancel(interview_id)))


@router.get(
    "/interviews/{interview_id}/invite.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def interview_invite(
    interview_id: str, session: DbSession, _user: CurrentUser, settings: AppSettings
) -> Response:
    """The interview's calendar invite (RFC 5545): METHOD:REQUEST, or METHOD:CANCEL once
    cancelled; SEQUENCE counts reschedules."""
    body = invites.calendar(invites.load(session, interview_id, settings))
    return ics_download(body, interview_id)


@router.post(
    "/interviews/{interview_id}/scorecards",
    response_model=Envelope[ScorecardOut],
    status_code=201,
)
def submit_scorecard(
    interview_id: str, body: ScorecardIn, session: DbSession, user: Panelist
) -> dict:
    """Submit your scorecard (interviewers of this interview only, whatever their role; one
    each). Ratings (1 to 4) name the job's scorecard attributes."""
    return ok(scorecards.submit(session, interview_id, body, user))


@router.put("/interviews/{interview_id}/scorecards", response_model=Envelope[ScorecardOut])
def edit_scorecard(
    interview_id: str, body: ScorecardIn, session: DbSession, user: Panelist
) -> dict:
    """Replace your scorecard, until a week after the interview ended (then 409)."""
    return ok(scorecards.edit(session, interview_id, body, user))


@router.get("/candidates/{candidate_id}/scorecards", response_model=Envelope[list[JobScorecards]])
def candidate_scorecards(candidate_id: str, session: DbSession, user: CurrentUser) -> dict:
    """The candidate's scorecards per job, with a summary (count per recommendation, average
    per attribute). An interviewer of the candidate for a job sees the others' only once
    they submitted theirs (`hidden` counts the rest; `summary` is null meanwhile)."""
    return ok(scorecards.for_candidate(session, candidate_id, user))
