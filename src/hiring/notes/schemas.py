from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from hiring.validation import NOT_BLANK_PATTERN, Email

# Trimmed before it is checked: text of spaces only is refused as empty.
NOT_BLANK: JsonDict = {"pattern": NOT_BLANK_PATTERN}


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    job_id: str | None
    candidate_id: str | None
    body: str
    author: str | None = Field(description="Who the note is by, as given when it was added")
    created_by: str | None = Field(
        description="The signed-in user who added it (null: the applicant's cover note, or a "
        "note older than this field)"
    )
    application_id: str | None = Field(
        description="Set on an applicant's cover note: the public application it came with"
    )
    created_at: datetime
    updated_at: datetime


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    body: str = Field(min_length=1, max_length=20_000, json_schema_extra=NOT_BLANK)
    author: Email | None = Field(default=None, description="Defaults to the caller's email")


class NoteUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    body: str = Field(min_length=1, max_length=20_000, json_schema_extra=NOT_BLANK)
