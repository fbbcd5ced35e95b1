"""Recording background jobs: created by a request, claimed, advanced and finished by the
job itself. Like every service, these functions flush and never commit: the request, or the
job's own unit of work, owns the transaction."""

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hiring.auth.models import Role, User
from hiring.db import fetch_by_id, fetch_page, utcnow
from hiring.errors import NotFound
from hiring.tasks.models import FINISHED, Task, TaskStatus

# A running task not advanced for this long has lost its worker (killed outright, or its
# machine lost): another worker may take it over. A job advances at least once per batch.
STALE_AFTER = timedelta(minutes=10)
# Stale tasks queued again per sweep.
SWEEP_BATCH = 100


def create_task(
    session: Session, kind: str, params: dict[str, Any], user: User, *, total: int | None = None
) -> Task:
    task = Task(
        kind=kind,
        status=TaskStatus.queued.value,
        params=params,
        total=total,
        progress={},
        created_by=user.id,
    )
    session.add(task)
    session.flush()
    return task


def _visible(user: User) -> list[Any]:
    """Admins see every job; anyone else the jobs they started."""
    return [] if user.role == Role.admin else [Task.created_by == user.id]


def list_tasks(session: Session, user: User, *, limit: int, offset: int) -> tuple[list[Task], int]:
    """The jobs ``user`` may see, newest first."""
    order = (Task.created_at.desc(), Task.id.desc())
    return fetch_page(session, Task, _visible(user), order, limit=limit, offset=offset)


def get_task(session: Session, task_id: str, user: User) -> Task:
    """A job ``user`` may see; another user's is as unknown as a missing one."""
    task = session.scalar(select(Task).where(Task.id == task_id, *_visible(user)))
    if task is None:
        raise NotFound("No such task")
    return task


def claim(session: Session, task_id: str) -> Task | None:
    """Start an attempt at a job (read under a row lock): None when there is nothing to do,
    because the job is gone, finished, or running on another worker (a second delivery of
    the same message)."""
    task = session.scalar(select(Task).where(Task.id == task_id).with_for_update())
    if task is None or task.status in FINISHED:
        return None
    if task.status == TaskStatus.running and task.updated_at > utcnow() - STALE_AFTER:
        return None
    task.status = TaskStatus.running.value
    task.attempts += 1
    task.started_at = task.started_at or utcnow()
    session.flush()
    return task


def advance(session: Session, task_id: str, counts: dict[str, int], cursor: str) -> Task:
    """Add ``counts`` to the job's progress and move its bookmark to ``cursor``, in the same
    unit of work as the results they count."""
    task = fetch_by_id(session, Task, task_id, what="task", for_update=True)
    progress = dict(task.progress)
    for key, count in counts.items():
        progress[key] = progress.get(key, 0) + count
    task.progress = progress
    task.cursor = cursor
    session.flush()
    return task


def succeed(session: Session, task_id: str) -> None:
    task = fetch_by_id(session, Task, task_id, what="task", for_update=True)
    task.status = TaskStatus.succeeded.value
    task.error = None
    task.finished_at = utcnow()
    session.flush()


def release(session: Session, task_id: str) -> None:
    """Put back a job whose worker stopped before it ended, for the next worker to claim."""
    task = session.scalar(select(Task).where(Task.id == task_id).with_for_update())
    if task is not None and task.status == TaskStatus.running:
        task.status = TaskStatus.queued.value
        session.flush()


def release_stale(session: Session) -> list[str]:
    """The unfinished tasks nothing has advanced for ``STALE_AFTER`` (their worker was lost,
    or their message), queued again and touched so the next sweep leaves them be a while."""
    now = utcnow()
    query = (
        select(Task)
        .where(Task.status.in_([TaskStatus.queued, TaskStatus.running]))
        .where(Task.updated_at < now - STALE_AFTER)
        .order_by(Task.updated_at)
        .limit(SWEEP_BATCH)
        .with_for_update()
    )
    stale = list(session.scalars(query))
    for task in stale:
        task.status = TaskStatus.queued.value
        task.updated_at = now
    session.flush()
    return [task.id for task in stale]


def record_error(session: Session, task_id: str, message: str, *, final: bool) -> None:
    """An attempt failed: the job is failed for good when ``final``, else queued again for
    its next retry, showing the error meanwhile."""
    task = session.scalar(select(Task).where(Task.id == task_id).with_for_update())
    if task is None:
        return
    task.error = message
    if final:
        task.status = TaskStatus.failed.value
        task.finished_at = utcnow()
    else:
        task.status = TaskStatus.queued.value
    session.flush()
