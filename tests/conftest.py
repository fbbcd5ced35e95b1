"""One app per test session (per xdist worker) on a database built by the migrations; each
test starts clean.

SQLite (a file in the worker's temp dir) always; PostgreSQL when HIRING_TEST_DATABASE_URL is
set, in a fresh schema of that database per worker, so parallel workers and runs never meet.
After every test that touched the shared database its tables are emptied and the personas
put back as they were; a test that needs an app of its own (extra routes, other settings)
takes ``fresh_app``, which builds one on a database of its own.
"""

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Table, create_engine, text

from hiring.app import create_app
from hiring.auth import service as auth
from hiring.auth.models import ApiToken, Role, User
from hiring.config import Settings
from hiring.db import make_engine, unit_of_work
from hiring.migrate import upgrade
from hiring.models import Base
from tests.fakes.receiver import FakeReceiver

PG_URL = os.environ.get("HIRING_TEST_DATABASE_URL")
# "gw0", "gw1"... under pytest-xdist; names this worker's schema and rate-limit keys.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
PASSWORD = "correct horse battery"
# Tables whose persona rows survive a reset (put back as they were after each test).
KEPT_TABLES = (User.__table__, ApiToken.__table__)
# Shared-database fixtures: a test that requests any of them is followed by a reset.
SHARED_FIXTURES = frozenset({"database_url", "shared_database", "settings", "app", "personas"})


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """Bytes parameters (generated documents: zip timestamps, random PDF ids) are named by
    their argument, not their content: every xdist worker must collect the same test ids."""
    if isinstance(val, bytes | bytearray):
        return argname
    return None


@dataclass
class Persona:
    email: str
    role: Role
    token: str
    user_id: str


def fresh_database_url(tmp_dir: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if not PG_URL:
        yield f"sqlite:///{tmp_dir / 'test.db'}"
        return
    schema = f"t_{WORKER}_{secrets.token_hex(6)}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # The migrations create the search extensions if missing: on a new database two
        # workers doing so at once collide, so the first one in creates them, locked.
        conn.execute(text("SELECT pg_advisory_lock(hashtext('hiring-test-extensions'))"))
        for extension in ("unaccent", "pg_trgm"):
            conn.execute(text(f"CREATE EXTENSION IF NOT EXISTS {extension} SCHEMA public"))
        conn.execute(text("SELECT pg_advisory_unlock(hashtext('hiring-test-extensions'))"))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{joiner}options={quote(f'-csearch_path={schema},public')}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def make_settings(database_url: str, files: Path, **overrides: Any) -> Settings:
    """Settings for a test app: no Apollo or Claude key, whatever the environment says (tests
    never reach real services), rate-limit keys of this worker's own, and jobs run at once."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "storage_url": f"file://{files}",
        "secret_key": secrets.token_urlsafe(32),
        "apollo_api_key": "",
        "anthropic_api_key": "",
        "rate_limit_key_prefix": f"hiring-test-{WORKER}-{secrets.token_hex(4)}",
        # Background jobs run at once inside the request that queues them, retries included.
        "queue_url": "memory://",
        "task_retry_delay_seconds": 0,
        # Webhooks go to receivers on 127.0.0.1 over http, retried without waiting.
        "webhooks_allow_http": True,
        "webhooks_allow_private": True,
        "webhook_retry_base_seconds": 0,
    }
    return Settings(**(values | overrides))


def create_personas(app: FastAPI) -> dict[str, Persona]:
    """An admin, a recruiter and a viewer, each with an API token."""
    found = {}
    with unit_of_work(app.state.sessions) as session:
        for role in Role:
            email = f"{role.value}@example.com"
            user = auth.create_user(session, email, PASSWORD, role)
            _token, plaintext = auth.create_token(session, user, "tests")
            found[role.value] = Persona(email, role, plaintext, user.id)
    return found


@dataclass
class SharedDatabase:
    """The session's database, with what each reset keeps (the personas' rows)."""

    engine: Engine
    files: Path
    kept: dict[Table, list[dict[str, Any]]] = field(default_factory=dict)

    def keep_current_rows(self) -> None:
        with self.engine.connect() as conn:
            self.kept = {
                t: [dict(r) for r in conn.execute(t.select()).mappings()] for t in KEPT_TABLES
            }

    def reset(self) -> None:
        """Empty every table, then put the kept rows back."""
        tables = list(reversed(Base.metadata.sorted_tables))
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Fail rather than hang when a test left a transaction open on a table.
                conn.execute(text("SET LOCAL lock_timeout = '10s'"))
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                # Row by row, so the search index's triggers keep its own tables in step.
                for table in tables:
                    conn.execute(table.delete())
            for table in KEPT_TABLES:
                if self.kept.get(table):
                    conn.execute(table.insert(), self.kept[table])
        for child in self.files.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from fresh_database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def shared_database(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SharedDatabase]:
    upgrade(database_url)
    shared = SharedDatabase(make_engine(database_url), tmp_path_factory.mktemp("files"))
    yield shared
    shared.engine.dispose()


@pytest.fixture(scope="session")
def settings(shared_database: SharedDatabase, database_url: str) -> Settings:
    return make_settings(database_url, shared_database.files)


@pytest.fixture(scope="session")
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture(scope="session")
def personas(app: FastAPI, shared_database: SharedDatabase) -> dict[str, Persona]:
    found = create_personas(app)
    shared_database.keep_current_rows()
    return found


@pytest.fixture(autouse=True)
def clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test that touched the shared database: empty it, forget rate-limit hits."""
    yield
    if not SHARED_FIXTURES.intersection(request.fixturenames):
        return
    request.getfixturevalue("shared_database").reset()
    if "app" in request.fixturenames:
        request.getfixturevalue("app").state.rate_limits.reset()


@dataclass
class FreshApp:
    """An app of the test's own on a database of its own, with the usual personas."""

    app: FastAPI
    settings: Settings
    personas: dict[str, Persona]

    def client(self, persona: str | None = None, **kwargs: Any) -> TestClient:
        token = self.personas[persona].token if persona else None
        return client_for(self.app, token, **kwargs)


@pytest.fixture
def fresh_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., FreshApp]]:
    """Builds apps on fresh databases (made by the migrations), each dropped after the test.
    Keyword arguments override the settings."""
    with ExitStack() as stack:

        def build(**overrides: Any) -> FreshApp:
            tmp = tmp_path_factory.mktemp("own")
            url = stack.enter_context(contextmanager(fresh_database_url)(tmp))
            upgrade(url)
            settings = make_settings(url, tmp / "files", **overrides)
            application = create_app(settings)
            stack.callback(application.state.engine.dispose)
            return FreshApp(application, settings, create_personas(application))

        yield build


def client_for(app: FastAPI, token: str | None = None, **kwargs: Any) -> TestClient:
    """A client that raises the server's exceptions: a test sees a bug's own traceback."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(app, headers=headers, **kwargs)


@pytest.fixture
def anon(app: FastAPI) -> TestClient:
    return client_for(app)


@pytest.fixture
def admin(app: FastAPI, personas: dict[str, Persona]) -> TestClient:
    return client_for(app, personas["admin"].token)


@pytest.fixture
def recruiter(app: FastAPI, personas: dict[str, Persona]) -> TestClient:
    return client_for(app, personas["recruiter"].token)


@pytest.fixture
def viewer(app: FastAPI, personas: dict[str, Persona]) -> TestClient:
    return client_for(app, personas["viewer"].token)


@pytest.fixture(scope="session")
def _receiver_server() -> Iterator[FakeReceiver]:
    server = FakeReceiver().start()
    yield server
    server.stop()


@pytest.fixture
def receiver(_receiver_server: FakeReceiver) -> Iterator[FakeReceiver]:
    """A webhook receiver on 127.0.0.1 (answers 200 unless scripted), empty at the start."""
    _receiver_server.reset()
    yield _receiver_server
    _receiver_server.reset()
