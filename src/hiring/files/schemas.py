from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from hiring.resumes.schemas import Extracted


class FileOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    job_id: str | None
    candidate_id: str | None
    filename: str
    content_type: str
    size: int
    sha256: str
    kind: str
    uploaded_by: str | None
    created_at: datetime


class FileUploadOut(FileOut):
    extracted: Extracted | None = None
    duplicate: bool = Field(
        default=False,
        description="true: the owner already had these bytes; this is that file, nothing new kept",
    )
