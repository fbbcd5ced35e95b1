"""What the candidate page shows of interviews (``hiring.web.interviews`` takes its forms)."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.interviews import scorecards, service
from hiring.interviews.models import InterviewKind, Recommendation
from hiring.jobs import service as jobs
from hiring.pipeline import service as pipeline

DEFAULT_TIMEZONE = "UTC"


@dataclass
class ScheduleForm:
    """A Schedule form sent back: what was typed, the refused fields, and the interviewers'
    clashes (then the form offers "Schedule anyway")."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    clashes: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        return 409 if self.clashes else 422


def schedule_form_context(
    session: Session,
    candidate: Candidate,
    user: User,
    form: ScheduleForm | None,
    *,
    job_id: str = "",
) -> dict[str, Any]:
    """The Schedule form: the jobs to choose from (the candidate's and the open ones), and a
    fresh form (``job_id`` chosen, the user as interviewer, the time zone the browser fills
    in) or a refused one."""
    in_jobs = [(job.id, job.title) for _a, job in pipeline.candidate_jobs(session, candidate.id)]
    open_jobs = [(j[0], j[1]) for j in jobs.job_menu(session) if j[2] == "open"]
    choices = dict(in_jobs) | {job_id: title for job_id, title in open_jobs}
    fresh = form is None
    form = form or ScheduleForm(
        {"job_id": job_id, "timezone": DEFAULT_TIMEZONE, "interviewers": user.email}
    )
    return {
        "interview_jobs": list(choices.items()),
        "interview_kinds": [
            (k.value, k.value.replace("_", " ").capitalize()) for k in InterviewKind
        ],
        "interview_values": form.values,
        "interview_errors": form.errors,
        "interview_clashes": form.clashes,
        "interview_fresh": fresh,
    }


def interviews_context(
    session: Session, candidate: Candidate, user: User, form: ScheduleForm | None = None
) -> dict[str, Any]:
    """What the candidate page shows of interviews; ``form``: a refused Schedule form, shown
    again."""
    found = service.outs(session, service.for_candidate(session, candidate.id))
    titles = jobs.job_titles(session, {i.job_id for i in found})
    own = {
        s.interview_id
        for job in scorecards.for_candidate(session, candidate.id, user)
        for s in job.scorecards
        if s.interviewer == user.email
    }
    return {
        "interviews": [
            {
                "interview": interview,
                "job_title": titles.get(interview.job_id, "A job"),
                "on_panel": user.email in interview.interviewers,
                "scored": interview.id in own,
                "attributes": scorecards.attributes(session, interview.job_id),
            }
            for interview in found
        ],
        "recommendations": [r.value for r in Recommendation],
        **schedule_form_context(session, candidate, user, form),
        "scorecard_jobs": scorecards.for_candidate(session, candidate.id, user),
    }


def scorecard_text(session: Session, job_id: str) -> str:
    """The job's scorecard as the edit form shows it: one "Name: description" a line."""
    return "\n".join(
        f"{a.name}: {a.description}" if a.description else a.name
        for a in scorecards.attributes(session, job_id)
    )
