from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from hiring.validation import DateFrom, DateTo


class AuditQuery(BaseModel):
    """The audit log's filters; every one given must hold."""

    actor: str | None = Field(
        default=None, max_length=320, description="A user's id or email, or `cli`"
    )
    action: str | None = Field(default=None, max_length=60, description="e.g. auth.sign_in")
    target_id: str | None = Field(default=None, max_length=40)
    date_from: DateFrom | None = Field(default=None, description="On or after (ISO date or time)")
    date_to: DateTo | None = Field(
        default=None, description="On or before (a date: that whole day)"
    )


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    at: datetime
    actor_id: str | None = Field(description="The acting user's id; null for the CLI")
    actor_label: str | None = Field(
        description="The acting user's email, the login a failed sign-in tried, or `cli`"
    )
    action: str = Field(description="e.g. auth.sign_in, token.created, candidate.exported")
    target_type: str | None = Field(description="What was acted on: user, token, segment…")
    target_id: str | None
    ip: str | None = Field(description="The client's address, as the app resolves it")
    details: dict[str, Any] = Field(description="Ids and counts, never personal data")
