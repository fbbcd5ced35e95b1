"""HTTP plumbing shared by every router: envelope, pagination, session, error mapping."""

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager
from typing import Annotated, Any, Generic, Literal, TypeVar

import anyio
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hiring.db import end_unit_of_work, open_session
from hiring.errors import Busy, HiringError, RateLimited
from hiring.request_checks import query_names

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


class CountedListEnvelope(ListEnvelope[T], Generic[T]):
    total_exact: bool = Field(
        description="Whether `total` is exact. On PostgreSQL, beyond the server's "
        "count_exact_up_to matches (10,000 by default) it is the database's estimate"
    )


class ErrorDetail(BaseModel):
    field: str | None = None
    message: str
    candidate_id: str | None = Field(default=None, description="`duplicate`: who has it already")
    merged_into: str | None = Field(
        default=None, description="`merged`: the record this candidate was merged into"
    )


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorEnvelope(BaseModel):
    ok: Literal[False] = False
    error: ErrorInfo


# What any API route can answer besides its success: no or a bad token (401), a role that may
# not (403), no such row (404), a conflict (409), invalid input (422), and a database too busy
# to take the request in time (503 with Retry-After; nothing was done).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope} for status in (401, 403, 404, 409, 422, 503)
}
# What a route that reads a request body answers besides (api_router's routes list them):
# a body that is not JSON (or not a readable form) and one over the size limit.
BODY_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorEnvelope, "description": "The body is not valid JSON or form data"},
    413: {"model": ErrorEnvelope, "description": "The body is larger than the limit"},
}
# Only some routes list more, as route ``responses``: those that keep or read uploaded files
# (415), the rate-limited ones (429), those with an outside service behind them (503).


def ok(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": data}


def ok_list(data: list[Any], total: int) -> dict[str, Any]:
    return {"ok": True, "data": data, "total": total}


def ok_counted(data: list[Any], total: int, *, exact: bool) -> dict[str, Any]:
    """A list whose ``total`` may be an estimate (:class:`CountedListEnvelope`)."""
    return {"ok": True, "data": data, "total": total, "total_exact": exact}


class Page(BaseModel):
    limit: int
    offset: int


def page_params(
    limit: Annotated[
        int, Query(ge=0, description=f"Rows to return; capped at {MAX_LIMIT}")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")] = 0,
) -> Page:
    """Pagination: a larger ``limit`` is clamped to the cap rather than refused."""
    return Page(limit=min(limit, MAX_LIMIT), offset=offset)


PageParams = Annotated[Page, Depends(page_params)]


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# Writers let through to SQLite at once: one holds the lock, the others wait in a worker thread
# each (the thread pool has 40), so the one holding it always finds a thread to finish in.
SQLITE_WRITE_SLOTS = 4


class Turns:
    """Units of work take turns before they get a worker thread: at most ``writes`` write
    units of work open at once (SQLite, whose writers queue for one lock) and at most
    ``connections`` units of work of any kind (PostgreSQL, whose pool has that many for
    requests). One that waits past ``wait_seconds`` is answered 503 with Retry-After, having
    done nothing. None: no limit of that kind.

    A request takes a worker thread for each step (authentication, the endpoint, the commit).
    Without turns, a burst took every thread with requests blocked waiting for the lock or for
    a pooled connection, while the requests holding those found no thread left to go on in:
    every waiter then failed at its timeout. Turns are waited for on the event loop, where
    waiting costs no thread."""

    def __init__(self, *, writes: int | None, connections: int | None, wait_seconds: float):
        self.limits = {"write": writes, "connection": connections}
        self.wait_seconds = wait_seconds
        # Semaphores per event loop: a test client may run the app on several in turn.
        self._held: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[str, asyncio.Semaphore]
        ] = weakref.WeakKeyDictionary()

    @asynccontextmanager
    async def turn(self, write: bool) -> AsyncIterator[None]:
        wanted = [
            (kind, limit)
            for kind, limit in self.limits.items()
            if limit is not None and (write or kind != "write")
        ]
        held = self._held.setdefault(asyncio.get_running_loop(), {})
        taken: list[asyncio.Semaphore] = []
        try:
            async with asyncio.timeout(self.wait_seconds):
                for kind, limit in wanted:  # in one order: no two requests wait in a cycle
                    semaphore = held.setdefault(kind, asyncio.Semaphore(limit))
                    await semaphore.acquire()
                    taken.append(semaphore)
        except TimeoutError:
            for semaphore in taken:
                semaphore.release()
            raise Busy() from None
        try:
            yield
        finally:
            for semaphore in taken:
                semaphore.release()


async def take_turn(request: Request) -> AsyncIterator[None]:
    """The request's turn (:class:`Turns`), held until the endpoint has finished: a write turn
    for any method but GET, HEAD, OPTIONS. One per request, whether it has its unit of work
    (``DbSession``) or opens its own short ones (``hiring.deps.Sessions``)."""
    async with request.app.state.turns.turn(request.method not in SAFE_METHODS):
        yield


RequestTurn = Annotated[None, Depends(take_turn, scope="function")]


async def get_session(request: Request, _turn: RequestTurn) -> AsyncIterator[Session]:
    """The request's unit of work: committed when the endpoint succeeds, rolled back on any
    error, in a worker thread that a cancelled request cannot skip. A request that may write
    (any method but GET, HEAD, OPTIONS) opens a write transaction, which on SQLite takes the
    write lock at its first statement. Each waits for its turn first (:class:`Turns`)."""
    write = request.method not in SAFE_METHODS
    session = open_session(request.app.state.sessions, write=write)
    succeeded = False
    try:
        yield session
        succeeded = True
    finally:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(end_unit_of_work, session, succeeded=succeeded)


# scope="function": the commit happens before the response is sent, so a failed commit is
# the client's error response, not a lost write behind a 2xx.
DbSession = Annotated[Session, Depends(get_session, scope="function")]


class ApiRoute(APIRoute):
    """An API route whose OpenAPI entry also lists what reading its request body can answer
    (:data:`BODY_ERROR_RESPONSES`), when it reads one: a body parameter, or a body it reads
    itself and documents in ``openapi_extra``."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        reads_body = self.body_field is not None or "requestBody" in (self.openapi_extra or {})
        if reads_body and not BODY_ERROR_RESPONSES.keys() <= self.responses.keys():
            # Whether it reads a body is known once FastAPI has read the endpoint's signature.
            kwargs["responses"] = BODY_ERROR_RESPONSES | (kwargs.get("responses") or {})
            super().__init__(path, endpoint, **kwargs)
        # Read once here: a parameter the route does not take is refused (request_checks).
        self.query_names = frozenset(query_names(self.dependant))


def api_router(prefix: str = "", **kwargs: Any) -> APIRouter:
    """A router whose OpenAPI document lists the error envelope for the usual error codes."""
    kwargs.setdefault("responses", ERROR_RESPONSES)
    kwargs.setdefault("route_class", ApiRoute)
    return APIRouter(prefix=prefix, **kwargs)


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


# SQLite's lock wait ran out; PostgreSQL's lock or statement timeout, a deadlock or a
# serialization failure: the work was rolled back and may be retried as it is.
_BUSY_SQLSTATES = frozenset({"55P03", "57014", "40P01", "40001"})


def is_busy(exc: OperationalError) -> bool:
    """Whether the database refused the work for contention, not for a fault."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in _BUSY_SQLSTATES
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


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


_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """The methods some route answers at the request's path (Starlette's own 405 names only
    the first route whose path matched, though GET, PATCH and DELETE of one path are three
    routes), and OPTIONS, which every path answers. Where the OpenAPI document has the path,
    only the methods it gives it (:func:`documented_methods`)."""
    routes = request.app.router.routes
    allowed = {
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    }
    documented = documented_methods(request)
    if documented is not None:
        allowed &= documented
    return ", ".join(sorted(allowed | {"OPTIONS"}))


def documented_methods(request: Request) -> set[str] | None:
    """The methods of the request's path in the OpenAPI document, or None where it has no such
    path (a portal page). A literal path is a resource of its own, though a templated one
    matches it too: ``/api/candidates/enrich-batch`` takes POST only, whatever
    ``/api/candidates/{candidate_id}`` takes; so only the paths with the fewest parameters."""
    found: list[tuple[int, set[str]]] = []
    for template, operations in request.app.openapi()["paths"].items():
        regex, _format, convertors = compile_path(template)
        if regex.match(request.url.path):
            found.append((len(convertors), {m.upper() for m in operations} & set(_METHODS)))
    if not found:
        return None
    fewest = min(params for params, _methods in found)
    return set().union(*(methods for params, methods in found if params == fewest))


def install_error_handlers(app: FastAPI) -> None:
    """Every error, ours or the framework's, leaves as the error envelope."""

    @app.exception_handler(HiringError)
    async def _hiring_error(_request: Request, exc: HiringError) -> JSONResponse:
        headers = None
        if isinstance(exc, RateLimited | Busy):
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
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            allowed = allowed_methods(request)
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": allowed})
            exc.headers = {**(exc.headers or {}), "Allow": allowed}
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

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError) -> JSONResponse:
        if not is_busy(exc):
            return await _unexpected(request, exc)
        # The transaction was rolled back: nothing was written, and the client may retry.
        return busy_response()

    @app.exception_handler(PoolTimeout)
    async def _no_connection(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        # Every pooled connection stayed busy for the pool's timeout: nothing was done.
        return busy_response()

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "Something went wrong on our side")


def busy_response() -> JSONResponse:
    busy = Busy()
    return error_response(
        busy.status_code, busy.code, busy.message, headers={"Retry-After": str(busy.retry_after)}
    )


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


def csv_download(rows: Iterator[str], filename: str) -> StreamingResponse:
    """CSV text streamed as a file download (never shown inline)."""
    return StreamingResponse(
        rows,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
