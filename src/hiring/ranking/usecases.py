"""Recommendations as the API and the portal run them: no transaction is open while Claude
answers.

The run reads and ranks in a short unit of work and closes it, asks Claude with no
transaction open (on SQLite a write transaction would hold the database's write lock for
every other writer while Claude takes seconds), then keeps the run in a new unit of work
that re-reads the job under lock.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from hiring.auth.models import User
from hiring.db import unit_of_work
from hiring.ranking import service
from hiring.ranking.claude import Reranker
from hiring.ranking.schemas import RecommendationRunOut, RecommendOptions
from hiring.ratelimit import RateLimiter

LIMIT_MESSAGE = "Too many recommendation requests; try again in a minute"


@dataclass(frozen=True)
class Recommender:
    """What a recommendation run needs from the app (``hiring.deps`` builds it per request)."""

    sessions: sessionmaker[Session]
    reranker: Reranker | None
    limiter: RateLimiter
    shortlist: int
    resume_chars: int


def recommend(
    recommender: Recommender, job_id: str, options: RecommendOptions, user: User
) -> RecommendationRunOut:
    """Rank the job's candidates (Claude re-ranking the shortlist when configured), keep the
    run and log it on the job; rate-limited per user before anything else happens."""
    recommender.limiter.hit(user.id, LIMIT_MESSAGE)
    with unit_of_work(recommender.sessions, write=False) as session:
        found = service.shortlist(
            session,
            job_id,
            options,
            recommender.reranker,
            shortlist=recommender.shortlist,
            resume_chars=recommender.resume_chars,
        )
    ranks = service.rerank(found)
    with unit_of_work(recommender.sessions) as session:
        return service.save_run(session, found, ranks, options, user)
