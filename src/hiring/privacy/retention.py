"""Retention: people the team has not dealt with for ``HIRING_RETENTION_MONTHS`` are erased
with the same erasure as a request (reason ``retention``).

A candidate is due when, for that long, their record has not changed and nothing was logged
about them (``activities``: notes, files, moves, applications…), and they are not hired (any
pipeline, or the record's own stage), not placed, and not in an active stage (applied to
offer) of an open job's pipeline. The test is one SQL query over indexes (``candidates``
by ``updated_at``; activities, assignments and placements by ``candidate_id``), with nothing
read per candidate in Python, so it holds at a million candidates on PostgreSQL.
"""

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Row, Select, exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from hiring.activities.models import Activity
from hiring.audit import service as audit
from hiring.candidates.models import Candidate
from hiring.db import unit_of_work, utcnow
from hiring.jobs.models import Job, JobStatus
from hiring.pipeline.models import Assignment, Stage
from hiring.placements.models import Placement
from hiring.privacy.service import erase_person
from hiring.storage import Storage

REASON = "retention"
ACTIVE_STAGES = (Stage.applied, Stage.screening, Stage.interview, Stage.offer)
# Candidates erased per transaction (each erasure is also its own audit entry).
BATCH = 50
# Read per query by a dry run.
LIST_BATCH = 500
# The portal shows who is due this far ahead.
DUE_WITHIN = timedelta(days=30)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when it
    is shorter: 31 March less one month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def months_after(moment: datetime, months: int) -> datetime:
    return months_before(moment, -months)


def _kept_for_business() -> list[ColumnElement[bool]]:
    """Hired, placed, or in an active stage of an open job: never due, however old."""
    hired = exists().where(Assignment.candidate_id == Candidate.id, Assignment.stage == Stage.hired)
    placed = exists().where(Placement.candidate_id == Candidate.id)
    in_open_job = exists().where(
        Assignment.candidate_id == Candidate.id,
        Assignment.stage.in_(ACTIVE_STAGES),
        Assignment.job_id == Job.id,
        Job.status == JobStatus.open,
    )
    return [Candidate.stage != Stage.hired, ~hired, ~placed, ~in_open_job]


def due_before(cutoff: datetime) -> list[ColumnElement[bool]]:
    """Conditions of a candidate with no activity since ``cutoff`` and nothing that keeps them."""
    recent = exists().where(Activity.candidate_id == Candidate.id, Activity.created_at >= cutoff)
    return [Candidate.updated_at < cutoff, ~recent, *_kept_for_business()]


@dataclass(frozen=True)
class Due:
    """A candidate due for erasure: who, their last activity, and when they are (were) due."""

    id: str
    name: str
    last_activity_at: datetime
    due_at: datetime

    def why(self, months: int) -> str:
        return (
            f"no activity since {self.last_activity_at:%Y-%m-%d} (over {months} months); "
            "not hired or placed; in no active pipeline of an open job"
        )


# id, name, newest activity (NULL without any), record's last change.
LastActivity = Row[str, str, datetime, datetime]


def _with_last_activity(where: list[ColumnElement[bool]]) -> Select[str, str, datetime, datetime]:
    """The candidates matching ``where``, longest untouched first, each with the time of their
    newest activity (None without any) and of their record's last change."""
    logged = (
        select(func.max(Activity.created_at))
        .where(Activity.candidate_id == Candidate.id)
        .scalar_subquery()
    )
    return (
        select(Candidate.id, Candidate.name, logged, Candidate.updated_at)
        .where(*where)
        .order_by(Candidate.updated_at, Candidate.id)
    )


def _due(rows: Sequence[LastActivity], months: int) -> list[Due]:
    found = []
    for cid, name, logged, updated in rows:
        last = max(logged, updated) if logged is not None else updated
        found.append(Due(cid, name, last, months_after(last, months)))
    return found


def due_within(
    session: Session, months: int, within: timedelta, *, limit: int, offset: int = 0
) -> tuple[list[Due], int]:
    """One page of the candidates due for erasure by ``within`` from now (those already due
    first), and how many there are."""
    where = due_before(months_before(utcnow() + within, months))
    rows = session.execute(_with_last_activity(where).limit(limit).offset(offset)).all()
    total = session.scalar(select(func.count()).select_from(Candidate).where(*where)) or 0
    return _due(rows, months), total


def list_due(sessions: sessionmaker[Session], months: int) -> Iterator[Due]:
    """Every candidate due now (a dry run), read in batches by keyset, each its own read."""
    cutoff = months_before(utcnow(), months)
    after: tuple[datetime, str] | None = None
    while True:
        where = due_before(cutoff)
        if after is not None:
            where.append(
                (Candidate.updated_at > after[0])
                | ((Candidate.updated_at == after[0]) & (Candidate.id > after[1]))
            )
        with unit_of_work(sessions, write=False) as session:
            rows = session.execute(_with_last_activity(where).limit(LIST_BATCH)).all()
        if not rows:
            return
        yield from _due(rows, months)
        after = (rows[-1][3], rows[-1][0])


def erase_due(sessions: sessionmaker[Session], storage: Storage, months: int) -> list[str]:
    """Erase every candidate due now, ``BATCH`` per transaction (each re-tested inside the
    transaction that erases them), then record the run in the audit log with the count."""
    cutoff = months_before(utcnow(), months)
    erased: list[str] = []
    while True:
        with unit_of_work(sessions) as session:
            query = select(Candidate.id).where(*due_before(cutoff)).order_by(Candidate.updated_at)
            batch = list(session.scalars(query.limit(BATCH)))
            for candidate_id in batch:
                erase_person(session, storage, candidate_id, REASON, None)
        erased.extend(batch)
        if len(batch) < BATCH:
            break
    with unit_of_work(sessions) as session:
        audit.record(
            session,
            audit.RETENTION_RUN,
            actor=None,
            label=audit.RETENTION_LABEL,
            details={"erased": len(erased), "months": months},
        )
    return erased
