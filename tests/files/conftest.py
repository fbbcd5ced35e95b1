"""Storage backends for the file tests: local disk, and S3 against moto's server on loopback."""

import secrets
import socket
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from fastapi import FastAPI
from moto.server import ThreadedMotoServer

from hiring.config import Settings
from hiring.storage import Source, Storage, StorageError, make_storage

BUCKET = "hiring-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3 HTTP API on loopback, with dummy credentials and one bucket."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"):
            env.delenv(name, raising=False)
        port = _free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        endpoint = f"http://127.0.0.1:{port}"
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
            Bucket=BUCKET
        )
        try:
            yield endpoint
        finally:
            server.stop()


def backend_settings(
    request: pytest.FixtureRequest, settings: Settings, backend: str, **extra: Any
) -> Settings:
    if backend == "local":
        root = request.getfixturevalue("tmp_path") / "files"
        return settings.model_copy(update={"storage_url": f"file://{root}", **extra})
    endpoint = request.getfixturevalue("s3_endpoint")
    # A fresh prefix per test keeps each test's objects apart in the shared bucket.
    url = f"s3://{BUCKET}/run-{secrets.token_hex(4)}"
    return settings.model_copy(update={"storage_url": url, "s3_endpoint_url": endpoint, **extra})


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, app: FastAPI, settings: Settings) -> Iterator[Storage]:
    """The app's storage, swapped by configuration, once per backend."""
    previous = app.state.storage
    app.state.storage = make_storage(backend_settings(request, settings, request.param))
    try:
        yield app.state.storage
    finally:
        app.state.storage = previous


class Failing:
    """A backend that fails on ``put`` (after reading some of the upload) or on ``delete``."""

    def __init__(self, inner: Storage, *, on: str) -> None:
        self.inner = inner
        self.on = on

    def put(self, key: str, source: Source, *, max_bytes: int, content_type: str) -> int:
        if self.on == "put":
            if hasattr(source, "read"):
                source.read(10)
            raise StorageError("injected put failure")
        return self.inner.put(key, source, max_bytes=max_bytes, content_type=content_type)

    def delete(self, key: str) -> None:
        if self.on == "delete":
            raise StorageError("injected delete failure")
        self.inner.delete(key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
