"""Scheduling interviews: who, when (stored in UTC, held in an IANA time zone), where; the
rules (an existing candidate and job, interviewers who are users and are free then) and the
candidate's activity log. Cancelling keeps the interview; nothing here moves the pipeline
back, and moving the pipeline never deletes an interview."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import fetch_by_id, fetch_page, utcnow
from hiring.errors import Conflict, Invalid
from hiring.events import service as events
from hiring.interviews.models import (
    Interview,
    InterviewInterviewer,
    InterviewStatus,
)
from hiring.interviews.schemas import (
    InterviewCreate,
    InterviewFilters,
    InterviewOut,
    InterviewUpdate,
)
from hiring.interviews.times import to_utc, zone
from hiring.jobs.models import Job
from hiring.owners import Owner
from hiring.pipeline import service as pipeline
from hiring.pipeline.models import Stage

# What an invite shows: a change to any of these is sent again with the next SEQUENCE.
INVITE_FIELDS = ("starts_at", "ends_at", "timezone", "location", "video_url", "kind")
MY_INTERVIEWS_SHOWN = 200


def status_of(interview: Interview, now: datetime | None = None) -> InterviewStatus:
    if interview.cancelled_at is not None:
        return InterviewStatus.cancelled
    if interview.ends_at <= (now or utcnow()):
        return InterviewStatus.completed
    return InterviewStatus.scheduled


def _status_where(status: InterviewStatus, now: datetime) -> list[ColumnElement[bool]]:
    if status == InterviewStatus.cancelled:
        return [Interview.cancelled_at.is_not(None)]
    ended = (
        Interview.ends_at <= now if status == InterviewStatus.completed else Interview.ends_at > now
    )
    return [Interview.cancelled_at.is_(None), ended]


def interviewer_users(session: Session, emails: Sequence[str]) -> list[User]:
    """The active users with these emails, in that order; 422 naming each unknown one."""
    # Locked, in one order: two bookings of the same interviewer at once take turns, so the
    # second one sees the first when it looks for clashes.
    found = {
        user.email: user
        for user in session.scalars(
            select(User)
            .where(func.lower(User.email).in_(emails), User.is_active.is_(True))
            .order_by(User.id)
            .with_for_update()
        )
    }
    unknown = [
        {"field": f"interviewers.{index}", "message": f"{email} is not a user"}
        for index, email in enumerate(emails)
        if email not in found
    ]
    if unknown:
        raise Invalid(
            "Interviewers must be users: " + ", ".join(e["message"] for e in unknown), unknown
        )
    return [found[email] for email in emails]


def _clashes(
    session: Session,
    users: Sequence[User],
    starts_at: datetime,
    ends_at: datetime,
    exclude_id: str | None,
) -> list[dict[str, str]]:
    """Each interviewer's other interviews (not cancelled) overlapping the given times."""
    if not users:
        return []
    by_id = {user.id: user for user in users}
    rows = session.execute(
        select(InterviewInterviewer.user_id, Interview)
        .join(Interview, Interview.id == InterviewInterviewer.interview_id)
        .where(
            InterviewInterviewer.user_id.in_(by_id),
            Interview.cancelled_at.is_(None),
            Interview.starts_at < ends_at,
            Interview.ends_at > starts_at,
            Interview.id != exclude_id if exclude_id else Interview.id.is_not(None),
        )
        .order_by(Interview.starts_at, Interview.id)
    ).all()
    return [
        {
            "field": "interviewers",
            "message": f"{by_id[user_id].email} has interview {other.id} from "
            f"{other.starts_at:%Y-%m-%d %H:%M} to {other.ends_at:%H:%M} UTC",
        }
        for user_id, other in rows
    ]


def _check_clashes(
    session: Session, interview: Interview, users: Sequence[User], *, allow_overlap: bool
) -> None:
    """409 naming each interviewer booked on another interview (not cancelled) that overlaps."""
    if allow_overlap:
        return
    clashes = _clashes(session, users, interview.starts_at, interview.ends_at, interview.id)
    if not clashes:
        return
    raise Conflict(
        "An interviewer is booked then: "
        + "; ".join(c["message"] for c in clashes)
        + ' (send "allow_overlap": true to book anyway)',
        clashes,
    )


def clashes_at(
    session: Session, emails: Sequence[str], starts_at: datetime, ends_at: datetime, timezone: str
) -> list[str]:
    """What booking these interviewers then (wall-clock times in ``timezone``) would clash
    with: the messages scheduling's 409 names. A plain read, to warn before a form is sent;
    unknown interviewers and impossible times are left for scheduling to refuse."""
    tz = zone(timezone)
    starts, ends = to_utc(starts_at, tz, "starts_at"), to_utc(ends_at, tz, "ends_at")
    if ends <= starts:
        return []
    wanted = [email.strip().lower() for email in emails]
    users = session.scalars(
        select(User)
        .where(func.lower(User.email).in_(wanted), User.is_active.is_(True))
        .order_by(User.id)
    ).all()
    return [clash["message"] for clash in _clashes(session, users, starts, ends, None)]


def _check_times(interview: Interview) -> None:
    if interview.ends_at <= interview.starts_at:
        raise Invalid.field("ends_at", "ends_at must be after starts_at")


def _set_interviewers(session: Session, interview: Interview, users: Sequence[User]) -> None:
    wanted = {user.id for user in users}
    current = {
        row.user_id: row
        for row in session.scalars(
            select(InterviewInterviewer).where(InterviewInterviewer.interview_id == interview.id)
        )
    }
    for user_id, row in current.items():
        if user_id not in wanted:
            session.delete(row)
    for user_id in wanted - current.keys():
        session.add(InterviewInterviewer(interview_id=interview.id, user_id=user_id))
    session.flush()


def _log(session: Session, interview: Interview, kind: str, title: str, actor: User) -> None:
    data = {"interview_id": interview.id, "job_id": interview.job_id}
    activities.log(
        session, Owner.candidate(interview.candidate_id), kind, title, actor=actor.email, data=data
    )


def _emit(session: Session, event_type: str, interview: Interview) -> None:
    events.emit(session, event_type, out(session, interview), candidate_id=interview.candidate_id)


def _when(interview: Interview) -> str:
    local = interview.starts_at.astimezone(zone(interview.timezone))
    return f"{local:%Y-%m-%d %H:%M} ({interview.timezone})"


def schedule(session: Session, data: InterviewCreate, user: User) -> Interview:
    """Book an interview; the candidate enters the job's pipeline at `interview` if not in it."""
    tz = zone(data.timezone)
    job = session.get(Job, data.job_id)
    if job is None:
        raise Invalid.field("job_id", "No job with this id")
    candidate = session.get(Candidate, data.candidate_id)
    if candidate is None:
        raise Invalid.field("candidate_id", "No candidate with this id")
    users = interviewer_users(session, data.interviewers)
    interview = Interview(
        candidate_id=candidate.id,
        job_id=job.id,
        starts_at=to_utc(data.starts_at, tz, "starts_at"),
        ends_at=to_utc(data.ends_at, tz, "ends_at"),
        timezone=tz.key,
        kind=data.kind.value,
        location=data.location,
        video_url=data.video_url,
        notes=data.notes,
        sequence=0,
        organizer_id=user.id,
    )
    _check_times(interview)
    _check_clashes(session, interview, users, allow_overlap=data.allow_overlap)
    if pipeline.find_assignment(session, job.id, candidate.id) is None:
        pipeline.assign(session, job, candidate, stage=Stage.interview.value, actor=user.email)
    session.add(interview)
    session.flush()
    _set_interviewers(session, interview, users)
    _log(
        session,
        interview,
        "interview_scheduled",
        f"Interview scheduled: {job.title}, {_when(interview)}",
        user,
    )
    _emit(session, events.INTERVIEW_SCHEDULED, interview)
    return interview


def get_interview(session: Session, interview_id: str, *, for_update: bool = False) -> Interview:
    return fetch_by_id(session, Interview, interview_id, what="interview", for_update=for_update)


def interviewer_ids(session: Session, interview_id: str) -> set[str]:
    return set(
        session.scalars(
            select(InterviewInterviewer.user_id).where(
                InterviewInterviewer.interview_id == interview_id
            )
        )
    )


def update(session: Session, interview_id: str, data: InterviewUpdate, user: User) -> bool:
    """Change what was sent; returns whether the invite changed (its SEQUENCE was bumped)."""
    interview = get_interview(session, interview_id, for_update=True)
    if interview.cancelled_at is not None:
        raise Conflict("This interview was cancelled; schedule a new one")
    changes = data.model_dump(exclude_unset=True, exclude={"allow_overlap"})
    tz = zone(changes.get("timezone", interview.timezone))
    before = {name: getattr(interview, name) for name in INVITE_FIELDS}
    for name in ("starts_at", "ends_at"):
        if changes.get(name) is not None:
            setattr(interview, name, to_utc(changes[name], tz, name))
    interview.timezone = tz.key
    for name in ("kind", "location", "video_url", "notes"):
        if name in changes:
            setattr(interview, name, changes[name])
    _check_times(interview)
    old_people = interviewer_ids(session, interview.id)
    people_changed = False
    if changes.get("interviewers") is not None:
        users = interviewer_users(session, changes["interviewers"])
        people_changed = {u.id for u in users} != old_people
    else:
        users = list(
            session.scalars(
                select(User).where(User.id.in_(old_people)).order_by(User.id).with_for_update()
            )
        )
    moved = before["starts_at"] != interview.starts_at or before["ends_at"] != interview.ends_at
    if moved or people_changed:
        _check_clashes(session, interview, users, allow_overlap=data.allow_overlap)
    if people_changed:
        _set_interviewers(session, interview, users)
    invite_changed = people_changed or any(
        before[name] != getattr(interview, name) for name in INVITE_FIELDS
    )
    if invite_changed:
        interview.sequence += 1
    interview.updated_at = utcnow()
    session.flush()
    if moved:
        _log(
            session,
            interview,
            "interview_rescheduled",
            f"Interview rescheduled to {_when(interview)}",
            user,
        )
    elif invite_changed or changes:
        _log(session, interview, "interview_updated", "Interview updated", user)
    if moved or invite_changed or changes:
        _emit(session, events.INTERVIEW_UPDATED, interview)
    return invite_changed


def cancel(session: Session, interview_id: str, user: User) -> bool:
    """Cancel (the interview stays, as cancelled); returns False when it already was."""
    interview = get_interview(session, interview_id, for_update=True)
    if interview.cancelled_at is not None:
        return False
    interview.cancelled_at = utcnow()
    interview.sequence += 1
    session.flush()
    _log(
        session, interview, "interview_cancelled", f"Interview cancelled: {_when(interview)}", user
    )
    _emit(session, events.INTERVIEW_CANCELLED, interview)
    return True


def list_interviews(
    session: Session, filters: InterviewFilters, *, limit: int, offset: int = 0
) -> tuple[list[Interview], int]:
    """Interviews matching every filter, soonest first, and how many match in all."""
    where: list[ColumnElement[bool]] = []
    if filters.candidate_id:
        where.append(Interview.candidate_id == filters.candidate_id)
    if filters.job_id:
        where.append(Interview.job_id == filters.job_id)
    if filters.interviewer:
        booked = (
            select(InterviewInterviewer.interview_id)
            .join(User, User.id == InterviewInterviewer.user_id)
            .where(func.lower(User.email) == filters.interviewer.strip().lower())
        )
        where.append(Interview.id.in_(booked))
    if filters.date_from:
        where.append(Interview.starts_at >= filters.date_from)
    if filters.date_to:
        where.append(Interview.starts_at <= filters.date_to)
    if filters.status:
        where.extend(_status_where(filters.status, utcnow()))
    order = (Interview.starts_at, Interview.id)
    return fetch_page(session, Interview, where, order, limit=limit, offset=offset)


def interviewers_by_interview(
    session: Session, interview_ids: Sequence[str]
) -> dict[str, list[User]]:
    found: dict[str, list[User]] = {interview_id: [] for interview_id in interview_ids}
    rows = session.execute(
        select(InterviewInterviewer.interview_id, User)
        .join(User, User.id == InterviewInterviewer.user_id)
        .where(InterviewInterviewer.interview_id.in_(interview_ids))
        .order_by(User.email)
    )
    for interview_id, user in rows:
        found[interview_id].append(user)
    return found


def outs(session: Session, interviews: Sequence[Interview]) -> list[InterviewOut]:
    """The answers for ``interviews``, their interviewers and organizers read at once."""
    people = interviewers_by_interview(session, [i.id for i in interviews])
    organizer_ids = {i.organizer_id for i in interviews if i.organizer_id}
    organizers = {
        user_id: email
        for user_id, email in session.execute(
            select(User.id, User.email).where(User.id.in_(organizer_ids))
        )
    }
    now = utcnow()
    answers = []
    for interview in interviews:
        tz = zone(interview.timezone)
        answers.append(
            InterviewOut(
                id=interview.id,
                candidate_id=interview.candidate_id,
                job_id=interview.job_id,
                starts_at=interview.starts_at,
                ends_at=interview.ends_at,
                timezone=interview.timezone,
                local_starts_at=interview.starts_at.astimezone(tz),
                local_ends_at=interview.ends_at.astimezone(tz),
                kind=interview.kind,  # type: ignore[arg-type]
                status=status_of(interview, now),
                interviewers=[user.email for user in people[interview.id]],
                location=interview.location,
                video_url=interview.video_url,
                notes=interview.notes,
                sequence=interview.sequence,
                organizer=organizers.get(interview.organizer_id or ""),
                cancelled_at=interview.cancelled_at,
                created_at=interview.created_at,
                updated_at=interview.updated_at,
            )
        )
    return answers


def out(session: Session, interview: Interview) -> InterviewOut:
    return outs(session, [interview])[0]


def is_interviewing(session: Session, user_id: str, candidate_id: str, job_id: str) -> bool:
    """Whether the user is an interviewer of the candidate for the job (any interview)."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    InterviewInterviewer.user_id == user_id,
                    InterviewInterviewer.interview_id == Interview.id,
                    Interview.candidate_id == candidate_id,
                    Interview.job_id == job_id,
                )
            )
        )
    )


def for_candidate(session: Session, candidate_id: str) -> list[Interview]:
    return list(
        session.scalars(
            select(Interview)
            .where(Interview.candidate_id == candidate_id)
            .order_by(Interview.starts_at, Interview.id)
        )
    )


def on_my_panel(session: Session, user: User, *, since: datetime) -> list[Interview]:
    """The interviews ``user`` is on that were not cancelled and end after ``since``,
    soonest first (the "My interviews" page)."""
    booked = select(InterviewInterviewer.interview_id).where(
        InterviewInterviewer.user_id == user.id
    )
    return list(
        session.scalars(
            select(Interview)
            .where(
                Interview.id.in_(booked),
                Interview.cancelled_at.is_(None),
                Interview.ends_at > since,
            )
            .order_by(Interview.starts_at, Interview.id)
            .limit(MY_INTERVIEWS_SHOWN)
        )
    )
