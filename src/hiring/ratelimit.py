"""A sliding-window rate limiter kept in process memory (one per app instance)."""

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from hiring.errors import RateLimited


class RateLimiter:
    """Allows ``limit`` hits per ``window`` seconds per key; the next one raises RateLimited."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, message: str = "Too many requests; try again later") -> None:
        now = self.clock()
        with self._lock:
            hits = self._window(key, now, message)
            hits.append(now)
            if len(self._hits) > 10_000:
                self._forget_idle(now)

    def check(self, key: str, message: str = "Too many requests; try again later") -> None:
        """Raise RateLimited when ``key`` has no hits left, without using one (to count only
        failures: ``check`` first, ``hit`` when the attempt fails)."""
        with self._lock:
            self._window(key, self.clock(), message)

    def _window(self, key: str, now: float, message: str) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            retry_after = max(1, math.ceil(hits[0] + self.window - now))
            raise RateLimited(message, retry_after=retry_after)
        return hits

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]
        for key in idle:
            del self._hits[key]

    def reset(self) -> None:
        """Forget every hit (tests start each case with an empty window)."""
        with self._lock:
            self._hits.clear()
