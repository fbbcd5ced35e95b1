from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ActivityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    job_id: str | None
    candidate_id: str | None
    activity_type: str
    title: str
    body: str | None
    actor: str | None
    data: dict[str, Any] | None
    created_at: datetime


class ActivityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    activity_type: str = Field(
        min_length=1, max_length=50, pattern=r"^[a-z][a-z0-9_]*$", examples=["call"]
    )
    title: str = Field(min_length=1, max_length=300)
    body: str | None = Field(default=None, max_length=20_000)
