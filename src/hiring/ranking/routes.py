from typing import Annotated

from fastapi import Body

from hiring.auth.deps import CurrentUser, DetachedWriter
from hiring.deps import RecommenderDep
from hiring.http import ERROR_RESPONSES, DbSession, Envelope, api_router, ok
from hiring.ranking import service, usecases
from hiring.ranking.schemas import RecommendationRunOut, RecommendationsOut, RecommendOptions

RANKING_RESPONSES = ERROR_RESPONSES | {429: ERROR_RESPONSES[422]}

router = api_router("/api/jobs", tags=["recommendations"], responses=RANKING_RESPONSES)


@router.post("/{job_id}/recommend-candidates", response_model=Envelope[RecommendationsOut])
def recommend_candidates(
    job_id: str,
    recommender: RecommenderDep,
    user: DetachedWriter,
    options: Annotated[RecommendOptions | None, Body()] = None,
) -> dict:
    """Rank existing candidates by fit for this job, best first. A local ranker (BM25 text
    relevance, required skills with synonyms, title, location and job type fit) always runs;
    with `ANTHROPIC_API_KEY` set, Claude re-ranks its top `HIRING_RANK_SHORTLIST` in one
    request, and any candidate Claude could not rank keeps its local result (`engine` says
    which). Archived candidates and, unless `include_assigned`, those already in this job's
    pipeline are left out. The run is kept (see `GET .../recommendations`) and logged on the
    job. Rate-limited per user (`HIRING_RECOMMEND_PER_MINUTE`); the body may be empty."""
    run = usecases.recommend(recommender, job_id, options or RecommendOptions(), user)
    return ok(RecommendationsOut.model_validate(run.model_dump()))


@router.get("/{job_id}/recommendations", response_model=Envelope[RecommendationRunOut | None])
def last_recommendations(job_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """The job's latest recommendation run with its `generated_at`, or `data: null` when it
    has none yet (an unknown job is 404)."""
    return ok(service.last_run(session, job_id))
