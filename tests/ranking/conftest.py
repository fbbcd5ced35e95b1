from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from hiring.config import Settings
from hiring.ranking.claude import ClaudeReranker, reranker_from_settings
from tests.fakes.claude import API_KEY, FakeClaude

UseClaude = Callable[..., FakeClaude]


@pytest.fixture(scope="session")
def claude_server() -> Iterator[FakeClaude]:
    server = FakeClaude().start()
    yield server
    server.stop()


@pytest.fixture
def use_claude(app: FastAPI, claude_server: FakeClaude) -> Iterator[UseClaude]:
    """Point the app at the fake Claude through settings (short timeout, one retry)."""
    previous = app.state.reranker
    claude_server.reset()

    def configure(**overrides: Any) -> FakeClaude:
        values = {
            "database_url": app.state.settings.database_url,
            "anthropic_api_key": API_KEY,
            "anthropic_base_url": claude_server.base_url,
            "anthropic_timeout_seconds": 0.5,
            "anthropic_max_retries": 1,
        } | overrides
        app.state.reranker = reranker_from_settings(Settings(**values))
        return claude_server

    yield configure
    if isinstance(app.state.reranker, ClaudeReranker):
        app.state.reranker.close()
    app.state.reranker = previous


@pytest.fixture
def claude(use_claude: UseClaude) -> FakeClaude:
    return use_claude()
