"""The access export as an HTTP answer, the same for the API and the portal."""

from collections.abc import Iterator
from typing import IO

from fastapi.responses import StreamingResponse

from hiring.filenames import content_disposition

CHUNK_BYTES = 1 << 16


def _chunks(archive: IO[bytes]) -> Iterator[bytes]:
    with archive:
        while chunk := archive.read(CHUNK_BYTES):
            yield chunk


def zip_download(archive: IO[bytes], candidate_id: str) -> StreamingResponse:
    return StreamingResponse(
        _chunks(archive),
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition(f"{candidate_id}-data.zip"),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
