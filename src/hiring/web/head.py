"""HEAD for the public pages: crawlers, job boards and link checkers ask for the headers only.

FastAPI's ``@router.get`` answers HEAD with 405; ``public_page`` routes both methods to the
same endpoint, and ``HeadWithoutBody`` drops the body the endpoint rendered (its headers,
Content-Length included, stay those of GET, as HTTP asks)."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_METHODS = ["GET", "HEAD"]


def public_page(router: APIRouter, path: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@public_page(router, "/careers")``: the page answers GET and HEAD."""
    return router.api_route(path, methods=PAGE_METHODS)


class HeadWithoutBody:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_headers_only)
