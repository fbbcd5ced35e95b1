from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from hiring.jobs.models import JobStatus
from hiring.pipeline.models import Stage
from hiring.validation import RowId

MAX_BULK = 200
RejectionReason = Field(
    default=None, max_length=2000, description="Only with stage `rejected`: why"
)


class AssignmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate_id: str = Field(max_length=40)
    stage: Stage = Stage.applied


class AssignmentMove(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        # The document says it too: a rejection_reason only with the stage rejected.
        json_schema_extra={
            "anyOf": [
                {"properties": {"stage": {"const": Stage.rejected.value}}},
                {"properties": {"rejection_reason": {"type": "null"}}},
            ]
        },
    )

    stage: Stage
    rejection_reason: str | None = RejectionReason

    @field_validator("rejection_reason")
    @classmethod
    def _only_when_rejected(cls, reason: str | None, info: ValidationInfo) -> str | None:
        if reason is not None and info.data.get("stage") != Stage.rejected:
            raise ValueError("rejection_reason is only accepted with stage rejected")
        return reason


class BulkMove(AssignmentMove):
    candidate_ids: list[RowId] = Field(
        min_length=1,
        max_length=MAX_BULK,
        description=f"1 to {MAX_BULK} distinct candidate ids",
        json_schema_extra={"uniqueItems": True},
    )

    @field_validator("candidate_ids")
    @classmethod
    def _distinct(cls, ids: list[str]) -> list[str]:
        if len(set(ids)) != len(ids):
            raise ValueError("candidate_ids must not repeat an id")
        return ids


class StageChangeOut(BaseModel):
    """One move: who, from which stage (null when the candidate entered the pipeline), to which."""

    model_config = ConfigDict(from_attributes=True)

    from_stage: Stage | None
    to_stage: Stage
    actor: str | None
    created_at: datetime


class AssignmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    job_id: str
    candidate_id: str
    stage: Stage
    rejection_reason: str | None
    assigned_by: str | None
    created_at: datetime
    updated_at: datetime


class CandidateJob(AssignmentOut):
    """One of a candidate's pipelines: the job, the stage there, and how it got there."""

    job_title: str
    job_status: JobStatus
    job_product: str
    history: list[StageChangeOut] = Field(description="Oldest first")


class StageCounts(BaseModel):
    applied: int
    screening: int
    interview: int
    offer: int
    hired: int
    rejected: int


class PipelineCounts(BaseModel):
    job_id: str
    total: int
    stages: StageCounts
