import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import Workbook

from hiring.background import build_queue

IMPORTS = "/api/imports/candidates"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[Any]], *, blank_rows_above: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(blank_rows_above):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def send(
    client: TestClient,
    content: bytes,
    name: str = "people.csv",
    *,
    mapping: dict[str, str | None] | None = None,
    **form: Any,
) -> Any:
    data = {
        key: str(value).lower() if isinstance(value, bool) else value for key, value in form.items()
    }
    if mapping is not None:
        data["mapping"] = json.dumps(mapping)
    return client.post(IMPORTS, files={"file": (name, content)}, data=data)


def report_of(client: TestClient, content: bytes, name: str = "people.csv", **form: Any) -> dict:
    """Import ``content`` in the request; its report."""
    response = send(client, content, name, **form)
    assert response.status_code == 200, response.text
    report: dict = response.json()["data"]["report"]
    return report


def candidates(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get(
        "/api/candidates", params={"limit": 200, "sort": "name"} | params
    ).json()["data"]
    return found


ImportSettings = Callable[..., None]


@pytest.fixture
def import_settings(app: FastAPI) -> Iterator[ImportSettings]:
    """Change the app's settings (and its queue's) for one test."""
    settings, queue = app.state.settings, app.state.queue

    def change(**overrides: Any) -> None:
        changed = settings.model_copy(update=overrides)
        app.state.settings = changed
        app.state.queue = build_queue(changed, app.state.sessions, app.state.apollo)

    yield change
    app.state.settings, app.state.queue = settings, queue


@pytest.fixture
def in_background(import_settings: ImportSettings) -> None:
    """Files of more than two rows import in the background, two rows a batch."""
    import_settings(import_background_rows=2, import_batch_rows=2)
