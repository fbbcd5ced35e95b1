"""The Apollo client is chosen from settings alone."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from hiring.config import Settings
from hiring.enrichment.client import ApolloClient, client_from_settings, retry_after_seconds


@pytest.mark.parametrize("variable", ["APOLLO_API_KEY", "HIRING_APOLLO_API_KEY"])
def test_api_key_is_read_from_either_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.delenv("APOLLO_API_KEY", raising=False)
    monkeypatch.delenv("HIRING_APOLLO_API_KEY", raising=False)
    monkeypatch.setenv(variable, "key-123")
    client = client_from_settings(Settings())
    assert isinstance(client, ApolloClient)
    client.close()


def test_no_api_key_means_no_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APOLLO_API_KEY", raising=False)
    monkeypatch.delenv("HIRING_APOLLO_API_KEY", raising=False)
    assert client_from_settings(Settings(apollo_api_key="  ")) is None


def test_retry_after_accepts_seconds_or_an_http_date() -> None:
    assert retry_after_seconds("3") == 3.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (retry_after_seconds(later) or 0) <= 30
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
