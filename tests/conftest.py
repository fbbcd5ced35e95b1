"""One app per test session on a database built by the migrations; each test starts clean.

SQLite (a file in a temp dir) always; PostgreSQL when HIRING_TEST_DATABASE_URL is set, in a
fresh schema of that database so parallel runs never meet.
"""

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from hiring.app import create_app
from hiring.auth import service as auth
from hiring.auth.models import ApiToken, Role, User
from hiring.config import Settings
from hiring.db import unit_of_work
from hiring.migrate import upgrade
from hiring.models import Base

PG_URL = os.environ.get("HIRING_TEST_DATABASE_URL")
KEPT_TABLES = {User.__tablename__, ApiToken.__tablename__}


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
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{joiner}options={quote(f'-csearch_path={schema},public')}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from fresh_database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    upgrade(database_url)
    files = tmp_path_factory.mktemp("files")
    # No Apollo or Claude key, whatever the environment says: tests never reach real services.
    return Settings(
        database_url=database_url,
        storage_url=f"file://{files}",
        secret_key=secrets.token_urlsafe(32),
        apollo_api_key="",
        anthropic_api_key="",
    )


@pytest.fixture(scope="session")
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture(scope="session")
def personas(app: FastAPI) -> dict[str, Persona]:
    found = {}
    with unit_of_work(app.state.sessions) as session:
        for role in Role:
            email = f"{role.value}@example.com"
            user = auth.create_user(session, email, "correct horse battery", role)
            _token, plaintext = auth.create_token(session, user, "tests")
            found[role.value] = Persona(email, role, plaintext, user.id)
    return found


def _reset(app: FastAPI, personas: dict[str, Persona]) -> None:
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    keep_users = [p.user_id for p in personas.values()]
    with app.state.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
        conn.execute(User.__table__.delete().where(User.id.not_in(keep_users)))
    app.state.rate_limits.reset()


@pytest.fixture(autouse=True)
def clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" in request.fixturenames:
        _reset(request.getfixturevalue("app"), request.getfixturevalue("personas"))


def _client(app: FastAPI, token: str | None) -> TestClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(app, headers=headers, raise_server_exceptions=False)


@pytest.fixture
def anon(app: FastAPI) -> TestClient:
    return _client(app, None)


@pytest.fixture
def admin(app: FastAPI, personas: dict[str, Persona]) -> TestClient:
    return _client(app, personas["admin"].token)


@pytest.fixture
def recruiter(app: FastAPI, personas: dict[str, Persona]) -> TestClient:
    return _client(app, personas["recruiter"].token)


@pytest.fixture
def viewer(app: FastAPI, personas: dict[str, Persona]) -> TestClient:
    return _client(app, personas["viewer"].token)
