"""Resume parsing without storing anything: the portal prefills a new candidate with it."""

from typing import Annotated

from fastapi import File, UploadFile

from hiring.auth.deps import DetachedWriter
from hiring.deps import UploadLimit
from hiring.http import ERROR_RESPONSES, Envelope, api_router, ok
from hiring.resumes import service
from hiring.resumes.schemas import ResumeParsed

router = api_router("/api/resumes", tags=["resumes"])


@router.post(
    "/parse",
    response_model=Envelope[ResumeParsed],
    responses={413: ERROR_RESPONSES[422], 415: ERROR_RESPONSES[422]},
)
def parse_resume(
    file: Annotated[
        UploadFile,
        File(description="A PDF, DOCX, ODT or TXT resume", json_schema_extra={"minLength": 1}),
    ],
    _user: DetachedWriter,
    max_bytes: UploadLimit,
) -> dict:
    """Parse a resume (multipart field `file`) and return what it states; nothing is kept.

    A file that cannot be read, or not within the server's time and memory bounds, is a 422
    saying why. No database transaction is held while it is read."""
    return ok(service.parse_upload(file.file, max_bytes=max_bytes))
