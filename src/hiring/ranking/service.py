"""Recommendations: rank a job's eligible candidates locally, let Claude re-rank the
shortlist when configured, keep the run and log it on the job.

A run is three steps (``hiring.ranking.usecases`` runs them): ``shortlist`` reads and ranks
locally; ``rerank`` asks Claude and touches no database, so it runs with no transaction
open; ``save_run`` re-reads the job under lock and the candidates' names, and keeps the run.
Like every service, they flush and never commit.
"""

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import fetch_by_id, utcnow
from hiring.errors import Invalid
from hiring.jobs.models import Job
from hiring.jobs.service import get_job
from hiring.owners import Owner
from hiring.ranking import blended
from hiring.ranking.claude import Rank, Reranker, RerankFailed
from hiring.ranking.local import PoolRanking, rank_pool
from hiring.ranking.models import RecommendationRun
from hiring.ranking.schemas import (
    Engine,
    Recommendation,
    RecommendationRunOut,
    RecommendOptions,
)
from hiring.ranking.scoring import JobText, Scored

log = logging.getLogger("hiring.ranking")

JOB_TEXT_CHARS = 4000
LOCAL = "local"
CLAUDE = "claude"
SEMANTIC = blended.ENGINE


def job_text(job: Job) -> JobText:
    return JobText(
        title=job.title,
        description=job.description or "",
        requirements=job.requirements or "",
        location=job.location or "",
        job_type=job.job_type,
    )


def _job_brief(job: Job, ranking: PoolRanking) -> dict[str, Any]:
    return {
        "title": job.title,
        "description": (job.description or "")[:JOB_TEXT_CHARS],
        "requirements": (job.requirements or "")[:JOB_TEXT_CHARS],
        "required_skills": ranking.required,
        "location": job.location,
        "job_type": job.job_type,
    }


def _details(session: Session, ids: list[str]) -> dict[str, Candidate]:
    """The candidates sent to Claude, read whole (ranking itself reads only its columns)."""
    return {c.id: c for c in session.scalars(select(Candidate).where(Candidate.id.in_(ids)))}


def candidate_brief(candidate: Candidate, resume_chars: int) -> dict[str, Any]:
    """What Claude needs to rank a person: no name, email, phone or profile links."""
    return {
        "candidate_id": candidate.id,
        "current_title": candidate.current_title,
        "skills": list(candidate.skills or []),
        "desired_roles": list(candidate.desired_roles or []),
        "languages": list(candidate.languages or []),
        "location": candidate.location,
        "availability": candidate.availability,
        "resume_excerpt": (candidate.resume_text or "")[:resume_chars],
    }


def _item(scored: Scored, name: str, rank: Rank | None) -> Recommendation:
    return Recommendation(
        candidate_id=scored.candidate_id,
        name=name,
        score=rank.score if rank else scored.score,
        reasoning=rank.reasoning if rank else scored.reasoning,
        engine=CLAUDE if rank else scored.engine,
        matched_skills=scored.matched_skills,
        missing_skills=scored.missing_skills,
    )


@dataclass
class Shortlist:
    """What the read step found: the local ranking's best, and what Claude is to rank
    (``claude`` None and no ``briefs`` when ranking locally)."""

    job_id: str
    pool_size: int
    top: list[Scored]
    claude: Reranker | None
    job_brief: dict[str, Any]
    briefs: list[dict[str, Any]]


def shortlist(
    session: Session,
    job_id: str,
    options: RecommendOptions,
    reranker: Reranker | None,
    *,
    shortlist: int,
    resume_chars: int,
) -> Shortlist:
    """Rank the job's eligible candidates locally (unknown job: NotFound; the claude engine
    without a key: Invalid). Claude is to re-rank the local top ``shortlist`` when configured
    (and asked for or ``auto``)."""
    job = get_job(session, job_id)
    if options.engine == Engine.claude and reranker is None:
        raise Invalid.field(
            "engine", "Claude ranking is not configured (set ANTHROPIC_API_KEY); use auto or local"
        )
    ranking = rank_pool(
        session, job.id, job_text(job), options.filters, include_assigned=options.include_assigned
    )
    claude = reranker if options.engine != Engine.local else None
    top = ranking.top(options.limit if claude is None else max(options.limit, shortlist))
    briefs: list[dict[str, Any]] = []
    if claude is not None:
        details = _details(session, [s.candidate_id for s in top[:shortlist]])
        briefs = [
            candidate_brief(details[s.candidate_id], resume_chars)
            for s in top[:shortlist]
            if s.candidate_id in details
        ]
    return Shortlist(
        job_id=job.id,
        pool_size=ranking.pool_size,
        top=top,
        claude=claude,
        job_brief=_job_brief(job, ranking),
        briefs=briefs,
    )


def rerank(found: Shortlist) -> dict[str, Rank]:
    """Claude's valid ranks of the shortlist by candidate id; none without Claude or when it
    fails (the local ranking stands). No database work: run it with no transaction open."""
    if found.claude is None or not found.briefs:
        return {}
    try:
        ranks = found.claude.rerank(found.job_brief, found.briefs)
    except RerankFailed as exc:
        log.warning("Claude ranking failed for job %s, local ranking kept: %s", found.job_id, exc)
        return {}
    if len(ranks) < len(found.briefs):
        log.info("Claude ranked %d of %d candidates validly", len(ranks), len(found.briefs))
    return ranks


def save_run(
    session: Session,
    found: Shortlist,
    ranks: dict[str, Rank],
    options: RecommendOptions,
    user: User,
) -> RecommendationRunOut:
    """Keep the run and log it as an activity on the job (locked: a job deleted meanwhile is
    NotFound). A candidate deleted since the pool was read is simply not recommended."""
    job = fetch_by_id(session, Job, found.job_id, what="job", for_update=True)
    ids = [s.candidate_id for s in found.top]
    query = select(Candidate.id, Candidate.name).where(Candidate.id.in_(ids))
    names = {candidate_id: name for candidate_id, name in session.execute(query)}
    items = sorted(
        (
            _item(s, names[s.candidate_id], ranks.get(s.candidate_id))
            for s in found.top
            if s.candidate_id in names
        ),
        key=lambda item: -item.score,
    )[: options.limit]
    engine_used = CLAUDE if ranks else _local_engine(items)
    run = RecommendationRun(
        job_id=job.id,
        engine_used=engine_used,
        model=found.claude.model if found.claude is not None and ranks else None,
        pool_size=found.pool_size,
        options=options.model_dump(mode="json"),
        results={"recommendations": [item.model_dump(mode="json") for item in items]},
        created_by=user.email,
        created_at=utcnow(),
    )
    session.add(run)
    session.flush()
    activities.log(
        session,
        Owner.job(job.id),
        "recommendations",
        f"Recommended {len(items)} of {found.pool_size} candidates ({engine_used})",
        actor=user.email,
        data={"run_id": run.id, "engine_used": engine_used, "pool_size": found.pool_size},
    )
    return _run_out(run)


def _local_engine(items: list[Recommendation]) -> str:
    """``semantic`` when the sentence model scored any item, else ``local`` (words only)."""
    return SEMANTIC if any(item.engine == SEMANTIC for item in items) else LOCAL


def _run_out(run: RecommendationRun) -> RecommendationRunOut:
    return RecommendationRunOut(
        id=run.id,
        job_id=run.job_id,
        recommendations=[Recommendation(**item) for item in run.results["recommendations"]],
        engine_used=run.engine_used,
        model=run.model,
        pool_size=run.pool_size,
        generated_at=run.created_at,
    )


def last_run(session: Session, job_id: str) -> RecommendationRunOut | None:
    """The job's latest recommendation run, or None when it has none (unknown job: NotFound)."""
    job = get_job(session, job_id)
    run = session.scalars(
        select(RecommendationRun)
        .where(RecommendationRun.job_id == job.id)
        .order_by(RecommendationRun.created_at.desc(), RecommendationRun.id.desc())
        .limit(1)
    ).first()
    return _run_out(run) if run else None
