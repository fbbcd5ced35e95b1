"""Files under jobs and candidates: the same routes for both owners."""

from typing import Annotated

from fastapi import File, Form, UploadFile
from fastapi.responses import Response

from hiring.auth.deps import CurrentUser, DetachedWriter, Writer
from hiring.deps import AppStorage, Sessions, UploadLimit
from hiring.files import service, usecases
from hiring.files.models import FileKind
from hiring.files.responses import file_download
from hiring.files.schemas import FileOut, FileUploadOut
from hiring.http import (
    ERROR_RESPONSES,
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.owners import Owner, OwnerKind

router = api_router("/api", tags=["files"])

UPLOAD_ERRORS: dict[int | str, dict] = {
    200: {
        "model": Envelope[FileUploadOut],
        "description": "The owner already had these bytes: that file, `duplicate: true`",
    },
    413: ERROR_RESPONSES[422] | {"description": "Larger than HIRING_MAX_UPLOAD_MB"},
    415: ERROR_RESPONSES[422] | {"description": "Not an allowed type (judged from the bytes)"},
    503: ERROR_RESPONSES[422] | {"description": "File storage is not answering"},
}
DOWNLOAD_RESPONSES: dict[int | str, dict] = {
    200: {"content": {"application/octet-stream": {}}, "description": "The file's bytes"},
    307: {"description": "With HIRING_S3_PRESIGN=1: a short-lived presigned URL to fetch"},
    503: UPLOAD_ERRORS[503],
}
FileField = Annotated[UploadFile, File(description="The file (at most HIRING_MAX_UPLOAD_MB)")]
# Not nullable: a form field cannot say null (left out, it takes the default).
KindField = Annotated[
    FileKind,
    Form(description="resume, cover_letter or other; see the operation for the default"),
]


@router.post(
    "/candidates/{owner_id}/files",
    response_model=Envelope[FileUploadOut],
    status_code=201,
    responses=UPLOAD_ERRORS,
    name="upload_candidate_file",
)
def upload_candidate_file(
    owner_id: str,
    file: FileField,
    sessions: Sessions,
    user: DetachedWriter,
    storage: AppStorage,
    max_bytes: UploadLimit,
    response: Response,
    kind: KindField = None,  # type: ignore[assignment]
    keep_resume_text: Annotated[
        bool, Form(description="Keep the candidate's resume text if there is one")
    ] = False,
) -> dict:
    """Upload a file (multipart field `file`); its type is judged from its bytes.

    A resume (PDF, DOCX, ODT or TXT) fills `resume_text` and `resume_parsed`, and the
    candidate's empty email, phone, LinkedIn and GitHub fields; skills are merged. Without a
    `kind`, a readable document counts as the resume when the candidate has no resume text yet.
    `extracted` tells what was read and filled, or `parse_error`. Bytes the candidate already
    has (same SHA-256) answer that file with 200 and `duplicate: true`; nothing new is kept.
    """
    return _answer(
        response,
        usecases.upload(
            sessions,
            storage,
            Owner.candidate(owner_id),
            file.file,
            file.filename,
            user=user,
            max_bytes=max_bytes,
            kind=kind,
            keep_resume_text=keep_resume_text,
        ),
    )


@router.post(
    "/jobs/{owner_id}/files",
    response_model=Envelope[FileUploadOut],
    status_code=201,
    responses=UPLOAD_ERRORS,
    name="upload_job_file",
)
def upload_job_file(
    owner_id: str,
    file: FileField,
    sessions: Sessions,
    user: DetachedWriter,
    storage: AppStorage,
    max_bytes: UploadLimit,
    response: Response,
    kind: KindField = None,  # type: ignore[assignment]
) -> dict:
    """Upload a file (multipart field `file`, `kind` defaults to other); type judged from bytes.
    Bytes the job already has answer that file with 200 and `duplicate: true`."""
    return _answer(
        response,
        usecases.upload(
            sessions,
            storage,
            Owner.job(owner_id),
            file.file,
            file.filename,
            user=user,
            max_bytes=max_bytes,
            kind=kind,
        ),
    )


def _answer(response: Response, uploaded: FileUploadOut) -> dict:
    """201 for a new file; 200 for bytes the owner already had (nothing new was kept)."""
    if uploaded.duplicate:
        response.status_code = 200
    return ok(uploaded)


def _add_routes(kind: OwnerKind, collection: str) -> None:
    base = f"/{collection}/{{owner_id}}/files"

    def owner(owner_id: str) -> Owner:
        return Owner(kind, owner_id)

    @router.get(base, response_model=ListEnvelope[FileOut], name=f"list_{kind}_files")
    def list_files(owner_id: str, session: DbSession, page: PageParams, _user: CurrentUser) -> dict:
        """Files, newest first."""
        files, total = service.list_files(
            session, owner(owner_id), limit=page.limit, offset=page.offset
        )
        return ok_list([FileOut.model_validate(f) for f in files], total)

    @router.get(
        f"{base}/{{file_id}}/download",
        response_class=Response,
        responses=DOWNLOAD_RESPONSES,
        name=f"download_{kind}_file",
    )
    def download_file(
        owner_id: str, file_id: str, session: DbSession, _user: CurrentUser, storage: AppStorage
    ) -> Response:
        """The file's bytes as an attachment, with the content type found at upload."""
        return file_download(storage, service.get_file(session, owner(owner_id), file_id))

    @router.delete(f"{base}/{{file_id}}", response_model=Envelope[dict], name=f"delete_{kind}_file")
    def delete_file(
        owner_id: str, file_id: str, session: DbSession, user: Writer, storage: AppStorage
    ) -> dict:
        """Delete a file and its stored bytes."""
        service.delete_file(session, storage, owner(owner_id), file_id, user=user)
        return ok({"id": file_id, "deleted": True})


_add_routes(OwnerKind.job, "jobs")
_add_routes(OwnerKind.candidate, "candidates")
