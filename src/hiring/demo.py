"""Demo data loaded into the database: rows from ``hiring.demo_rows``, inserted in batches
(PostgreSQL: with COPY). A large load makes its rows in another process while this one writes
them, with the search index and secondary indexes built once afterwards.
"""

import multiprocessing
import queue
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, insert, select, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.schema import AddConstraint, DropConstraint

from hiring.activities.models import Activity
from hiring.candidates import search_index
from hiring.candidates.models import Candidate, CandidateLabel
from hiring.crm.models import Company, Contact
from hiring.db import json_text, tune_for_index_builds, unit_of_work
from hiring.demo_rows import DEMO_ACTOR, Batch, batches, start_of_today
from hiring.jobs.models import Job
from hiring.notes.models import Note
from hiring.pipeline.models import Assignment
from hiring.placements.models import Placement
from hiring.referrals.models import Referral
from hiring.segments.models import CandidateSegment

TABLES: dict[str, Table] = {
    "jobs": Job.__table__,  # type: ignore[dict-item]
    "candidates": Candidate.__table__,  # type: ignore[dict-item]
    "assignments": Assignment.__table__,  # type: ignore[dict-item]
    "placements": Placement.__table__,  # type: ignore[dict-item]
    "referrals": Referral.__table__,  # type: ignore[dict-item]
    "notes": Note.__table__,  # type: ignore[dict-item]
    "activities": Activity.__table__,  # type: ignore[dict-item]
    "companies": Company.__table__,  # type: ignore[dict-item]
    "contacts": Contact.__table__,  # type: ignore[dict-item]
    "segments": CandidateSegment.__table__,  # type: ignore[dict-item]
}
BATCH = 5_000
# Batches made ahead of the inserts, when another process makes them.
BATCHES_AHEAD = 4


def _tune_for_bulk_load(connection: Connection) -> None:
    """A large page cache: index inserts with random ids stop waiting on the disk."""
    if connection.dialect.name == "sqlite":
        connection.execute(text("PRAGMA cache_size=-262144"))


@dataclass(frozen=True)
class CopyRows:
    """Rows as COPY takes them: the values of each in ``names``' order, JSON as its text and
    dates as ISO 8601 text, which PostgreSQL reads as it reads psycopg's own. Plain strings and
    numbers also cross from the process making the rows several times cheaper than dicts
    of dates do."""

    names: list[str]
    values: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.values)


# A batch as inserted: each table's rows as made, or ready for COPY.
Made = Mapping[str, "list[dict[str, Any]] | CopyRows"]
# The tables the process making a large load's rows hands over ready for COPY (the others
# are a few rows, and the segments are checked against those saved before).
COPIED_BY_MAKER = frozenset(
    {"candidates", "assignments", "placements", "referrals", "notes", "activities"}
)


def copy_rows(table: Table, rows: list[dict[str, Any]]) -> CopyRows:
    """``rows`` (dicts with the first row's keys) for COPY into ``table``."""
    names = list(rows[0])
    values_of = itemgetter(*names)
    as_json = [i for i, name in enumerate(names) if isinstance(table.c[name].type, JSON)]
    # Dates known by their values: the columns' type decorators do not say what they hold.
    firsts = [next((row[name] for row in rows if row[name] is not None), None) for name in names]
    as_text = [i for i, first in enumerate(firsts) if isinstance(first, date)]
    values = []
    for row in rows:
        value = list(values_of(row))
        for i in as_json:
            if value[i] is not None:
                value[i] = json_text(value[i])
        for i in as_text:
            if value[i] is not None:
                value[i] = value[i].isoformat()
        values.append(tuple(value))
    return CopyRows(names, values)


def _copy(connection: Connection, table: Table, rows: CopyRows) -> None:
    """PostgreSQL: ``rows`` into ``table`` with COPY, in the connection's transaction (several
    times faster than a multi-row INSERT: no statement to parse, no parameters to bind)."""
    columns = ", ".join(f'"{name}"' for name in rows.names)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for values in rows.values:
            copy.write_row(values)


def _unsaved_segments(connection: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The segments whose names are free: segment names are unique, and a second demo load
    into the same database keeps the segments the first one saved."""
    taken = set(
        connection.scalars(
            select(CandidateSegment.name).where(
                CandidateSegment.name.in_([row["name"] for row in rows])
            )
        )
    )
    return [row for row in rows if row["name"] not in taken]


def insert_batches(
    session: Session,
    made: Iterable[Made],
    *,
    progress: Callable[[int], None] | None = None,
    commit_batches: bool = False,
) -> dict[str, int]:
    """Insert every batch; how many rows went into each table. ``progress`` is called with
    each batch's number of candidates. ``commit_batches`` commits after every batch (large
    loads: a small write-ahead log, and an interrupted load keeps what it wrote); otherwise
    the caller's transaction holds everything."""
    counts = dict.fromkeys(TABLES, 0)
    _tune_for_bulk_load(session.connection())
    for batch in made:
        connection = session.connection()
        if isinstance(segments := batch.get("segments"), list) and segments:
            batch = {**batch, "segments": _unsaved_segments(connection, segments)}
        for key, table in TABLES.items():
            if rows := batch.get(key):
                if isinstance(rows, CopyRows):
                    _copy(connection, table, rows)
                elif connection.dialect.name == "postgresql":
                    _copy(connection, table, copy_rows(table, rows))
                else:
                    connection.execute(insert(table), rows)
                counts[key] += len(rows)
        if commit_batches:
            session.commit()
        if progress and "candidates" in batch:
            progress(len(batch["candidates"]))
    return counts


def generate(
    session: Session,
    *,
    candidates: int = 3_000,
    jobs: int = 36,
    seed: int = 42,
    actor: str = DEMO_ACTOR,
    today: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Insert ``jobs`` jobs and ``candidates`` candidates with notes, activities, pipelines,
    placements and referrals, and a few companies, contacts and segments, in the caller's
    transaction.

    Dates lie in the year before ``today`` (default: the start of the current UTC day); the
    same seed and ``today`` give the same rows."""
    made = batches(
        candidates=candidates,
        jobs=jobs,
        seed=seed,
        actor=actor,
        today=today or start_of_today(),
        size=BATCH,
    )
    return insert_batches(session, made, progress=progress)


def _for_copy(batch: Batch) -> Made:
    return {
        key: copy_rows(TABLES[key], rows) if rows and key in COPIED_BY_MAKER else rows
        for key, rows in batch.items()
    }


def _make_into(made: "Queue[Made | str | None]", options: dict[str, Any], for_copy: bool) -> None:
    """In the child process: each batch into ``made``, then None, or the error as text.
    ``for_copy``: the tables that grow with the candidates go as ``CopyRows``."""
    try:
        for batch in batches(**options):
            made.put(_for_copy(batch) if for_copy else batch)
    except BaseException:
        made.put(traceback.format_exc())
        return
    made.put(None)


def _made_in_another_process(for_copy: bool, **options: Any) -> Generator[Made, None, None]:
    """``batches(**options)``, made by a child process while this one inserts: making rows
    and inserting them each keep a core busy. The child stops when this generator closes."""
    context = multiprocessing.get_context("spawn")  # a fresh process: no inherited connections
    made: Queue[Made | str | None] = context.Queue(maxsize=BATCHES_AHEAD)
    maker = context.Process(target=_make_into, args=(made, options, for_copy), daemon=True)
    maker.start()
    try:
        while (batch := _next_batch(made, maker)) is not None:
            yield batch
    finally:
        if maker.is_alive():
            maker.terminate()
        maker.join()
        made.close()


def _next_batch(made: "Queue[Made | str | None]", maker: BaseProcess) -> Made | None:
    while True:
        try:
            item = made.get(timeout=1)
        except queue.Empty:
            if maker.exitcode is None:
                continue
            # Ended: whatever it sent before has arrived.
            try:
                item = made.get(timeout=1)
            except queue.Empty:
                raise RuntimeError(f"Making the demo data stopped ({maker.exitcode})") from None
        if isinstance(item, str):
            raise RuntimeError(f"Making the demo data failed:\n{item}")
        return item


# The tables that grow with the number of candidates.
LOADED_TABLES = (Job, Candidate, Assignment, Placement, Referral, Note, Activity)
# From this many candidates, a load fills the search index in one pass after the rows.
BULK_INDEX_AFTER = 20_000


@contextmanager
def _bulk_load(engine: Engine) -> Iterator[None]:
    """For a large load: the loaded tables' non-unique indexes (and the label rows') and the
    search index are dropped while the rows go in and built again afterwards, each in one
    sorted pass instead of a random insert per row (at 1M candidates, 123 GB of page writes
    otherwise). On PostgreSQL their foreign keys go too and are checked again in one join
    each, not one lookup per row. Everything comes back whatever happens to the load."""
    labels: Table = CandidateLabel.__table__  # type: ignore[assignment]
    tables: list[Table] = [model.__table__ for model in LOADED_TABLES]  # type: ignore[misc]
    indexes = [index for table in tables for index in table.indexes if not index.unique]
    label_indexes = [index for index in labels.indexes if not index.unique]
    postgresql = engine.dialect.name == "postgresql"
    keys = (
        [key for table in (*tables, labels) for key in table.foreign_key_constraints]
        if postgresql
        else []
    )
    # PostgreSQL: the label rows' primary key too, built in one sorted pass after their refill
    # (SQLite cannot drop a primary key).
    label_keys = [labels.primary_key] if postgresql else []
    with engine.begin() as connection:
        for key in (*keys, *label_keys):
            connection.execute(DropConstraint(key))
        for index in (*indexes, *label_indexes):
            index.drop(connection)
        search_index.suspend(connection)
    try:
        yield
    finally:

        def search_and_indexes(connection: Connection) -> None:
            search_index.restore_indexes(connection)
            for index in indexes:
                index.create(connection)

        def label_rows(connection: Connection) -> None:
            search_index.rebuild(connection)
            for key in label_keys:
                connection.execute(AddConstraint(key))
            for index in label_indexes:
                index.create(connection)

        _build(engine, [search_and_indexes, label_rows])
        with engine.begin() as connection:
            search_index.restore_triggers(connection)
            for key in keys:
                connection.execute(AddConstraint(key))


def _build(engine: Engine, steps: list[Callable[[Connection], None]]) -> None:
    """Run independent build ``steps``: on PostgreSQL each on its own connection at once (most
    index builds and the label rows' refill use one core each); SQLite has one writer, so
    there they run one after the other in one transaction."""

    def run(chosen: list[Callable[[Connection], None]]) -> None:
        with engine.begin() as connection:
            tune_for_index_builds(connection)
            for step in chosen:
                step(connection)

    if engine.dialect.name != "postgresql":
        run(steps)
        return
    with ThreadPoolExecutor(len(steps)) as pool:
        for done in [pool.submit(run, [step]) for step in steps]:
            done.result()


def load(
    sessions: sessionmaker[Session],
    *,
    candidates: int,
    jobs: int,
    seed: int,
    today: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """The rows ``generate`` makes, committed batch by batch, the way large loads run: from
    ``BULK_INDEX_AFTER`` candidates another process makes the rows while this one inserts
    them, and the search index and the secondary indexes are suspended during the load and
    built in one pass each afterwards, then ``finish_bulk_load``."""
    engine = sessions.kw["bind"]
    large = candidates >= BULK_INDEX_AFTER
    options: dict[str, Any] = {
        "candidates": candidates,
        "jobs": jobs,
        "seed": seed,
        "actor": DEMO_ACTOR,
        "today": today or start_of_today(),
        "size": BATCH,
    }
    postgresql = engine.dialect.name == "postgresql"
    made: Generator[Made, None, None] = (
        _made_in_another_process(postgresql, **options) if large else batches(**options)
    )
    with (
        _bulk_load(engine) if large else nullcontext(),
        unit_of_work(sessions) as session,
        closing(made),  # first to end: a failed load stops the other process at once
    ):
        counts = insert_batches(session, made, progress=progress, commit_batches=True)
    finish_bulk_load(engine)
    return counts


def finish_bulk_load(engine: Engine) -> None:
    """Make a freshly loaded database fast to query; run after ``generate`` commits.

    PostgreSQL plans with the statistics of the empty tables until autovacuum catches up
    (minutes later): the candidates list then sorts every row instead of walking the
    created_at index, and counts cannot use index-only scans. VACUUM ANALYZE fixes both now.
    SQLite's planner does well without statistics, and ANALYZE measured no gain there.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for model in (*LOADED_TABLES, CandidateLabel):
            connection.execute(text(f'VACUUM ANALYZE "{model.__tablename__}"'))
