from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from hiring.tasks.models import TaskStatus


class TaskOut(BaseModel):
    """A background job as its user sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str = Field(description="What the job does: enrich_all")
    status: TaskStatus = Field(
        description="queued (also between retries), running, succeeded, failed"
    )
    params: dict[str, Any] = Field(description="What the job was asked to do")
    total: int | None = Field(description="How many records it covers, counted when queued")
    progress: dict[str, int] = Field(
        description="Counts of the records done so far, by outcome (enrich_all: matched, "
        "missed, failed, skipped)"
    )
    attempts: int = Field(description="Attempts started (retries after a failure add one each)")
    error: str | None = Field(description="Why the last attempt failed (kept while it retries)")
    created_by: str | None = Field(description="The id of the user who queued it")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime
