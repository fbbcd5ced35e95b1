"""The activity log of jobs and candidates."""

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from hiring.activities.models import Activity
from hiring.db import fetch_page, utcnow
from hiring.ids import new_id
from hiring.owners import Owner

TITLE_LENGTH = 300


class Entry(NamedTuple):
    """One activity of ``log_many``: the arguments ``log`` takes."""

    owner: Owner
    activity_type: str
    title: str
    actor: str | None
    data: dict[str, Any] | None = None


def log(
    session: Session,
    owner: Owner,
    activity_type: str,
    title: str,
    *,
    actor: str | None,
    body: str | None = None,
    data: dict[str, Any] | None = None,
    flush: bool = True,
) -> Activity:
    """Record that something happened to a job or a candidate (``flush=False``: with the
    session's next flush, for many records written at once)."""
    activity = Activity(
        activity_type=activity_type,
        title=title[:TITLE_LENGTH],
        body=body,
        actor=actor,
        data=data,
        **owner.columns(),
    )
    session.add(activity)
    if flush:
        session.flush()
    return activity


def list_for(
    session: Session, owner: Owner, *, limit: int, offset: int = 0
) -> tuple[list[Activity], int]:
    """An owner's activities, newest first, and how many there are in all."""
    order = (Activity.created_at.desc(), Activity.id.desc())
    return fetch_page(session, Activity, [owner.owns(Activity)], order, limit=limit, offset=offset)


def log_many(session: Session, entries: Sequence[Entry]) -> None:
    """Record many activities in one statement (a bulk write such as an import): the rows
    ``log`` would add for each, without building an ORM object per row."""
    if not entries:
        return
    rows: list[dict[str, Any]] = [
        {
            "id": new_id("act"),
            "job_id": None,
            "candidate_id": None,
            "activity_type": entry.activity_type,
            "title": entry.title[:TITLE_LENGTH],
            "body": None,
            "actor": entry.actor,
            "data": entry.data,
            "created_at": utcnow(),
            **entry.owner.columns(),
        }
        for entry in entries
    ]
    session.execute(insert(Activity.__table__), rows)  # type: ignore[arg-type]
