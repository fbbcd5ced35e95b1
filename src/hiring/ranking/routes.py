from typing import Annotated

from fastapi import Body, Request
from sqlalchemy.orm import Session

from hiring.auth.deps import CurrentUser, Writer
from hiring.auth.models import User
from hiring.http import ERROR_RESPONSES, DbSession, Envelope, api_router, ok
from hiring.ranking import service
from hiring.ranking.claude import Reranker
from hiring.ranking.schemas import RecommendationRunOut, RecommendationsOut, RecommendOptions

RANKING_RESPONSES = ERROR_RESPONSES | {429: ERROR_RESPONSES[422]}

router = api_router("/api/jobs", tags=["recommendations"], responses=RANKING_RESPONSES)


def reranker(request: Request) -> Reranker | None:
    """The configured Claude re-ranker (None without an API key), chosen once in create_app."""
    return request.app.state.reranker


@router.post("/{job_id}/recommend-candidates", response_model=Envelope[RecommendationsOut])
def recommend_candidates(
    job_id: str,
    request: Request,
    session: DbSession,
    user: Writer,
    options: Annotated[RecommendOptions | None, Body()] = None,
) -> dict:
    """Rank existing candidates by fit for this job, best first. A local ranker (BM25 text
    relevance, required skills with synonyms, title, location and job type fit) always runs;
    with `ANTHROPIC_API_KEY` set, Claude re-ranks its top `HIRING_RANK_SHORTLIST` in one
    request, and any candidate Claude could not rank keeps its local result (`engine` says
    which). Archived candidates and, unless `include_assigned`, those already in this job's
    pipeline are left out. The run is kept (see `GET .../recommendations`) and logged on the
    job. Rate-limited per user (`HIRING_RECOMMEND_PER_MINUTE`); the body may be empty."""
    run = run_recommendations(request, session, job_id, options or RecommendOptions(), user)
    return ok(RecommendationsOut.model_validate(run.model_dump()))


def run_recommendations(
    request: Request, session: Session, job_id: str, options: RecommendOptions, user: User
) -> RecommendationRunOut:
    """A recommendation run under the app's settings and per-user limit (API and portal)."""
    request.app.state.recommend_limiter.hit(
        user.id, "Too many recommendation requests; try again in a minute"
    )
    settings = request.app.state.settings
    return service.recommend(
        session,
        job_id,
        options,
        user,
        reranker(request),
        shortlist=settings.rank_shortlist,
        resume_chars=settings.rank_resume_chars,
    )


@router.get("/{job_id}/recommendations", response_model=Envelope[RecommendationRunOut | None])
def last_recommendations(job_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """The job's latest recommendation run with its `generated_at`, or `data: null` when it
    has none yet (an unknown job is 404)."""
    return ok(service.last_run(session, job_id))
