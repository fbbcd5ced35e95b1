"""Reading the event feed in tests."""

import time
from typing import Any

from fastapi.testclient import TestClient


def read_all(client: TestClient, at_least: int = 0, **params: Any) -> list[dict[str, Any]]:
    """Every event from the start. On PostgreSQL an event is handed out once no older
    transaction is running (another worker's may be, for a moment): wait for ``at_least``."""
    deadline = time.monotonic() + 10
    while True:
        response = client.get("/api/events", params={"limit": 200} | params)
        assert response.status_code == 200, response.text
        found = response.json()["data"]["events"]
        if len(found) >= at_least or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def of_type(found: list[dict[str, Any]], event_type: str) -> list[dict[str, Any]]:
    return [e for e in found if e["type"] == event_type]
