"""Where a request's database work runs: a SQLite read on the event loop, everything that can
wait (writes, PostgreSQL, files, outside services) in a worker thread."""

import inspect
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from hiring.app import ROUTERS, create_app
from hiring.applications.routes import rate_limit
from hiring.auth import deps as auth_deps
from hiring.candidates import routes as candidate_routes
from hiring.config import Settings
from hiring.enrichment.routes import apollo_client
from hiring.http import ApiRoute, DbSession, api_router, database_only, ok
from hiring.storage.deps import get_storage
from tests.factories import make_candidate

# The threads anyio runs sync work in carry this name; the event loop's thread does not.
WORKER_THREAD = "AnyIO worker thread"


def _recording(calls: list[str], work: Callable[..., Any]) -> Callable[..., Any]:
    def record(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        return work(*args, **kwargs)

    return record


def test_a_sqlite_read_runs_on_the_event_loop_and_a_write_in_a_worker_thread(
    app: FastAPI, recruiter: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_candidate(recruiter, name="Ada Lovelace")
    lookups: list[str] = []
    pages: list[str] = []
    monkeypatch.setattr(auth_deps, "user_for_token", _recording(lookups, auth_deps.user_for_token))
    monkeypatch.setattr(
        candidate_routes, "find_candidates", _recording(pages, candidate_routes.find_candidates)
    )

    listed = recruiter.get("/api/candidates")
    assert listed.status_code == 200
    assert [c["name"] for c in listed.json()["data"]] == ["Ada Lovelace"]
    sqlite = app.state.engine.dialect.name == "sqlite"
    assert [name == WORKER_THREAD for name in lookups + pages] == [not sqlite, not sqlite]

    lookups.clear()
    assert recruiter.post("/api/candidates", json={"name": "Grace Hopper"}).status_code == 201
    # A writer's first statement takes SQLite's write lock, which may have to be waited for.
    assert lookups == [WORKER_THREAD]


def test_a_sqlite_read_goes_to_a_worker_thread_when_the_pool_has_no_idle_connection(
    app: FastAPI, recruiter: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the event loop, waiting for a connection could wait for ever: the requests holding
    them need the loop to finish."""
    if app.state.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL work always runs in worker threads")
    lookups: list[str] = []
    monkeypatch.setattr(auth_deps, "user_for_token", _recording(lookups, auth_deps.user_for_token))
    pool = app.state.engine.pool
    held = [pool.connect() for _ in range(pool.size() - pool.checkedout())]
    try:
        assert recruiter.get("/api/candidates").status_code == 200
    finally:
        for connection in held:
            connection.close()
    assert recruiter.get("/api/candidates").status_code == 200
    assert lookups[0] == WORKER_THREAD
    assert lookups[1] != WORKER_THREAD


@pytest.fixture
def probe(settings: Settings) -> Iterator[TestClient]:
    """An app with one database-only read and one unmarked read, both recording their thread."""
    app = create_app(settings)
    router = api_router("/probe")
    seen: dict[str, str] = {}

    @router.get("/marked")
    @database_only
    def marked(session: DbSession) -> dict:
        seen["marked"] = threading.current_thread().name
        return ok({})

    @router.get("/unmarked")
    def unmarked(session: DbSession) -> dict:
        seen["unmarked"] = threading.current_thread().name
        return ok({})

    app.include_router(router)
    app.state.seen = seen
    try:
        yield TestClient(app)
    finally:
        app.state.engine.dispose()


def test_only_a_database_only_endpoint_leaves_its_worker_thread(probe: TestClient) -> None:
    assert probe.get("/probe/marked").status_code == 200
    assert probe.get("/probe/unmarked").status_code == 200
    app: Any = probe.app
    sqlite = app.state.engine.dialect.name == "sqlite"
    assert app.state.seen["unmarked"] == WORKER_THREAD
    assert (app.state.seen["marked"] == WORKER_THREAD) is not sqlite


# Dependencies that reach past the database: a database-only endpoint may not use them.
OUTSIDE_DEPENDENCIES = {get_storage, apollo_client, rate_limit}


def _dependency_calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _dependency_calls(sub)


def test_a_database_only_endpoint_uses_no_outside_service() -> None:
    marked = [
        route
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and getattr(route.endpoint, "database_only", False)
    ]
    assert len(marked) >= 20
    for route in marked:
        assert isinstance(route, ApiRoute)
        assert route.methods <= {"GET"} or getattr(route.endpoint, "read_only", False), route.path
        calls = set(_dependency_calls(route.dependant))
        assert not calls & OUTSIDE_DEPENDENCIES, route.path
        # No Request either: through it an endpoint could reach the app's outside clients.
        parameters = inspect.signature(route.endpoint).parameters.values()
        assert Request not in {p.annotation for p in parameters}, route.path
