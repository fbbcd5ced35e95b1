"""An interview's invite as an HTTP answer, the same for the API and the portal."""

from fastapi.responses import Response

from hiring.filenames import content_disposition


def ics_download(body: bytes, interview_id: str) -> Response:
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition(f"interview-{interview_id}.ics"),
            "X-Content-Type-Options": "nosniff",
        },
    )
