"""Read-only figures for the dashboard, each one query whatever the number of candidates."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from hiring.activities.models import Activity
from hiring.candidates.models import Candidate
from hiring.db import utcnow
from hiring.jobs.models import Job, JobStatus
from hiring.pipeline.models import Assignment, Stage

CHART_WEEKS = 12


@dataclass(frozen=True)
class RecentActivity:
    activity: Activity
    candidate_name: str | None
    job_title: str | None


@dataclass(frozen=True)
class WeekCount:
    start: datetime
    count: int


def open_jobs(session: Session, limit: int = 8) -> tuple[list[tuple[Job, int]], int]:
    """The newest open jobs with how many candidates are in each pipeline, and the total."""
    in_pipeline = (
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.job_id == Job.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Job, in_pipeline)
        .where(Job.status == JobStatus.open.value)
        .order_by(Job.created_at.desc(), Job.id.desc())
        .limit(limit)
    ).all()
    total = session.scalar(
        select(func.count()).select_from(Job).where(Job.status == JobStatus.open.value)
    )
    return [(job, count) for job, count in rows], total or 0


def stages_in_open_jobs(session: Session) -> list[tuple[str, int]]:
    """Assignments per stage across open jobs, in pipeline order (zeros included)."""
    counts = dict(
        session.execute(
            select(Assignment.stage, func.count())
            .join(Job, Job.id == Assignment.job_id)
            .where(Job.status == JobStatus.open.value)
            .group_by(Assignment.stage)
        ).all()
    )
    return [(stage.value, int(counts.get(stage.value, 0))) for stage in Stage]


def new_candidates_since(session: Session, since: datetime) -> int:
    query = select(func.count()).select_from(Candidate).where(Candidate.created_at >= since)
    return session.scalar(query) or 0


def recent_activity(session: Session, limit: int = 12) -> list[RecentActivity]:
    rows = session.execute(
        select(Activity, Candidate.name, Job.title)
        .outerjoin(Candidate, Candidate.id == Activity.candidate_id)
        .outerjoin(Job, Job.id == Activity.job_id)
        .order_by(Activity.created_at.desc(), Activity.id.desc())
        .limit(limit)
    ).all()
    return [RecentActivity(a, name, title) for a, name, title in rows]


def weekly_applications(session: Session, now: datetime | None = None) -> list[WeekCount]:
    """Candidates entering a pipeline in each of the last 12 weeks, oldest week first."""
    now = now or utcnow()
    start_of_week = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    starts = [start_of_week - timedelta(weeks=CHART_WEEKS - 1 - i) for i in range(CHART_WEEKS)]
    bounds = [*starts[1:], now + timedelta(seconds=1)]
    columns = [
        func.count(case((and_(Assignment.created_at >= lo, Assignment.created_at < hi), 1)))
        for lo, hi in zip(starts, bounds, strict=True)
    ]
    row = session.execute(select(*columns).where(Assignment.created_at >= starts[0])).one()
    return [WeekCount(start, int(count)) for start, count in zip(starts, row, strict=True)]
