"""Moving-window rate limits (the ``limits`` library), counted in process memory by default
or in Redis so that every copy of the app behind a load balancer shares them.

Every answer of a limited route tells the caller where they stand, as the IETF draft
(draft-ietf-httpapi-ratelimit-headers) and Greenhouse do: ``RateLimit-Limit``,
``RateLimit-Remaining``, ``RateLimit-Reset`` (seconds), and ``Retry-After`` on 429. A limiter
handed to a request reports each count into the request's scope; ``RateLimitHeaders`` writes
the last one onto the response, whatever produced it (an endpoint, a page, an error handler)."""

import copy
import logging
import math
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import RedisStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hiring.errors import RateLimited

log = logging.getLogger(__name__)
DEFAULT_MESSAGE = "Too many requests; try again later"


def make_counter_store(url: str, key_prefix: str) -> Storage:
    """The counters' store for ``url`` (``memory://``, ``redis://…``, ``rediss://…``)."""
    if url.startswith(("redis://", "rediss://")):
        return RedisStorage(url, key_prefix=key_prefix)
    store = storage_from_string(url)
    if not isinstance(store, Storage):
        raise ValueError(f"{url!r} names an asynchronous store; use memory:// or redis://")
    return store


QUOTA_KEY = "rate_limit_quota"


@dataclass(frozen=True)
class Quota:
    """Where a caller stands with one limit after a request."""

    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset_seconds).encode()),
        ]


def quota_recorder(scope: MutableMapping[str, Any]) -> Callable[[Quota], None]:
    """Keeps a request's latest quota in its scope, for ``RateLimitHeaders``."""

    def record(quota: Quota) -> None:
        scope.setdefault("state", {})[QUOTA_KEY] = quota

    return record


class RateLimitHeaders:
    """Adds the quota a request's limiter reported to its response (and Retry-After to a 429
    that has none)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_quota(message: Message) -> None:
            quota = scope.get("state", {}).get(QUOTA_KEY)
            if message["type"] == "http.response.start" and isinstance(quota, Quota):
                headers = list(message.get("headers", [])) + quota.headers()
                names = {name.lower() for name, _value in headers}
                if message["status"] == 429 and b"retry-after" not in names:
                    headers.append((b"retry-after", str(max(1, quota.reset_seconds)).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_quota)


class RateLimiter:
    """Allows ``limit`` hits per ``window`` seconds per key; the next one raises RateLimited.

    When the store cannot be reached the limiter lets requests through and logs it: an
    outage of Redis must not take sign-in and applications down with it."""

    def __init__(
        self,
        name: str,
        limit: int,
        window: int,
        storage: Storage,
        report: Callable[[Quota], None] | None = None,
    ) -> None:
        self.name = name
        self.item: RateLimitItem = RateLimitItemPerSecond(limit, window)
        self.storage = storage
        self._limiter = MovingWindowRateLimiter(storage)
        self.report = report

    def reporting_to(self, report: Callable[[Quota], None]) -> "RateLimiter":
        """This limiter (the same counters) telling ``report`` the quota after each count."""
        bound = copy.copy(self)
        bound.report = report
        return bound

    def hit(self, key: str, message: str = DEFAULT_MESSAGE) -> None:
        allowed = self._call(self._limiter.hit, key)
        quota = self._quota(key)
        if not allowed:
            raise self._refusal(quota, message)

    def check(self, key: str, message: str = DEFAULT_MESSAGE) -> None:
        """Raise RateLimited when ``key`` has no hits left, without using one (to count only
        failures: ``check`` first, ``hit`` when the attempt fails)."""
        allowed = self._call(self._limiter.test, key)
        quota = self._quota(key)
        if not allowed:
            raise self._refusal(quota, message)

    def reset(self) -> None:
        """Forget every hit of this limiter's store (tests start each case with none)."""
        self.storage.reset()

    def _call(self, method: Callable[[RateLimitItem, str, str], bool], key: str) -> bool:
        try:
            return method(self.item, self.name, key)
        except Exception:
            log.exception("Rate-limit store unavailable; allowing %s", self.name)
            return True

    def _quota(self, key: str) -> Quota | None:
        try:
            stats = self._limiter.get_window_stats(self.item, self.name, key)
        except Exception:
            log.exception("Rate-limit store unavailable; no quota for %s", self.name)
            return None
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        quota = Quota(self.item.amount, stats.remaining, reset)
        if self.report is not None:
            self.report(quota)
        return quota

    def _refusal(self, quota: Quota | None, message: str) -> RateLimited:
        return RateLimited(message, retry_after=max(1, quota.reset_seconds if quota else 1))
