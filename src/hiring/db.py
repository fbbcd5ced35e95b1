"""Engine, sessions and the declarative base shared by every domain's models."""

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    MetaData,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect, Row
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from hiring.errors import NotFound

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# How long a SQLite writer waits for the lock before its request is answered 503.
SQLITE_BUSY_TIMEOUT_SECONDS = 10.0
# Up to 2 GiB of the file mapped (the most the bundled SQLite allows) and 64 MiB of page
# cache per connection.
SQLITE_MMAP_BYTES = 2 << 30
SQLITE_CACHE_KIB = 64 << 10
# A connection kept for every request thread (the thread pool's default size is 40): the
# default pool of 5 closed and reopened connections under load, each paying the PRAGMAs above.
SQLITE_POOL_SIZE = 40
# PostgreSQL connections per process: requests take turns for all but a few of them
# (hiring.http.Turns), which stay for the use cases' own short units of work.
PG_POOL_SIZE = 10
PG_POOL_OVERFLOW = 20
PG_REQUEST_CONNECTIONS = PG_POOL_SIZE + PG_POOL_OVERFLOW - 5
PG_BUILD_MEMORY = "512MB"
# PostgreSQL: lists count their matches exactly up to this many, then take the planner's
# estimate (the setting count_exact_up_to; an execution option of the engine).
COUNT_EXACT_UP_TO = 10_000
COUNT_EXACT_OPTION = "count_exact_up_to"
ModelT = TypeVar("ModelT", bound="Base")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        # SQLite compares datetimes as text: store one naive UTC format so ranges sort right.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSONType, list[str]: JSONType}


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted content is overwritten with zeros, so an erased person's data does not linger in
    # free pages of the file (see hiring.privacy).
    cursor.execute("PRAGMA secure_delete=ON")
    # Reads straight from the mapped file instead of a read() per page into a 2 MB cache:
    # scans of a large candidates table cost a third less CPU and no system time.
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def _configure_postgresql(dbapi_connection: Any, _record: Any) -> None:
    # JIT compiling pays off for long analytic queries, not for a page of candidates: on a
    # search over a million rows the planner's costs turned it on and it cost more than the
    # query itself.
    dbapi_connection.execute("SET jit = off")
    # A request is one core's work: parallel workers for a page of candidates paid off only
    # on an idle server, and under concurrent requests competed with them for the same cores
    # (see benchmarks/README.md).
    dbapi_connection.execute("SET max_parallel_workers_per_gather = 0")
    dbapi_connection.commit()


def _begin(conn: Any) -> None:
    # Writers take the lock when their transaction starts, so two writers queue on
    # busy_timeout instead of failing with "database is locked" on a lock upgrade;
    # readers stay deferred so WAL lets them run beside a writer.
    mode = "IMMEDIATE" if conn.get_execution_options().get("sqlite_write", False) else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def json_text(value: Any) -> str:
    """A JSON column's text, by orjson; by the standard library for what orjson refuses
    (integers beyond 64 bits, keys that are not text)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)


def make_engine(
    url: str,
    *,
    echo: bool = False,
    busy_timeout_seconds: float = SQLITE_BUSY_TIMEOUT_SECONDS,
    count_exact_up_to: int = COUNT_EXACT_UP_TO,
) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout and ordered writes.

    JSON columns (skills, tags, languages...) are read and written with orjson: a list page
    decodes hundreds of them, where the standard library's decoder was a sixth of its time,
    and a bulk load encodes millions."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            # pysqlite's timeout is SQLite's busy timeout: how long a writer waits for the lock.
            connect_args={"check_same_thread": False, "timeout": busy_timeout_seconds},
            json_deserializer=orjson.loads,
            json_serializer=json_text,
            pool_size=SQLITE_POOL_SIZE,
        )
        # Let SQLAlchemy, not pysqlite, issue BEGIN (the documented pysqlite recipe).
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(
            engine, "connect", lambda dbapi_conn, _rec: setattr(dbapi_conn, "isolation_level", None)
        )
        event.listen(engine, "begin", _begin)
        return engine
    engine = create_engine(
        url,
        echo=echo,
        json_deserializer=orjson.loads,
        json_serializer=json_text,
        # The candidate queries read it (hiring.candidates.query.count_candidates).
        execution_options={COUNT_EXACT_OPTION: count_exact_up_to},
        pool_pre_ping=True,
        pool_size=PG_POOL_SIZE,
        max_overflow=PG_POOL_OVERFLOW,
    )
    event.listen(engine, "connect", _configure_postgresql)
    return engine


def tune_for_index_builds(connection: Connection) -> None:
    """PostgreSQL: more memory for the index builds of this transaction (after a bulk load,
    each index is built in one sorted pass; the default 64 MB spills a million candidates'
    entries to disk)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{PG_BUILD_MEMORY}'")


# The session-factory setting candidates' phone keys are read with (see candidates.identity).
PHONE_REGION = "phone_region"


def make_session_factory(
    engine: Engine, *, phone_region: str | None = None
) -> sessionmaker[Session]:
    return sessionmaker(
        bind=engine, expire_on_commit=False, autoflush=True, info={PHONE_REGION: phone_region}
    )


def open_session(factory: sessionmaker[Session], *, write: bool) -> Session:
    """A session whose transaction announces whether it will write (SQLite locks early)."""
    engine = factory.kw["bind"]
    return factory(bind=engine.execution_options(sqlite_write=write))


def end_unit_of_work(session: Session, *, succeeded: bool) -> None:
    """Commit (or, after an error, roll back) and close; a failed commit is rolled back."""
    try:
        if succeeded:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def unit_of_work(factory: sessionmaker[Session], *, write: bool = True) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error (CLI and background use)."""
    session = open_session(factory, write=write)
    try:
        yield session
    except BaseException:
        end_unit_of_work(session, succeeded=False)
        raise
    end_unit_of_work(session, succeeded=True)


def as_dicts(rows: Sequence[Row[Any]]) -> list[dict[str, Any]]:
    """The rows of one result as dicts. ``Row._asdict`` works out the keys again for every
    row: a page of 50 candidates took 0.3 ms that way, 0.08 this way."""
    if not rows:
        return []
    keys = rows[0]._fields
    return [dict(zip(keys, row, strict=True)) for row in rows]


def fetch_page(
    session: Session,
    model: type[ModelT],
    where: Sequence[ColumnElement[bool]],
    order: Sequence[Any],
    *,
    limit: int,
    offset: int = 0,
) -> tuple[list[ModelT], int]:
    """One page of ``model`` rows matching every condition, and how many match in all."""
    rows = session.scalars(select(model).where(*where).order_by(*order).limit(limit).offset(offset))
    total = session.scalar(select(func.count()).select_from(model).where(*where)) or 0
    return list(rows), total


def fetch_by_id(
    session: Session, model: type[ModelT], row_id: str, *, what: str, for_update: bool = False
) -> ModelT:
    """The row with this id (locked for update when asked), or NotFound naming ``what``."""
    query = select(model).where(model.id == row_id)  # type: ignore[attr-defined]
    if for_update:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise NotFound(f"No such {what}")
    return row
