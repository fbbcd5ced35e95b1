from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from hiring.config import Settings
from hiring.enrichment.client import client_from_settings
from tests.fakes.apollo import API_KEY, FakeApollo

UseApollo = Callable[..., FakeApollo]


@pytest.fixture(scope="session")
def apollo_server() -> Iterator[FakeApollo]:
    server = FakeApollo().start()
    yield server
    server.stop()


@pytest.fixture
def use_apollo(app: FastAPI, apollo_server: FakeApollo) -> Iterator[UseApollo]:
    """Point the app at the fake Apollo through settings (fast timeouts and backoff)."""
    previous = app.state.apollo
    apollo_server.reset()

    def configure(**overrides: Any) -> FakeApollo:
        values = {
            "database_url": app.state.settings.database_url,
            "apollo_base_url": apollo_server.base_url,
            "apollo_api_key": API_KEY,
            "apollo_timeout_seconds": 0.5,
            "apollo_backoff_seconds": 0.01,
            "apollo_max_wait_seconds": 2.0,
        } | overrides
        app.state.apollo = client_from_settings(Settings(**values))
        return apollo_server

    yield configure
    if app.state.apollo is not None:
        app.state.apollo.close()
    app.state.apollo = previous


@pytest.fixture
def apollo(use_apollo: UseApollo) -> FakeApollo:
    return use_apollo()
