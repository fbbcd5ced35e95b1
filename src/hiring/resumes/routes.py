"""Resume parsing without storing anything: the portal prefills a new candidate with it."""

from typing import Annotated

from fastapi import File, UploadFile

from hiring.auth.deps import Writer
from hiring.http import ERROR_RESPONSES, Envelope, api_router, ok
from hiring.resumes import service
from hiring.resumes.schemas import ResumeParsed
from hiring.storage.deps import UploadLimit

router = api_router("/api/resumes", tags=["resumes"])


@router.post(
    "/parse",
    response_model=Envelope[ResumeParsed],
    responses={413: ERROR_RESPONSES[422], 415: ERROR_RESPONSES[422]},
)
def parse_resume(
    file: Annotated[UploadFile, File(description="A PDF, DOCX, ODT or TXT resume")],
    _user: Writer,
    max_bytes: UploadLimit,
) -> dict:
    """Parse a resume (multipart field `file`) and return what it states; nothing is kept."""
    return ok(service.parse_upload(file.file, max_bytes=max_bytes))
