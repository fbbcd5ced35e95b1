"""The job queue, on Huey: SQLite for the embedded default, Redis in production, or at once
inside the request (``memory://``). A message carries only a task id; the ``tasks`` table
holds everything else, so a message delivered twice, or a retry, finds the job's state there.

Each attempt runs in three steps, each its own unit of work where it writes (the job owns
its transactions; services only flush): claim the task (nothing to do when it is finished
or gone), run its kind's handler (which records its own progress as it goes), then mark it
succeeded; an error is recorded on the task (failed for good on the last attempt) and
raised again so that Huey retries it, after ``task_retry_delay_seconds``, doubling each time.

A task is claimed by one worker at a time: a running task is left alone unless nothing has
advanced it for ``service.STALE_AFTER``. Every five minutes each consumer queues such tasks
again (their worker or their message was lost); a consumer stopping puts its jobs back itself.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import Task as HueyTask
from huey.consumer import Consumer
from huey.exceptions import CancelExecution
from huey.signals import SIGNAL_INTERRUPTED
from huey.storage import SqliteStorage
from sqlalchemy.orm import Session, sessionmaker

from hiring.config import Settings
from hiring.db import unit_of_work
from hiring.errors import HiringError, Unavailable
from hiring.tasks import service
from hiring.tasks.models import Task

log = logging.getLogger(__name__)

RUN_TASK = "hiring.run_task"
SWEEP = "hiring.requeue_stale_tasks"
# Seconds a stopping server gives the job in hand before it leaves it to a retry.
SHUTDOWN_SECONDS = 10.0


class JobFailed(Exception):
    """A job's own failure, with a message fit to show the user (no record's data), and
    whether trying again later can help (if not, the job fails at once, without retries)."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class Job:
    """What a handler is given: the task as claimed for this attempt."""

    id: str
    kind: str
    params: dict[str, object]
    cursor: str | None
    created_by: str | None

    @classmethod
    def of(cls, task: Task) -> "Job":
        return cls(task.id, task.kind, dict(task.params), task.cursor, task.created_by)


Handler = Callable[[Job], None]


def public_message(error: BaseException) -> str:
    """What the task shows of an error: the messages written for users, and only the kind
    of anything else (an unexpected error's text may quote a record; the log has it all)."""
    if isinstance(error, HiringError):
        return error.message
    if isinstance(error, JobFailed):
        return str(error)
    return f"Unexpected error ({type(error).__name__}); the worker's log has the details"


def make_huey(settings: Settings) -> Huey:
    name = settings.queue_name
    if settings.queue_url.startswith("memory://"):
        return MemoryHuey(name, results=False, immediate=True)
    if settings.queue_is_redis:
        return RedisHuey(name, results=False, url=settings.queue_url)
    # Its file and tables are made on first use (``TaskQueue.prepare``), not when the app is
    # built: building an app touches no disk.
    return SqliteHuey(name, results=False, filename=str(settings.queue_path()), create_tables=False)


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """A consumer in threads of the server's own process: the server owns the signals."""

    def _set_signal_handlers(self) -> None:
        return None


class TaskQueue:
    """The Huey instance and the one Huey task that runs any job by its task id."""

    def __init__(
        self, settings: Settings, sessions: sessionmaker[Session], handlers: Mapping[str, Handler]
    ) -> None:
        self.huey = make_huey(settings)
        self.sessions = sessions
        self.handlers = dict(handlers)
        self._prepared = False
        self._run = self.huey.task(
            retries=settings.task_retries,
            retry_delay=settings.task_retry_delay_seconds,
            retry_backoff=2,
            context=True,
            name=RUN_TASK,
        )(self._attempt)
        self.huey.signal(SIGNAL_INTERRUPTED)(self._requeue)
        # Every consumer's scheduler sweeps; a task queued twice is claimed once.
        self.huey.periodic_task(crontab(minute="*/5"), name=SWEEP)(self.requeue_stale)

    def schedule(self, name: str, when: crontab, job: Callable[[], object]) -> None:
        """Run ``job`` at ``when`` on every consumer's scheduler; a job that must run on one
        replica at a time claims its run itself (``tasks.periodic``)."""
        self.huey.periodic_task(when, name=name)(job)

    def prepare(self) -> None:
        """Make an embedded queue's folder and tables if they are not there yet."""
        if self._prepared:
            return
        storage = self.huey.storage
        if isinstance(storage, SqliteStorage):
            Path(storage.filename).parent.mkdir(parents=True, exist_ok=True)
            storage.initialize_schema()
        self._prepared = True

    def enqueue(self, task_id: str) -> None:
        """Queue the job of a committed task (the queue is told only after the commit, so a
        worker never looks for a task that is not there yet)."""
        try:
            self.prepare()
            self._run(task_id)
        except Exception as exc:
            log.exception("Could not queue task %s", task_id)
            message = "The job queue is not answering; try again later"
            with unit_of_work(self.sessions) as session:
                service.record_error(session, task_id, message, final=True)
            raise Unavailable(message, code="queue_unavailable") from exc

    def _attempt(self, task_id: str, task: HueyTask) -> None:
        with unit_of_work(self.sessions) as session:
            claimed = service.claim(session, task_id)
            job = Job.of(claimed) if claimed is not None else None
        if job is None:
            log.info("Task %s is finished or gone: nothing to do", task_id)
            return
        try:
            self.handlers[job.kind](job)
        except Exception as exc:
            hopeless = isinstance(exc, JobFailed) and not exc.retryable
            with unit_of_work(self.sessions) as session:
                message = public_message(exc)
                service.record_error(session, task_id, message, final=hopeless or not task.retries)
            if hopeless:
                raise CancelExecution(retry=False) from exc
            raise
        with unit_of_work(self.sessions) as session:
            service.succeed(session, task_id)

    def _requeue(self, _signal: str, task: HueyTask) -> None:
        """A consumer stopping with a job unfinished puts it back, so another worker goes on
        from its bookmark."""
        task_id = task.args[0]
        with unit_of_work(self.sessions) as session:
            service.release(session, task_id)
        log.warning("Task %s was interrupted; queued again", task_id)
        self.huey.enqueue(task)

    def requeue_stale(self) -> list[str]:
        """Queue again the tasks whose worker or message was lost (``service.STALE_AFTER``)."""
        with unit_of_work(self.sessions) as session:
            stale = service.release_stale(session)
        for task_id in stale:
            log.warning("Task %s was left unfinished; queued again", task_id)
            self._run(task_id)
        return stale

    def consumer(self, workers: int, *, embedded: bool) -> Consumer:
        """Huey's consumer over this queue, with ``workers`` threads (``embedded``: inside
        the server, which keeps its own signal handlers)."""
        options = {
            "workers": workers,
            "worker_type": "thread",
            "periodic": True,
            "shutdown_timeout": SHUTDOWN_SECONDS,
            # SIGTERM (a container's stop) lets the jobs in hand finish, as SIGINT does.
            "graceful_signal": "TERM",
        }
        self.prepare()
        kind = EmbeddedConsumer if embedded else Consumer
        return kind(self.huey, **options)
