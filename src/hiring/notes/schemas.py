from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    job_id: str | None
    candidate_id: str | None
    body: str
    author: str | None
    created_at: datetime
    updated_at: datetime


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    body: str = Field(min_length=1, max_length=20_000)
    author: EmailStr | None = Field(default=None, description="Defaults to the caller's email")


class NoteUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    body: str = Field(min_length=1, max_length=20_000)
