"""The activity log of jobs and candidates."""

from typing import Any

from sqlalchemy.orm import Session

from hiring.activities.models import Activity
from hiring.db import fetch_page
from hiring.owners import Owner


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
        title=title[:300],
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
