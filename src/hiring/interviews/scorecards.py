"""Scorecards: the attributes a job's interviewers rate, and each interviewer's feedback.

No anchoring: an interviewer of a candidate for a job sees the other interviewers'
scorecards for that job only once they have submitted one of their own, whatever their
role (an admin on the panel too); everyone else sees them all."""

from collections import Counter, defaultdict
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates import service as candidates
from hiring.db import utcnow
from hiring.errors import Conflict, Forbidden, Invalid, NotFound
from hiring.events import service as events
from hiring.interviews import service as interviews
from hiring.interviews.models import Interview, Recommendation, Scorecard, ScorecardAttribute
from hiring.interviews.schemas import (
    AttributeOut,
    JobScorecards,
    ScorecardIn,
    ScorecardOut,
    ScorecardSummary,
    ScorecardTemplate,
    ScorecardTemplateOut,
)
from hiring.jobs.models import Job
from hiring.owners import Owner

# A scorecard can be edited until its interview ended this long ago.
EDITABLE_FOR = timedelta(days=7)


def _job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("No such job")
    return job


def attributes(session: Session, job_id: str) -> list[ScorecardAttribute]:
    return list(
        session.scalars(
            select(ScorecardAttribute)
            .where(ScorecardAttribute.job_id == job_id)
            .order_by(ScorecardAttribute.position)
        )
    )


def template(session: Session, job_id: str) -> ScorecardTemplateOut:
    job = _job(session, job_id)
    found = attributes(session, job.id)
    return ScorecardTemplateOut(
        job_id=job.id, attributes=[AttributeOut.model_validate(a) for a in found]
    )


def set_template(session: Session, job_id: str, data: ScorecardTemplate) -> ScorecardTemplateOut:
    """Replace the job's attributes (scorecards already submitted keep their ratings)."""
    job = session.get(Job, job_id, with_for_update=True)
    if job is None:
        raise NotFound("No such job")
    session.execute(delete(ScorecardAttribute).where(ScorecardAttribute.job_id == job.id))
    for position, attribute in enumerate(data.attributes):
        session.add(
            ScorecardAttribute(
                job_id=job.id,
                position=position,
                name=attribute.name,
                description=attribute.description,
            )
        )
    session.flush()
    return template(session, job.id)


def panel_interview(session: Session, interview_id: str, user: User) -> Interview:
    """The interview, when ``user`` is one of its interviewers: only they write its scorecards."""
    interview = session.get(Interview, interview_id)
    if interview is not None and user.id in interviews.interviewer_ids(session, interview.id):
        return interview
    if interview is None and user.can_write:
        raise NotFound("No such interview")
    # A viewer learns nothing about interviews they are not on, not even whether they exist.
    raise Forbidden("Only the interviewers of this interview can submit its scorecards")


def _check_ratings(session: Session, interview: Interview, data: ScorecardIn) -> None:
    names = {a.name for a in attributes(session, interview.job_id)}
    unknown = [
        {"field": f"ratings.{name}", "message": f"{name!r} is not an attribute of this job"}
        for name in data.ratings
        if name not in names
    ]
    if unknown:
        raise Invalid("Ratings must name the job's scorecard attributes", unknown)


def _own(session: Session, interview_id: str, user: User) -> Scorecard | None:
    return session.scalar(
        select(Scorecard).where(
            Scorecard.interview_id == interview_id, Scorecard.interviewer_id == user.id
        )
    )


def has_submitted(session: Session, interview_id: str, user: User) -> bool:
    return _own(session, interview_id, user) is not None


def scored_by(session: Session, user: User, interview_ids: list[str]) -> set[str]:
    """Which of these interviews ``user`` has submitted a scorecard for."""
    return set(
        session.scalars(
            select(Scorecard.interview_id).where(
                Scorecard.interviewer_id == user.id, Scorecard.interview_id.in_(interview_ids)
            )
        )
    )


def submit(session: Session, interview_id: str, data: ScorecardIn, user: User) -> ScorecardOut:
    """An interviewer's scorecard (one each per interview)."""
    interview = panel_interview(session, interview_id, user)
    if interview.cancelled_at is not None:
        raise Conflict("This interview was cancelled")
    _check_ratings(session, interview, data)
    if _own(session, interview.id, user) is not None:
        raise Conflict("You have submitted your scorecard for this interview; PUT edits it")
    scorecard = Scorecard(
        interview_id=interview.id,
        interviewer_id=user.id,
        recommendation=data.recommendation.value,
        ratings=dict(data.ratings),
        notes=data.notes,
    )
    session.add(scorecard)
    session.flush()
    activities.log(
        session,
        Owner.candidate(interview.candidate_id),
        "scorecard_submitted",
        f"Scorecard submitted: {data.recommendation.value}",
        actor=user.email,
        data={"interview_id": interview.id, "job_id": interview.job_id},
    )
    submitted = scorecard_out(scorecard, user.email)
    events.emit(session, events.SCORECARD_SUBMITTED, submitted, candidate_id=interview.candidate_id)
    return submitted


def edit(session: Session, interview_id: str, data: ScorecardIn, user: User) -> ScorecardOut:
    """Replace the caller's scorecard, until the interview ended a week ago."""
    interview = panel_interview(session, interview_id, user)
    scorecard = _own(session, interview.id, user)
    if scorecard is None:
        raise NotFound("You have not submitted a scorecard for this interview")
    if interview.ends_at + EDITABLE_FOR < utcnow():
        raise Conflict("Scorecards can be edited for a week after the interview")
    _check_ratings(session, interview, data)
    scorecard.recommendation = data.recommendation.value
    scorecard.ratings = dict(data.ratings)
    scorecard.notes = data.notes
    scorecard.updated_at = utcnow()
    session.flush()
    return scorecard_out(scorecard, user.email)


def scorecard_out(scorecard: Scorecard, email: str) -> ScorecardOut:
    return ScorecardOut(
        id=scorecard.id,
        interview_id=scorecard.interview_id,
        interviewer=email,
        recommendation=Recommendation(scorecard.recommendation),
        ratings=scorecard.ratings,
        notes=scorecard.notes,
        submitted_at=scorecard.submitted_at,
        updated_at=scorecard.updated_at,
    )


def _summary(scorecards: list[ScorecardOut]) -> ScorecardSummary:
    counts = Counter(s.recommendation for s in scorecards)
    ratings: dict[str, list[int]] = defaultdict(list)
    for scorecard in scorecards:
        for name, rating in scorecard.ratings.items():
            ratings[name].append(rating)
    return ScorecardSummary(
        recommendations={r: counts.get(r, 0) for r in Recommendation},
        averages={name: round(sum(v) / len(v), 2) for name, v in ratings.items()},
    )


def candidate_scorecards_rows(
    session: Session, candidate_id: str
) -> list[tuple[Scorecard, Interview, str]]:
    """Every scorecard on the candidate's interviews, with its interview and author's email."""
    rows = session.execute(
        select(Scorecard, Interview, User.email)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(User, User.id == Scorecard.interviewer_id)
        .where(Interview.candidate_id == candidate_id)
        .order_by(Interview.starts_at, Scorecard.submitted_at, Scorecard.id)
    )
    return [(scorecard, interview, email) for scorecard, interview, email in rows]


def for_candidate(session: Session, candidate_id: str, viewer: User) -> list[JobScorecards]:
    """The candidate's scorecards per job (jobs with an interview), as ``viewer`` may see them."""
    candidate = candidates.get_candidate(session, candidate_id)
    by_job: dict[str, list[tuple[Scorecard, str]]] = defaultdict(list)
    for scorecard, interview, email in candidate_scorecards_rows(session, candidate.id):
        by_job[interview.job_id].append((scorecard, email))
    job_ids = sorted({i.job_id for i in interviews.for_candidate(session, candidate.id)})
    titles = {
        job_id: title
        for job_id, title in session.execute(select(Job.id, Job.title).where(Job.id.in_(job_ids)))
    }
    answers = []
    for job_id in job_ids:
        rows = by_job.get(job_id, [])
        own = [s for s, _e in rows if s.interviewer_id == viewer.id]
        # Whatever their role: an admin on the panel is an interviewer like the others.
        blind = not own and interviews.is_interviewing(session, viewer.id, candidate.id, job_id)
        shown = [
            scorecard_out(s, email)
            for s, email in rows
            if not blind or s.interviewer_id == viewer.id
        ]
        answers.append(
            JobScorecards(
                job_id=job_id,
                job_title=titles[job_id],
                scorecards=shown,
                hidden=len(rows) - len(shown),
                summary=None if blind else _summary(shown),
            )
        )
    return answers
