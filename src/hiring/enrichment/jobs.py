"""Enriching every candidate of a filter or a segment: too many for one request, so the
request records a task and queues it, and a worker runs it ten candidates (one Apollo call)
at a time.

Each batch is read in a short unit of work, sent to Apollo with no transaction open, then
saved in one unit of work together with the task's progress and its bookmark (the last
candidate id done): a retry goes on after the bookmark, so no candidate saved by an earlier
attempt is sent again, and a batch interrupted before its save is simply sent again.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hiring.auth.models import User
from hiring.candidates.filters import CandidateFilters
from hiring.candidates.models import Candidate
from hiring.candidates.query import conditions, dialect_of
from hiring.db import unit_of_work
from hiring.enrichment import service
from hiring.enrichment.client import BULK_LIMIT, Apollo
from hiring.enrichment.schemas import EnrichResult
from hiring.enrichment.usecases import Enrichment
from hiring.errors import Invalid
from hiring.segments import service as segments
from hiring.tasks import service as tasks
from hiring.tasks.models import Task
from hiring.tasks.queue import Job, JobFailed, TaskQueue

ENRICH_ALL = "enrich_all"


def _matching(session: Session, filters: CandidateFilters) -> Any:
    return select(Candidate.id).where(*conditions(filters, dialect_of(session)))


def count_up_to(session: Session, filters: CandidateFilters, most: int) -> int:
    """How many candidates match, counting no further than ``most``."""
    matching = _matching(session, filters).limit(most).subquery()
    return session.scalar(select(func.count()).select_from(matching)) or 0


def next_batch(session: Session, filters: CandidateFilters, after: str | None) -> list[str]:
    """The next matching candidate ids after ``after``, in id order (one Apollo call's worth)."""
    query = _matching(session, filters).order_by(Candidate.id).limit(BULK_LIMIT)
    if after is not None:
        query = query.where(Candidate.id > after)
    return list(session.scalars(query))


def start_enrich_all(
    enrichment: Enrichment,
    queue: TaskQueue,
    user: User,
    *,
    filters: CandidateFilters | None = None,
    segment_id: str | None = None,
    force: bool,
    most: int,
) -> Task:
    """Record and queue a job enriching the candidates of ``filters`` or of a segment (its
    filters as they are now). Refused before anything is recorded: without Apollo (503), past
    the user's enrichment rate limit (429), or when more than ``most`` candidates match (422)."""
    enrichment.spend(user)
    service.require_client(enrichment.apollo)
    params: dict[str, Any] = {"force": force}
    with unit_of_work(enrichment.sessions) as session:
        if segment_id is not None:
            segment = segments.get_segment(session, segment_id)
            filters = segments.segment_filters(segment)
            params |= {"segment_id": segment.id, "segment_name": segment.name}
        filters = filters or CandidateFilters()
        total = count_up_to(session, filters, most + 1)
        if total > most:
            raise Invalid.field(
                "filters", f"More than {most:,} candidates match; narrow the filters first"
            )
        params["filters"] = segments.stored(filters)
        task = tasks.create_task(session, ENRICH_ALL, params, user, total=total)
    queue.enqueue(task.id)
    with unit_of_work(enrichment.sessions, write=False) as session:
        return tasks.get_task(session, task.id, user)


@dataclass(frozen=True)
class EnrichAll:
    """The enrich-all job's handler, with what it needs from the worker's settings."""

    sessions: sessionmaker[Session]
    apollo: Apollo | None
    ttl_days: int

    def __call__(self, job: Job) -> None:
        client = service.require_client(self.apollo)
        filters = CandidateFilters.model_validate(job.params["filters"])
        force = bool(job.params.get("force"))
        cursor = job.cursor
        while True:
            with unit_of_work(self.sessions, write=False) as session:
                ids = next_batch(session, filters, cursor)
                if not ids:
                    return
                plan = service.plan_candidates(session, ids, force=force, ttl_days=self.ttl_days)
            asked = service.ask_bulk(client, plan.todo)
            stopped = [r for r in asked.failed.values() if r.reason not in service.CHUNK_ERRORS]
            if stopped:
                first = stopped[0]
                raise JobFailed(
                    f"Apollo did not answer ({first.reason}): {first.message}",
                    retryable=bool(first.retryable),
                )
            with unit_of_work(self.sessions) as session:
                saved = self._save(session, job, asked.answers)
                counts = Counter(r.outcome.value for r in plan.ordered(asked.failed | saved))
                tasks.advance(session, job.id, dict(counts), ids[-1])
            cursor = ids[-1]

    @staticmethod
    def _save(session: Session, job: Job, answers: list[service.Answer]) -> dict[str, EnrichResult]:
        if not answers:
            return {}
        user = session.get(User, job.created_by) if job.created_by else None
        if user is None:
            raise JobFailed("The user who started this job no longer exists")
        return service.save_candidates(session, answers, user)
