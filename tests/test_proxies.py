"""Behind `hiring serve`, a client's address comes from X-Forwarded-For only when the request
comes from a proxy listed in HIRING_TRUSTED_PROXIES: anyone else could name any address and
escape the rate limits."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hiring.auth.models import Role
from hiring.auth.service import create_user
from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.jobs import service as jobs
from hiring.jobs.schemas import JobCreate
from hiring.migrate import upgrade

APPLIES_PER_MINUTE = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _served(tmp_path: Path, trusted: str) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'proxies.db'}"
    upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        user = create_user(session, "owner@example.com", "correct horse battery", Role.admin)
        job_id = jobs.create_job(session, JobCreate(title="Engineer"), user).id
    engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "HIRING_DATABASE_URL": url,
        "HIRING_STORAGE_URL": f"file://{tmp_path / 'files'}",
        "HIRING_SECRET_KEY": "x" * 32,
        "HIRING_PUBLIC_APPLY_PER_MINUTE": str(APPLIES_PER_MINUTE),
        "HIRING_RATE_LIMIT_STORAGE_URL": "memory://",
        "HIRING_TRUSTED_PROXIES": trusted,
    }
    command = [str(Path(sys.executable).parent / "hiring"), "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a busy machine starts a server slowly
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            server.kill()
            pytest.fail(f"the server did not start: {server.communicate()[1][-2000:]!r}")
        yield base, job_id
    finally:
        server.terminate()
        server.wait(timeout=20)


def _applies(base: str, job_id: str) -> list[int]:
    return [
        httpx.post(
            f"{base}/api/jobs/public/{job_id}/apply",
            json={"name": "Ann Lee", "email": f"ann{n}@example.com"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
            timeout=10,
        ).status_code
        for n in range(APPLIES_PER_MINUTE + 1)
    ]


def test_forwarded_addresses_from_an_untrusted_client_are_ignored(tmp_path: Path) -> None:
    for base, job_id in _served(tmp_path, trusted=""):
        assert _applies(base, job_id) == [201] * APPLIES_PER_MINUTE + [429]


def test_a_trusted_proxy_names_the_client(tmp_path: Path) -> None:
    for base, job_id in _served(tmp_path, trusted="127.0.0.1"):
        # Each request names another client, and the proxy is trusted to say so.
        assert _applies(base, job_id) == [201] * (APPLIES_PER_MINUTE + 1)
