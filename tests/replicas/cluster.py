"""The replica scenario's processes: `hiring serve` replicas (and a `hiring worker`) that share
one fresh PostgreSQL database, Redis (rate limits, the job queue), an S3 server (moto, on
loopback) and a fake Apollo, each process in a folder of its own so that nothing is shared
through the local disk by accident.

Everything is bounded: a replica that does not answer ``/healthz`` in time, or exits while
starting, fails the run with the end of its log; every process started here is stopped (its
whole process group) when the scenario ends, failed or not.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx
from limits.storage import RedisStorage
from moto.server import ThreadedMotoServer
from sqlalchemy import create_engine, make_url, text

from tests.fakes.apollo import API_KEY as APOLLO_KEY
from tests.fakes.apollo import FakeApollo

HIRING = str(Path(sys.executable).with_name("hiring"))
START_SECONDS = 60.0
STOP_SECONDS = 10.0
CLI_SECONDS = 120.0
REQUEST_SECONDS = 30.0
ADMIN_EMAIL = "admin@example.com"
# Variables of the developer's environment that would point a replica elsewhere.
FOREIGN_VARIABLES = re.compile(r"(HIRING_|AWS_|APOLLO_|ANTHROPIC_).*")
S3_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
S3_REGION = "us-east-1"
# The careers page's limit, set rather than taken from the default: the scenario counts on it.
APPLY_LIMIT = 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Member:
    """One process of the cluster (a replica or a worker), in its own process group, with
    its log in its own folder."""

    name: str
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def log(self) -> Path:
        return self.folder / f"{self.name}.log"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would: no shutdown, no goodbye to anyone."""
        self._signal(signal.SIGKILL)
        self.process.wait(STOP_SECONDS)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait(STOP_SECONDS)

    def _signal(self, signum: int) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)


@dataclass
class Replica(Member):
    """One `hiring serve` process."""

    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=REQUEST_SECONDS)

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"replica {self.name} exited ({self.process.returncode}) while starting:\n"
                    f"{self.log_tail()}"
                )
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"replica {self.name} did not answer /healthz in {START_SECONDS:.0f}s:\n"
            f"{self.log_tail()}"
        )


@dataclass
class Cluster:
    """The shared services, the replicas, the admin's token, and every write a replica
    acknowledged during the scenario (``acknowledged``: candidate id → name)."""

    env: dict[str, str] = field(repr=False)
    folder: Path
    bucket: str
    s3: Any = field(repr=False)
    apollo: FakeApollo = field(repr=False)
    admin_password: str = field(repr=False)
    admin_token: str = field(default="", repr=False)
    replicas: dict[str, Replica] = field(default_factory=dict)
    worker: Member | None = None
    acknowledged: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str) -> str:
        """Run a `hiring` command with the replicas' settings; its output."""
        done = subprocess.run(
            [HIRING, *args],
            env=self.env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=CLI_SECONDS,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"hiring {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, *names: str) -> list[Replica]:
        """Start (or start again, on their old ports) the replicas ``names``, side by side."""
        started = [self._launch(name) for name in names]
        for replica in started:
            replica.wait_until_serving()
        return started

    def _launch(self, name: str) -> Replica:
        previous = self.replicas.get(name)
        port = previous.port if previous else free_port()
        command = ["serve", "--host", "127.0.0.1", "--port", str(port)]
        self.replicas[name] = Replica(name, *self._spawn(name, command), port=port)
        return self.replicas[name]

    def start_worker(self) -> Member:
        """Start a `hiring worker` process on the shared queue (stopped with the replicas)."""
        self.worker = Member("worker", *self._spawn("worker", ["worker"]))
        return self.worker

    def _spawn(self, name: str, command: list[str]) -> tuple[Path, subprocess.Popen[bytes]]:
        folder = self.folder / name
        folder.mkdir(exist_ok=True)
        with (folder / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(
                [HIRING, *command],
                env=self.env,
                cwd=folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return folder, process

    def stop_all(self) -> None:
        for member in [*self.replicas.values(), *([self.worker] if self.worker else [])]:
            member.stop()

    def client(self, name: str) -> httpx.Client:
        """A client of replica ``name`` signed in with the admin's API token."""
        return self.replicas[name].client(self.admin_token)

    def create_candidate(self, replica: str, **fields: Any) -> dict[str, Any]:
        """Create a candidate through ``replica``; kept in ``acknowledged`` once answered 201."""
        with self.client(replica) as client:
            response = client.post("/api/candidates", json=fields)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()["data"]
        self.acknowledged[created["id"]] = created["name"]
        return created


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new PostgreSQL database on the server of ``server_url``, dropped afterwards."""
    name = f"hiring_replicas_{secrets.token_hex(6)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3 API on a loopback port; its endpoint URL."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@contextmanager
def fake_apollo() -> Iterator[FakeApollo]:
    server = FakeApollo().start()
    try:
        yield server
    finally:
        server.stop()


def replica_environment(
    database_url: str, redis_url: str, s3_endpoint: str, bucket: str, apollo: FakeApollo
) -> dict[str, str]:
    """What every replica is given: the same settings, as a deployment would."""
    env = {k: v for k, v in os.environ.items() if not FOREIGN_VARIABLES.fullmatch(k)}
    return env | {
        "HIRING_DATABASE_URL": database_url,
        "HIRING_STORAGE_URL": f"s3://{bucket}/files",
        "HIRING_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": S3_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": S3_CREDENTIALS["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": S3_REGION,
        "HIRING_SECRET_KEY": secrets.token_urlsafe(48),
        "HIRING_RATE_LIMIT_STORAGE_URL": redis_url,
        "HIRING_RATE_LIMIT_KEY_PREFIX": f"hiring-replicas-{secrets.token_hex(6)}",
        # The job queue in Redis: the replicas only queue, `hiring worker` runs the jobs.
        "HIRING_QUEUE_URL": redis_url,
        "HIRING_QUEUE_NAME": f"hiring-replicas-{secrets.token_hex(6)}",
        "HIRING_PUBLIC_APPLY_PER_MINUTE": str(APPLY_LIMIT),
        "HIRING_APOLLO_BASE_URL": apollo.base_url,
        "HIRING_APOLLO_API_KEY": APOLLO_KEY,
        "HIRING_APOLLO_TIMEOUT_SECONDS": "5",
        "HIRING_LOG_LEVEL": "WARNING",
    }


def check_redis(redis_url: str) -> None:
    if not RedisStorage(redis_url).check():
        raise RuntimeError(f"Redis is not answering on {redis_url}")


@contextmanager
def running_cluster(
    postgres_server_url: str, redis_url: str, folder: Path, names: tuple[str, ...] = ("A", "B")
) -> Iterator[Cluster]:
    """The shared services, a migrated database with an admin, and the replicas ``names``."""
    check_redis(redis_url)
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database(postgres_server_url))
        s3_endpoint = stack.enter_context(s3_server())
        apollo = stack.enter_context(fake_apollo())
        bucket = f"hiring-replicas-{secrets.token_hex(6)}"
        s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name=S3_REGION, **S3_CREDENTIALS)
        s3.create_bucket(Bucket=bucket)
        cluster = Cluster(
            env=replica_environment(database_url, redis_url, s3_endpoint, bucket, apollo),
            folder=folder,
            bucket=bucket,
            s3=s3,
            apollo=apollo,
            admin_password=secrets.token_urlsafe(16),
        )
        # Stopped before the database is dropped (the stack unwinds in reverse).
        stack.callback(cluster.stop_all)
        cluster.cli("db", "upgrade")
        cluster.cli(
            "users", "create", ADMIN_EMAIL, "--password", cluster.admin_password, "--role", "admin"
        )
        cluster.admin_token = cluster.cli("tokens", "create", ADMIN_EMAIL).strip().splitlines()[-1]
        cluster.start(*names)
        yield cluster
