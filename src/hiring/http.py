"""HTTP plumbing shared by every router: envelope, pagination, session, error mapping."""

import functools
import inspect
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Annotated, Any, Generic, Literal, TypeVar

import anyio
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hiring.db import end_unit_of_work, ends_without_waiting, never_waits, open_session
from hiring.errors import HiringError, Invalid, RateLimited

log = logging.getLogger("hiring")

T = TypeVar("T")

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class Envelope(BaseModel, Generic[T]):
    ok: Literal[True] = True
    data: T


class ListEnvelope(BaseModel, Generic[T]):
    ok: Literal[True] = True
    data: list[T]
    total: int = Field(description="All rows matching the filters, regardless of limit/offset")


class ErrorDetail(BaseModel):
    field: str | None = None
    message: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorEnvelope(BaseModel):
    ok: Literal[False] = False
    error: ErrorInfo


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope} for status in (401, 403, 404, 409, 422)
}


def ok(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": data}


def ok_list(data: list[Any], total: int) -> dict[str, Any]:
    return {"ok": True, "data": data, "total": total}


class Page(BaseModel):
    limit: int
    offset: int


async def page_params(
    limit: Annotated[
        int, Query(ge=0, description=f"Rows to return; capped at {MAX_LIMIT}")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")] = 0,
) -> Page:
    """Pagination: a larger ``limit`` is clamped to the cap rather than refused.

    Async because it never blocks: FastAPI runs it inline instead of in a worker thread."""
    return Page(limit=min(limit, MAX_LIMIT), offset=offset)


PageParams = Annotated[Page, Depends(page_params)]


E = TypeVar("E", bound=Callable[..., Any])


def read_only(endpoint: E) -> E:
    """Marks a POST route that only reads (a preview, a parse): its unit of work takes no
    write lock, so on SQLite it never waits for, or holds up, the writers."""
    endpoint.read_only = True  # type: ignore[attr-defined]
    return endpoint


def database_only(endpoint: E) -> E:
    """Marks a route whose work is database work through its session and nothing else (no
    stored files, no outside service): see :func:`database_work`."""
    endpoint.database_only = True  # type: ignore[attr-defined]
    return endpoint


async def database_work(
    session: Session, work: Callable[..., T], /, *args: Any, **kwargs: Any
) -> T:
    """``work(*args, **kwargs)``, which uses ``session``: inline on the event loop when its
    statements can never wait (SQLite, reading), otherwise in a worker thread.

    Reading SQLite is work for the CPU alone, and inline it costs no more than that. In a
    worker thread, the driver hands the GIL back and forth with the event loop at every row
    it steps through: a list page cost 8 ms of CPU there against 5 inline, and a server of
    two processes answered 305 list requests a second instead of 416. The price: a long
    read holds up the other requests of its process until it ends."""
    if never_waits(session):
        return work(*args, **kwargs)
    return await run_in_threadpool(work, *args, **kwargs)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One unit of work per request: commit on success, roll back on any error. Only
    requests that may write take SQLite's write lock (at their first statement).

    Async because opening a session does no I/O (the connection comes with the first
    query): it opens inline. Ending it inline too when that cannot wait (SQLite, nothing
    written); otherwise the commit and close go to a worker thread, in one hand-off that a
    cancelled request cannot skip. Each hand-off costs about a millisecond."""
    endpoint = request.scope.get("endpoint")
    write = request.method not in ("GET", "HEAD", "OPTIONS") and not getattr(
        endpoint, "read_only", False
    )
    session = open_session(request.app.state.sessions, write=write)
    succeeded = False
    try:
        yield session
        succeeded = True
    finally:
        if ends_without_waiting(session):
            end_unit_of_work(session, succeeded=succeeded)
        else:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(end_unit_of_work, session, succeeded=succeeded)


DbSession = Annotated[Session, Depends(get_session, scope="function")]


class ApiRoute(APIRoute):
    """An API route whose plain (sync) endpoint runs as a coroutine: in a worker thread, or
    for a :func:`database_only` endpoint where :func:`database_work` says.

    FastAPI hands a sync endpoint to a worker thread, then hands its result to another to
    validate the response; wrapped, the endpoint's work still leaves the event loop, and the
    validation, which never blocks, runs inline: one hand-off less (about a millisecond)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _as_coroutine(endpoint)
        super().__init__(path, endpoint, **kwargs)


def api_router(prefix: str = "", **kwargs: Any) -> APIRouter:
    """A router of API routes (:class:`ApiRoute`), answering errors with the envelope."""
    kwargs.setdefault("responses", ERROR_RESPONSES)
    return APIRouter(prefix=prefix, route_class=ApiRoute, **kwargs)


def _as_coroutine(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    database_endpoint = getattr(endpoint, "database_only", False)

    @functools.wraps(endpoint)  # keeps the signature FastAPI reads, and marks like read_only
    async def run(**kwargs: Any) -> Any:
        if database_endpoint:
            session = next((v for v in kwargs.values() if isinstance(v, Session)), None)
            if session is None:  # no database work at all
                return endpoint(**kwargs)
            return await database_work(session, endpoint, **kwargs)
        return await run_in_threadpool(endpoint, **kwargs)

    return run


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = {"ok": False, "error": {"code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status, headers=dict(headers) if headers else None)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "form", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for err in exc.errors():
        message = str(err.get("msg", "Invalid value"))
        if err.get("type") == "extra_forbidden":
            message = "Unknown field"
        details.append({"field": _field_name(tuple(err.get("loc", ()))), "message": message})
    return details


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def install_error_handlers(app: FastAPI) -> None:
    """Every error, ours or the framework's, leaves as the error envelope."""

    @app.exception_handler(HiringError)
    async def _hiring_error(_request: Request, exc: HiringError) -> JSONResponse:
        headers = None
        if isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after)}
        return error_response(exc.status_code, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if errors and all(e.get("type") == "json_invalid" for e in errors):
            return error_response(400, "bad_request", "The request body is not valid JSON")
        return error_response(
            422, "validation_error", "Some fields are invalid", _validation_details(exc)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = "No such resource"
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(DataError)
    async def _unstorable(_request: Request, _exc: DataError) -> JSONResponse:
        # The database refused a value validation let through: PostgreSQL stores no NUL
        # characters in text. The caller's input, not our failure.
        return error_response(
            422, "validation_error", "Some text contains characters that cannot be stored (NUL)"
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "Something went wrong on our side")


class BodySizeLimit:
    """Refuses request bodies over the limit with 413, while streaming, before reading them whole.

    Multipart uploads get the upload limit; every other body gets the (small) JSON limit.
    """

    def __init__(self, app: ASGIApp, *, json_limit: int, upload_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        is_upload = headers.get("content-type", "").startswith("multipart/")
        limit = self.upload_limit + 64 * 1024 if is_upload else self.json_limit
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            response = error_response(
                413, "payload_too_large", f"The request body is larger than {limit} bytes"
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise StarletteHTTPException(
                        413, f"The request body is larger than {limit} bytes"
                    )
            return message

        await self.app(scope, limited_receive, send)


_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
NUL_MESSAGE = "Text may not contain NUL characters"


async def refuse_nul(request: Request) -> None:
    """Every route's first dependency: NUL characters in the query string or in JSON or form
    text are refused with 422. PostgreSQL cannot store them and SQLite would keep them
    silently, so they are stopped the same way everywhere (as JSON for the API, as a page for
    the portal). Multipart uploads carry binary files and are not looked into."""
    if b"%00" in request.scope.get("query_string", b""):
        raise Invalid(NUL_MESSAGE)
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("application/json"):
        if _JSON_NUL.search(await request.body()):
            raise Invalid(NUL_MESSAGE)
    elif content_type.startswith("application/x-www-form-urlencoded"):
        form = await request.form()
        if any(isinstance(v, str) and "\x00" in v for _, v in form.multi_items()):
            raise Invalid(NUL_MESSAGE)


def csv_download(rows: Iterator[str], filename: str) -> StreamingResponse:
    """CSV text streamed as a file download (never shown inline)."""
    return StreamingResponse(
        rows,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
