"""The queue as the embedded default runs it: a SQLite file beside the database and a
consumer inside the server; and which queue each setting picks."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from huey import MemoryHuey, RedisHuey, SqliteHuey

from hiring.config import Settings
from hiring.tasks.queue import make_huey
from tests.conftest import FreshApp, client_for
from tests.fakes.apollo import API_KEY, FakeApollo

# A bound on waiting for the consumer, not a speed expectation.
WAIT_SECONDS = 60.0
HIRING = str(Path(sys.executable).with_name("hiring"))


def _finished(client: TestClient, task: dict[str, Any]) -> dict[str, Any]:
    """The task once it has ended, or as it stands after ``WAIT_SECONDS``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while task["status"] not in ("succeeded", "failed") and time.monotonic() < deadline:
        time.sleep(0.1)
        task = client.get(f"/api/tasks/{task['id']}").json()["data"]
    return task


def test_the_server_runs_queued_jobs_itself_on_the_embedded_default(
    fresh_app: Callable[..., FreshApp], apollo_server: FakeApollo, tmp_path: Path
) -> None:
    apollo_server.reset()
    built = fresh_app(
        queue_url=f"sqlite:///{tmp_path / 'queue.db'}",
        apollo_base_url=apollo_server.base_url,
        apollo_api_key=API_KEY,
    )
    assert built.settings.runs_jobs_in_process
    token = built.personas["recruiter"].token
    with client_for(built.app, token) as client:  # runs the lifespan: the consumer starts
        created = client.post("/api/candidates", json={"name": "Kai", "email": "kai@example.com"})
        assert created.status_code == 201
        queued = client.post("/api/candidates/enrich-all", json={"filters": {}})
        assert queued.status_code == 202, queued.text
        task = _finished(client, queued.json()["data"])
    assert (task["status"], task["attempts"], task["progress"]) == ("succeeded", 1, {"missed": 1})
    assert (tmp_path / "queue.db").exists()


def test_hiring_worker_runs_the_jobs_a_server_queued(
    fresh_app: Callable[..., FreshApp], apollo_server: FakeApollo, tmp_path: Path
) -> None:
    apollo_server.reset()
    shared = {
        "queue_url": f"sqlite:///{tmp_path / 'queue.db'}",
        "apollo_base_url": apollo_server.base_url,
        "apollo_api_key": API_KEY,
    }
    built = fresh_app(queue_in_process=False, **shared)
    client = built.client("recruiter")
    client.post("/api/candidates", json={"name": "Kai", "email": "kai@example.com"})
    queued = client.post("/api/candidates/enrich-all", json={"filters": {}})
    assert queued.json()["data"]["status"] == "queued"  # no consumer in this server
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIRING_", "APOLLO_"))}
    env |= {f"HIRING_{k.upper()}": v for k, v in shared.items()}
    env |= {
        "HIRING_DATABASE_URL": built.settings.database_url,
        "HIRING_QUEUE_NAME": built.settings.queue_name,
    }
    with (tmp_path / "worker.log").open("wb") as log:
        worker = subprocess.Popen(
            [HIRING, "worker", "--workers", "1"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        task = _finished(client, queued.json()["data"])
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(WAIT_SECONDS)
    assert (task["status"], task["progress"]) == ("succeeded", {"missed": 1})
    assert worker.returncode == 0, (tmp_path / "worker.log").read_text()


@pytest.mark.parametrize(
    ("values", "kind", "in_process"),
    [
        ({"queue_url": "memory://"}, MemoryHuey, False),
        ({"queue_url": "redis://127.0.0.1:6379/0"}, RedisHuey, False),
        ({"queue_url": "redis://127.0.0.1:6379/0", "queue_in_process": True}, RedisHuey, True),
        ({}, SqliteHuey, True),
    ],
)
def test_each_setting_picks_its_queue(
    values: dict[str, object], kind: type, in_process: bool, tmp_path: Path
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'hiring.db'}", **values)
    assert isinstance(make_huey(settings), kind)
    assert settings.runs_jobs_in_process is in_process


def test_the_embedded_queue_lives_beside_the_database(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'hiring.db'}", queue_url="")
    assert settings.queue_path() == tmp_path / "hiring-queue.db"
    elsewhere = Settings(database_url="postgresql+psycopg://db/hiring", queue_url="")
    assert elsewhere.queue_path() == Path("var") / "queue.db"


def test_an_unknown_queue_url_is_refused() -> None:
    with pytest.raises(ValueError, match="queue_url"):
        Settings(queue_url="amqp://broker")
