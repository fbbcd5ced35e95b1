"""Rate limits in process memory and in Redis (the server on 127.0.0.1:6379)."""

import os
import secrets
from collections.abc import Iterator

import pytest
from limits.storage import Storage

from hiring.errors import RateLimited
from hiring.ratelimit import RateLimiter, make_counter_store

REDIS_URL = "redis://127.0.0.1:6379/0"
# Keys of this xdist worker's own (and each test's own, by a random part after it).
PREFIX = f"hiring-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _redis_store() -> Storage:
    store = make_counter_store(REDIS_URL, f"{PREFIX}-{secrets.token_hex(4)}")
    if not store.check():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not answering on {REDIS_URL}")
        pytest.skip(f"Redis is not answering on {REDIS_URL}")
    return store


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[Storage]:
    memory = request.param == "memory"
    store = make_counter_store("memory://", "unused") if memory else _redis_store()
    yield store
    store.reset()


def test_the_hit_over_the_limit_is_refused_with_a_retry_after(store: Storage) -> None:
    limiter = RateLimiter("apply", 2, 60, store)
    limiter.hit("1.2.3.4")
    limiter.hit("1.2.3.4")
    with pytest.raises(RateLimited) as refused:
        limiter.hit("1.2.3.4", "Slow down")
    assert refused.value.message == "Slow down"
    assert 1 <= refused.value.retry_after <= 60
    limiter.hit("5.6.7.8")  # another key has its own window


def test_check_uses_no_hit_and_reset_forgets(store: Storage) -> None:
    limiter = RateLimiter("login", 1, 60, store)
    limiter.check("ann")
    limiter.check("ann")
    limiter.hit("ann")
    with pytest.raises(RateLimited):
        limiter.check("ann")
    limiter.reset()
    limiter.check("ann")


def test_limiters_with_other_names_count_apart(store: Storage) -> None:
    RateLimiter("apply", 1, 60, store).hit("ann")
    RateLimiter("enrich", 1, 60, store).hit("ann")
    with pytest.raises(RateLimited):
        RateLimiter("apply", 1, 60, store).hit("ann")


def test_copies_of_the_app_share_counters_in_redis() -> None:
    prefix = f"{PREFIX}-{secrets.token_hex(4)}"
    first, second = (make_counter_store(REDIS_URL, prefix) for _ in range(2))
    if not first.check():
        _redis_store()  # skips or fails with the reason
    try:
        RateLimiter("apply", 1, 60, first).hit("ann")
        with pytest.raises(RateLimited):
            RateLimiter("apply", 1, 60, second).hit("ann")
    finally:
        first.reset()


def test_an_unreachable_store_lets_requests_through(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RateLimiter("apply", 1, 60, make_counter_store("redis://127.0.0.1:1/0", "x"))
    limiter.hit("ann")
    limiter.hit("ann")
    assert "Rate-limit store unavailable" in caplog.text


def test_an_asynchronous_store_is_refused() -> None:
    with pytest.raises(ValueError, match="asynchronous"):
        make_counter_store("async+memory://", "x")
