"""Manatal's Open API v3 as the import reads it: candidates page by page, each candidate's
social media profiles and resumes, and a resume's bytes (see docs/integrations/manatal.md).

Every call carries ``Authorization: Token <token>``; a 401 or 403 stops at once (the token is
wrong), a 429 or 5xx is tried again after the ``Retry-After`` Manatal sent (else a doubling
backoff), and a network failure is tried again the same way. The token is sent to Manatal's
host only: a resume link points at file storage and is fetched without it.
"""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from hiring.config import Settings
from hiring.enrichment.client import retry_after_seconds

# Manatal answers at most this many candidates a page.
PAGE_SIZE = 100
MAX_ANSWER_BYTES = 20_000_000
# The longest a Retry-After is honoured: beyond it, the import stops and says why.
MAX_RETRY_AFTER = 120.0


class ManatalError(Exception):
    """A call that gave no usable answer; ``reason`` names the kind for the operator."""

    def __init__(self, message: str, *, reason: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Page:
    count: int
    results: list[dict[str, Any]]
    next: str | None


def _status_error(response: httpx.Response) -> ManatalError:
    status = response.status_code
    if status in (401, 403):
        return ManatalError(
            f"Manatal refused the token (HTTP {status}); check MANATAL_API_TOKEN",
            reason="unauthorized",
        )
    if status == 429:
        return ManatalError(
            "Manatal's rate limit is still reached after retrying; run the import again later",
            reason="rate_limited",
        )
    if status >= 500:
        return ManatalError(
            f"Manatal had an error (HTTP {status}); run the import again later",
            reason="manatal_error",
        )
    return ManatalError(
        f"Manatal refused the request (HTTP {status})", reason="rejected", status=status
    )


class ManatalClient:
    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        timeout: float,
        max_retries: int = 5,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._host = urlsplit(self.base_url).netloc
        self._http = httpx.Client(
            headers={"Authorization": f"Token {token}", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        )
        # Resume links point elsewhere (file storage): no token goes with them.
        self._files = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True)
        self.max_retries = max_retries
        self.backoff = backoff
        self._sleep = sleep

    def close(self) -> None:
        self._http.close()
        self._files.close()

    def __enter__(self) -> "ManatalClient":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _get(self, http: httpx.Client, url: str, **kwargs: Any) -> httpx.Response:
        """GET ``url``, retrying 429, 5xx and network failures within ``max_retries``."""
        attempt = 0
        while True:
            try:
                response = http.get(url, **kwargs)
            except httpx.HTTPError as exc:
                if attempt >= self.max_retries:
                    raise ManatalError(
                        f"Manatal could not be reached ({type(exc).__name__}); "
                        "check HIRING_MANATAL_BASE_URL and the network",
                        reason="unreachable",
                    ) from exc
                delay = self.backoff * 2**attempt
            else:
                status = response.status_code
                if status < 400:
                    return response
                if status != 429 and status < 500:
                    raise _status_error(response)
                if attempt >= self.max_retries:
                    raise _status_error(response)
                delay = retry_after_seconds(response.headers.get("retry-after"))
                if delay is None:
                    delay = self.backoff * 2**attempt
                if delay > MAX_RETRY_AFTER:
                    raise _status_error(response)
            self._sleep(delay)
            attempt += 1

    def _json(self, url: str, **kwargs: Any) -> Any:
        if urlsplit(url).netloc not in ("", self._host):
            # A `next` link elsewhere would carry the token to another host.
            raise ManatalError(f"Manatal sent a link to another host: {url}", reason="bad_response")
        target = url if urlsplit(url).netloc else f"{self.base_url}{url}"
        response = self._get(self._http, target, **kwargs)
        if len(response.content) > MAX_ANSWER_BYTES:
            raise ManatalError("Manatal's answer is too large", reason="bad_response")
        try:
            return response.json()
        except ValueError as exc:
            raise ManatalError(
                "Manatal answered with something unreadable", reason="bad_response"
            ) from exc

    def page(self, url: str | None = None, *, page_size: int = PAGE_SIZE) -> Page:
        """A page of candidates: the first, or the one a ``next`` link names."""
        if url is None:
            answer = self._json("/candidates/", params={"page": 1, "page_size": page_size})
        else:
            answer = self._json(url)
        if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
            raise ManatalError("Manatal's candidate list is not usable", reason="bad_response")
        results = [item for item in answer["results"] if isinstance(item, dict)]
        count = answer.get("count")
        following = answer.get("next")
        return Page(
            count if isinstance(count, int) else len(results),
            results,
            following if isinstance(following, str) and following else None,
        )

    def pages(self, *, page_size: int = PAGE_SIZE) -> Iterator[Page]:
        """Every page of candidates, following ``next`` until Manatal gives none."""
        page = self.page(page_size=page_size)
        yield page
        while page.next is not None:
            page = self.page(page.next)
            yield page

    def _list(self, path: str) -> list[dict[str, Any]]:
        """A candidate's sub-list: Manatal answers a bare array or a page of ``results``."""
        answer = self._json(path)
        if isinstance(answer, dict):
            answer = answer.get("results")
        if not isinstance(answer, list):
            raise ManatalError(f"Manatal's answer to {path} is not a list", reason="bad_response")
        return [item for item in answer if isinstance(item, dict)]

    def social_media(self, candidate_id: str) -> list[dict[str, Any]]:
        return self._list(f"/candidates/{candidate_id}/social-media/")

    def resumes(self, candidate_id: str) -> list[dict[str, Any]]:
        """The candidate's resumes (none: an empty list, or a 404 from some accounts)."""
        try:
            return self._list(f"/candidates/{candidate_id}/resume/")
        except ManatalError as exc:
            if exc.status == 404:
                return []
            raise

    def download(self, url: str, *, max_bytes: int) -> bytes:
        """A resume's bytes from the link Manatal gave (links expire: fetched at once),
        read no further than ``max_bytes``."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise ManatalError("The resume link is not a web address", reason="bad_response")
        data = bytearray()
        try:
            with self._files.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise ManatalError(
                        f"The resume could not be fetched (HTTP {response.status_code})",
                        reason="resume_unavailable",
                    )
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > max_bytes:
                        raise ManatalError(
                            f"The resume is larger than {max_bytes} bytes", reason="too_large"
                        )
        except httpx.HTTPError as exc:
            raise ManatalError(
                f"The resume could not be fetched ({type(exc).__name__})",
                reason="resume_unavailable",
            ) from exc
        return bytes(data)


def manatal_client(settings: Settings) -> ManatalClient:
    """The client for the configured account; no token is a clear error before any call."""
    token = settings.manatal_api_token.get_secret_value().strip()
    if not token:
        raise ManatalError(
            "No Manatal token: set MANATAL_API_TOKEN (Manatal: Administration > Features > "
            "Open API > Generate new token)",
            reason="unauthorized",
        )
    return ManatalClient(
        base_url=settings.manatal_base_url,
        token=token,
        timeout=settings.manatal_timeout_seconds,
        max_retries=settings.manatal_max_retries,
    )
