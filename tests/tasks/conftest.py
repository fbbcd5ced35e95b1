from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from hiring.background import build_queue
from tests.enrichment.conftest import UseApollo, apollo_server, use_apollo
from tests.fakes.apollo import FakeApollo

__all__ = ["apollo_server", "use_apollo"]

RETRIES = 2


@pytest.fixture
def queue_apollo(app: FastAPI, use_apollo: UseApollo) -> Iterator[UseApollo]:
    """Point the app, and the queue's jobs, at the fake Apollo (``RETRIES`` retries, at once)."""
    previous = app.state.queue

    def configure(**overrides: object) -> FakeApollo:
        server = use_apollo(**overrides)
        settings = app.state.settings.model_copy(update={"task_retries": RETRIES})
        app.state.queue = build_queue(settings, app.state.sessions, app.state.apollo)
        return server

    yield configure
    app.state.queue = previous


@pytest.fixture
def apollo(queue_apollo: UseApollo) -> FakeApollo:
    return queue_apollo()
