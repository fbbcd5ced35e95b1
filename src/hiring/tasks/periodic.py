"""Scheduled jobs that must run on one replica at a time: every replica's scheduler fires, and
only the one that claims the run in the database goes on.

The claim is one conditional update of the job's ``scheduled_runs`` row (``started_at`` older
than the interval): on PostgreSQL a second replica's update waits for the first to commit and
then matches nothing; on SQLite writers take turns. The row is made on the first claim; a
replica that loses the race to make it loses the claim.
"""

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hiring.db import utcnow
from hiring.tasks.models import ScheduledRun


def due(session: Session, name: str, every: timedelta) -> bool:
    """Whether ``name`` was last claimed ``every`` ago or more (or never), without claiming it."""
    last = session.get(ScheduledRun, name)
    return last is None or last.started_at <= utcnow() - every


def claim(session: Session, name: str, every: timedelta) -> bool:
    """Whether this caller runs ``name`` now: True at most once per ``every``, across
    replicas, once the caller's transaction commits."""
    now = utcnow()
    claimed = session.execute(
        update(ScheduledRun)
        .where(ScheduledRun.name == name, ScheduledRun.started_at <= now - every)
        .values(started_at=now)
    )
    if claimed.rowcount == 1:  # type: ignore[attr-defined]
        return True
    if session.get(ScheduledRun, name) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ScheduledRun(name=name, started_at=now))
    except IntegrityError:
        return False
    return True
