"""Moving-window rate limits (the ``limits`` library), counted in process memory by default
or in Redis so that every copy of the app behind a load balancer shares them."""

import logging
import math
import time
from collections.abc import Callable

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import RedisStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

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


class RateLimiter:
    """Allows ``limit`` hits per ``window`` seconds per key; the next one raises RateLimited.

    When the store cannot be reached the limiter lets requests through and logs it: an
    outage of Redis must not take sign-in and applications down with it."""

    def __init__(self, name: str, limit: int, window: int, storage: Storage) -> None:
        self.name = name
        self.item: RateLimitItem = RateLimitItemPerSecond(limit, window)
        self.storage = storage
        self._limiter = MovingWindowRateLimiter(storage)

    def hit(self, key: str, message: str = DEFAULT_MESSAGE) -> None:
        if not self._call(self._limiter.hit, key):
            raise self._refusal(key, message)

    def check(self, key: str, message: str = DEFAULT_MESSAGE) -> None:
        """Raise RateLimited when ``key`` has no hits left, without using one (to count only
        failures: ``check`` first, ``hit`` when the attempt fails)."""
        if not self._call(self._limiter.test, key):
            raise self._refusal(key, message)

    def reset(self) -> None:
        """Forget every hit of this limiter's store (tests start each case with none)."""
        self.storage.reset()

    def _call(self, method: Callable[[RateLimitItem, str, str], bool], key: str) -> bool:
        try:
            return method(self.item, self.name, key)
        except Exception:
            log.exception("Rate-limit store unavailable; allowing %s", self.name)
            return True

    def _refusal(self, key: str, message: str) -> RateLimited:
        stats = self._limiter.get_window_stats(self.item, self.name, key)
        return RateLimited(message, retry_after=max(1, math.ceil(stats.reset_time - time.time())))
