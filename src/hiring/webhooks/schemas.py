from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hiring.events.service import EVENT_TYPES
from hiring.webhooks.models import DeliveryStatus

ALL_EVENTS = "*"
EVENTS_HELP = 'Event types to send, or `["*"]` for every type'


def _known_types(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    wanted = list(dict.fromkeys(value))
    if ALL_EVENTS in wanted:
        if len(wanted) > 1:
            raise ValueError('"*" stands alone: it already means every event type')
        return wanted
    unknown = sorted(set(wanted) - set(EVENT_TYPES))
    if unknown:
        raise ValueError(f"Unknown event types: {', '.join(unknown)}")
    return wanted


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000, description="https:// (see the URL rules)")
    events: list[str] = Field(min_length=1, max_length=50, description=EVENTS_HELP)
    description: str | None = Field(default=None, max_length=500)

    _events = field_validator("events")(_known_types)


class WebhookUpdate(BaseModel):
    """Only the fields sent change; `active: true` turns a disabled endpoint back on."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(default=None, max_length=2000)  # type: ignore[assignment]
    events: list[str] = Field(
        default=None,  # type: ignore[arg-type]
        min_length=1,
        max_length=50,
        description=EVENTS_HELP,
    )
    description: str | None = Field(default=None, max_length=500)
    active: bool = None  # type: ignore[assignment]

    _events = field_validator("events")(_known_types)


class WebhookOut(BaseModel):
    """An endpoint; its secret is only ever shown when created or rotated."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    url: str
    events: list[str]
    description: str | None
    active: bool
    failing_since: datetime | None = Field(description="Every delivery has failed since")
    disabled_reason: str | None = Field(description="Why it was turned off automatically")
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class WebhookWithSecret(WebhookOut):
    secret: str = Field(description="Signs every request; shown this once only")


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    endpoint_id: str
    event_id: str = Field(description="The same on every attempt")
    event_type: str
    status: DeliveryStatus
    attempts: int
    response_code: int | None = Field(description="The receiver's last HTTP status")
    duration_ms: int | None = Field(description="How long the last attempt took")
    error: str | None = Field(description="Why the last attempt failed")
    next_attempt_at: datetime | None = Field(description="When it is tried next")
    created_at: datetime
    delivered_at: datetime | None
