"""The Apollo API as the enrichment service needs it: one Protocol, one httpx implementation."""

import email.utils
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx

from hiring.config import Settings

log = logging.getLogger("hiring.enrichment")

BULK_LIMIT = 10
MAX_ANSWER_BYTES = 2_000_000
# Apollo's usage headers name three fixed windows; a window at zero blocks for its length.
WINDOWS = {"minute": 60.0, "hourly": 3600.0, "daily": 86400.0}
NOT_FOUND_STATUSES = (404, 422)
NO_REVEAL = {"reveal_personal_emails": False, "reveal_phone_number": False}


class ApolloError(Exception):
    """A call that did not give an answer. ``retryable`` says whether trying later can help."""

    def __init__(
        self, message: str, *, reason: str, retryable: bool, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.retryable = retryable
        self.status = status


class Apollo(Protocol):
    """Apollo's enrichment endpoints. Answers are structurally checked, not yet trusted."""

    def match_person(self, identifiers: dict[str, str]) -> object:
        """The raw ``person`` of ``POST /people/match`` (None when nothing matched)."""
        ...

    def bulk_match(self, details: list[dict[str, str]]) -> list[object]:
        """Raw ``matches`` of ``POST /people/bulk_match``, aligned with ``details`` (≤ 10)."""
        ...

    def enrich_organization(self, domain: str) -> object:
        """The raw ``organization`` of ``GET /organizations/enrich`` (None when unknown)."""
        ...


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _status_error(response: httpx.Response) -> ApolloError:
    status = response.status_code
    if status in (401, 403):
        return ApolloError(
            f"Apollo refused the API key (HTTP {status}); check APOLLO_API_KEY",
            reason="unauthorized",
            retryable=False,
        )
    if status == 429:
        return ApolloError(
            "Apollo's rate limit is reached; try again later", reason="rate_limited", retryable=True
        )
    if status >= 500:
        return ApolloError(
            f"Apollo had an error (HTTP {status}); try again later",
            reason="apollo_error",
            retryable=True,
        )
    return ApolloError(
        f"Apollo refused the request (HTTP {status})",
        reason="rejected",
        retryable=False,
        status=status,
    )


class ApolloClient:
    """Talks to Apollo over httpx: a timeout on every call, retries with backoff on 429 and
    5xx (honouring ``retry-after``, within a total wait budget), and no call at all once a
    usage header says a rate-limit window is used up."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        timeout: float,
        max_retries: int = 2,
        backoff: float = 1.0,
        max_wait: float = 20.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"X-Api-Key": api_key, "Accept": "application/json"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        )
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._blocked_until = 0.0
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def _block_for(self, seconds: float) -> None:
        with self._lock:
            self._blocked_until = max(self._blocked_until, self._clock() + seconds)

    def _check_window(self) -> None:
        with self._lock:
            blocked = self._clock() < self._blocked_until
        if blocked:
            raise ApolloError(
                "Apollo's rate-limit window is used up; try again later",
                reason="rate_limited",
                retryable=True,
            )

    def _note_usage(self, headers: httpx.Headers) -> None:
        for window, seconds in WINDOWS.items():
            left = headers.get(f"x-{window}-requests-left")
            if left is not None and left.strip().lstrip("-").isdigit() and int(left) <= 0:
                log.warning("Apollo %s window used up; pausing enrichment", window)
                self._block_for(seconds)

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise ApolloError(
                "Apollo did not answer in time", reason="timeout", retryable=True
            ) from exc
        except httpx.HTTPError as exc:
            raise ApolloError(
                "Apollo could not be reached", reason="unreachable", retryable=True
            ) from exc

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """The JSON object Apollo answered, after any retries the budget allows."""
        waited = 0.0
        attempt = 0
        while True:
            self._check_window()
            response = self._send(method, path, **kwargs)
            self._note_usage(response.headers)
            if response.status_code < 400:
                return self._json(response)
            error = _status_error(response)
            if not error.retryable:
                raise error
            delay = retry_after_seconds(response.headers.get("retry-after"))
            if delay is None:
                delay = self.backoff * 2**attempt
            if attempt >= self.max_retries or waited + delay > self.max_wait:
                if response.status_code == 429:
                    self._block_for(delay)
                raise error
            self._sleep(delay)
            waited += delay
            attempt += 1

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        bad = ApolloError(
            "Apollo answered with something unreadable", reason="bad_response", retryable=False
        )
        if len(response.content) > MAX_ANSWER_BYTES:
            raise bad
        try:
            answer = response.json()
        except ValueError as exc:
            raise bad from exc
        if not isinstance(answer, dict):
            raise bad
        return answer

    def match_person(self, identifiers: dict[str, str]) -> object:
        return self._request("POST", "/people/match", json=identifiers | NO_REVEAL).get("person")

    def bulk_match(self, details: list[dict[str, str]]) -> list[object]:
        if not 1 <= len(details) <= BULK_LIMIT:
            raise ValueError(f"bulk_match takes 1 to {BULK_LIMIT} records")
        answer = self._request("POST", "/people/bulk_match", json={"details": details} | NO_REVEAL)
        matches = answer.get("matches")
        failed = answer.get("status") not in (None, "success") or answer.get("error_code")
        if failed or not isinstance(matches, list) or len(matches) < len(details):
            raise ApolloError(
                "Apollo's bulk answer is not usable", reason="bad_response", retryable=False
            )
        # Entries beyond what was asked for match nothing we sent: ignored.
        return matches[: len(details)]

    def enrich_organization(self, domain: str) -> object:
        try:
            answer = self._request("GET", "/organizations/enrich", params={"domain": domain})
        except ApolloError as exc:
            # Apollo may answer an unknown domain with 404 or 422 instead of a null organization.
            if exc.status in NOT_FOUND_STATUSES:
                return None
            raise
        return answer.get("organization")


def client_from_settings(settings: Settings) -> Apollo | None:
    """The Apollo client the app uses, or None when no API key is configured."""
    key = settings.apollo_api_key.get_secret_value().strip()
    if not key:
        return None
    return ApolloClient(
        base_url=settings.apollo_base_url,
        api_key=key,
        timeout=settings.apollo_timeout_seconds,
        max_retries=settings.apollo_max_retries,
        backoff=settings.apollo_backoff_seconds,
        max_wait=settings.apollo_max_wait_seconds,
    )
