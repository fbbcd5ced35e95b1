"""A job's pipeline: who is in it, at which stage, and moving them through it."""

from typing import Annotated

from fastapi import Query

from hiring.auth.deps import CurrentUser, Writer
from hiring.candidates.models import Candidate
from hiring.candidates.service import get_candidate
from hiring.errors import Invalid, NotFound
from hiring.http import (
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.jobs.schemas import JobCandidate
from hiring.jobs.service import get_job
from hiring.pipeline import service
from hiring.pipeline.models import Stage
from hiring.pipeline.schemas import (
    AssignmentCreate,
    AssignmentMove,
    BulkMove,
    CandidateJob,
    PipelineCounts,
    StageCounts,
)

router = api_router("/api", tags=["pipeline"])


@router.get("/jobs/{job_id}/candidates", response_model=ListEnvelope[JobCandidate])
def list_job_candidates(
    job_id: str,
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    stage: Annotated[Stage | None, Query(description="Only candidates at this stage")] = None,
) -> dict:
    """The candidates in a job's pipeline with their stage in this job, most recently moved
    first, with `total`."""
    get_job(session, job_id)
    rows, total = service.job_candidates(
        session, job_id, limit=page.limit, offset=page.offset, stage=stage
    )
    return ok_list([JobCandidate.from_row(a, c) for a, c in rows], total)


@router.post("/jobs/{job_id}/candidates", response_model=Envelope[JobCandidate], status_code=201)
def assign_candidate(job_id: str, body: AssignmentCreate, session: DbSession, user: Writer) -> dict:
    """Put a candidate into the job's pipeline (default stage `applied`); 409 if already in it."""
    job = get_job(session, job_id)
    try:
        candidate = get_candidate(session, body.candidate_id)
    except NotFound as exc:
        raise Invalid.field("candidate_id", "No candidate with this id") from exc
    assignment = service.assign(session, job, candidate, stage=body.stage.value, actor=user.email)
    return ok(JobCandidate.from_row(assignment, candidate))


@router.post("/jobs/{job_id}/candidates/bulk", response_model=ListEnvelope[JobCandidate])
def bulk_move(job_id: str, body: BulkMove, session: DbSession, user: Writer) -> dict:
    """Move up to 200 of the job's candidates to one stage, all or nothing: when any id is
    refused (unknown, or not in this pipeline) the answer is 422 with one detail per refused
    id (`candidate_ids.<index>`) and nothing changes."""
    job = get_job(session, job_id)
    moved = service.bulk_move(
        session,
        job,
        body.candidate_ids,
        body.stage.value,
        actor=user.email,
        rejection_reason=body.rejection_reason,
    )
    data = [JobCandidate.from_row(a, session.get_one(Candidate, a.candidate_id)) for a in moved]
    return ok_list(data, len(data))


@router.patch("/jobs/{job_id}/candidates/{candidate_id}", response_model=Envelope[JobCandidate])
def move_candidate(
    job_id: str, candidate_id: str, body: AssignmentMove, session: DbSession, user: Writer
) -> dict:
    """Move a candidate to another stage of this job (`rejection_reason` only with `rejected`).
    The move is logged on the candidate and on the job, with its stage history."""
    get_job(session, job_id)
    assignment = service.get_assignment(session, job_id, candidate_id)
    service.move(
        session,
        assignment,
        body.stage.value,
        actor=user.email,
        rejection_reason=body.rejection_reason,
    )
    return ok(JobCandidate.from_row(assignment, get_candidate(session, candidate_id)))


@router.delete("/jobs/{job_id}/candidates/{candidate_id}", response_model=Envelope[dict])
def unassign_candidate(job_id: str, candidate_id: str, session: DbSession, user: Writer) -> dict:
    """Take a candidate out of this job's pipeline; the candidate's `job_id`/`stage` then show
    their next current pipeline (or no job)."""
    get_job(session, job_id)
    service.unassign(
        session, service.get_assignment(session, job_id, candidate_id), actor=user.email
    )
    return ok({"job_id": job_id, "candidate_id": candidate_id, "deleted": True})


@router.get("/jobs/{job_id}/pipeline", response_model=Envelope[PipelineCounts])
def pipeline_counts(job_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """How many candidates are at each stage of the job (every stage present, 0 when empty)."""
    get_job(session, job_id)
    counts = service.stage_counts(session, job_id)
    return ok(
        PipelineCounts(job_id=job_id, total=sum(counts.values()), stages=StageCounts(**counts))
    )


@router.get("/candidates/{candidate_id}/jobs", response_model=ListEnvelope[CandidateJob])
def list_candidate_jobs(candidate_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """Every job the candidate is in, most recently moved first, with the job's title and
    status and the stage history (who moved them, from, to, when)."""
    get_candidate(session, candidate_id)
    data = service.candidate_pipelines(session, candidate_id)
    return ok_list(data, len(data))
