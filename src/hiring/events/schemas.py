from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class EventOut(BaseModel):
    """One event as the feed and webhooks carry it."""

    model_config = ConfigDict(from_attributes=True)

    id: str = Field(description="Stable: a webhook retry carries the same id")
    type: str = Field(description="e.g. candidate.created, job.status_changed")
    created_at: datetime
    data: dict[str, Any] = Field(
        description="The object as the API returns it; only its id once the person is erased"
    )


class EventPage(BaseModel):
    events: list[EventOut]
    next_cursor: str = Field(description="Pass as `after` to get the events that follow")
