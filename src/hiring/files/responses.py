"""A stored file as an HTTP answer, the same for the API and the portal."""

from fastapi.responses import RedirectResponse, Response, StreamingResponse

from hiring.filenames import content_disposition
from hiring.files import service
from hiring.files.models import StoredFile
from hiring.storage import Storage


def file_download(storage: Storage, record: StoredFile) -> Response:
    """The file as an attachment (the API and the portal alike), or a presigned redirect."""
    url = storage.presigned_url(
        record.storage_key, filename=record.filename, content_type=record.content_type
    )
    if url is not None:
        return RedirectResponse(url, status_code=307, headers={"Cache-Control": "no-store"})
    return StreamingResponse(
        service.open_content(storage, record),
        media_type=record.content_type,
        headers={
            "Content-Disposition": content_disposition(record.filename),
            "Content-Length": str(record.size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
