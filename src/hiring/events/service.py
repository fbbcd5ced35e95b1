"""Writing events into the outbox and reading them back in a safe order.

Order and cursors: on PostgreSQL, ids handed out by a sequence are not commit order (a
transaction that took seq 10 may commit after one that took seq 11), so a cursor over ``seq``
alone could skip an event committed late. Each event therefore records its transaction id
(``txid``) and the feed reads in ``(txid, seq)`` order, handing out only events of
transactions older than every transaction of this database still running (``_pg_bound``):
no transaction can commit an event behind a cursor afterwards. A long transaction in the
database delays the feed (never loses an event); other databases of the server do not (the
snapshot's own ``xmin`` would wait for them too). The running transactions are read from
``pg_stat_activity``, which shows them for the app's own role (or with pg_read_all_stats):
every server and worker connects as that role. SQLite writers take turns, so its events are
final in ``seq`` order as soon as they are visible (``txid`` stays 0).
"""

import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    and_,
    delete,
    insert,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy import event as orm_events
from sqlalchemy.orm import Session, sessionmaker

from hiring.candidates.models import Candidate
from hiring.candidates.schemas import CandidateOut
from hiring.db import utcnow
from hiring.errors import Invalid
from hiring.events.models import Event
from hiring.ids import new_id

CANDIDATE_CREATED = "candidate.created"
CANDIDATE_UPDATED = "candidate.updated"
CANDIDATE_STAGE_CHANGED = "candidate.stage_changed"
CANDIDATE_ARCHIVED = "candidate.archived"
CANDIDATE_MERGED = "candidate.merged"
CANDIDATE_ERASED = "candidate.erased"
APPLICATION_CREATED = "application.created"
JOB_CREATED = "job.created"
JOB_UPDATED = "job.updated"
JOB_STATUS_CHANGED = "job.status_changed"
NOTE_CREATED = "note.created"
FILE_CREATED = "file.created"
PLACEMENT_CREATED = "placement.created"
PLACEMENT_UPDATED = "placement.updated"
REFERRAL_CREATED = "referral.created"
INTERVIEW_SCHEDULED = "interview.scheduled"
INTERVIEW_UPDATED = "interview.updated"
INTERVIEW_CANCELLED = "interview.cancelled"
SCORECARD_SUBMITTED = "scorecard.submitted"
EVENT_TYPES = (
    CANDIDATE_CREATED,
    CANDIDATE_UPDATED,
    CANDIDATE_STAGE_CHANGED,
    CANDIDATE_ARCHIVED,
    CANDIDATE_MERGED,
    CANDIDATE_ERASED,
    APPLICATION_CREATED,
    JOB_CREATED,
    JOB_UPDATED,
    JOB_STATUS_CHANGED,
    NOTE_CREATED,
    FILE_CREATED,
    PLACEMENT_CREATED,
    PLACEMENT_UPDATED,
    REFERRAL_CREATED,
    INTERVIEW_SCHEDULED,
    INTERVIEW_UPDATED,
    INTERVIEW_CANCELLED,
    SCORECARD_SUBMITTED,
)
# The types as the API documents them (query parameters, webhook subscriptions).
EventType = StrEnum("EventType", [(name.replace(".", "_"), name) for name in EVENT_TYPES])  # type: ignore[misc]
# The cursor before every event.
START = "0.0"
CURSOR_PATTERN = r"^\d{1,19}\.\d{1,19}$"
_CURSOR = re.compile(r"(\d{1,19})\.(\d{1,19})")
BIGINT_MAX = (1 << 63) - 1
# The session's flag: events or deliveries were written in its transaction.
PENDING = "hiring.events.pending"
_PG_TXID = "pg_current_xact_id()::text::bigint"
# The next transaction id (64 bits), and the 32-bit ids of this database's other running
# transactions, read in one statement after dropping the cached copy of pg_stat_activity.
_PG_RUNNING = """
    SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
           array(SELECT backend_xid::text::bigint FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()
                   AND backend_xid IS NOT NULL)
"""
XID_SPAN = 1 << 32


def emit(
    session: Session,
    event_type: str,
    data: BaseModel | dict[str, Any],
    *,
    candidate_id: str | None = None,
    flush: bool = True,
) -> Event:
    """Add the event ``event_type`` to the outbox in ``session``'s transaction; ``data`` is
    the object as the API returns it (its response schema). ``candidate_id``: the person it
    is about, whose events lose their data when they are erased. Call after the flush that
    made the change, so the object's defaults are there."""
    body = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    event = Event(type=event_type, data=body, candidate_id=candidate_id)
    if session.get_bind().dialect.name == "postgresql":
        event.txid = literal_column(_PG_TXID)  # type: ignore[assignment]
    session.add(event)
    if flush:
        session.flush()
    notify(session)
    return event


def emit_many(session: Session, events: Sequence[tuple[str, dict[str, Any], str | None]]) -> None:
    """Add many events (type, data as the API returns it, the person it is about) to the
    outbox in one statement: a bulk write such as an import, without an ORM object each."""
    if not events:
        return
    rows = [
        {
            "id": new_id("evt"),
            "type": event_type,
            "created_at": utcnow(),
            "candidate_id": candidate_id,
            "data": data,
        }
        for event_type, data, candidate_id in events
    ]
    statement = insert(Event.__table__)  # type: ignore[arg-type]
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.values(txid=literal_column(_PG_TXID))
    else:
        statement = statement.values(txid=0)
    session.execute(statement, rows)
    notify(session)


def notify(session: Session) -> None:
    """Tell the senders (``on_commit``) that this transaction has something to send."""
    session.info[PENDING] = True


def on_commit(sessions: sessionmaker[Session], send: Callable[[], None]) -> None:
    """Call ``send`` after each commit of a session of ``sessions`` that wrote events or
    deliveries (a rolled-back one sends nothing)."""

    def committed(session: Session) -> None:
        if session.info.pop(PENDING, False):
            send()

    def rolled_back(session: Session) -> None:
        session.info.pop(PENDING, None)

    orm_events.listen(sessions, "after_commit", committed)
    orm_events.listen(sessions, "after_rollback", rolled_back)


def candidate_changed(
    session: Session, event_type: str, candidate: Candidate, *, flush: bool = True, **extra: Any
) -> Event:
    """A ``candidate.*`` event: the candidate as the API returns it, with ``extra`` keys."""
    data = CandidateOut.model_validate(candidate).model_dump(mode="json") | extra
    return emit(session, event_type, data, candidate_id=candidate.id, flush=flush)


def payload(event: Event) -> dict[str, Any]:
    """The event as the feed and webhooks carry it."""
    return {
        "id": event.id,
        "type": event.type,
        "created_at": event.created_at.isoformat(),
        "data": event.data,
    }


def cursor_of(event: Event) -> str:
    return f"{event.txid}.{event.seq}"


def parse_cursor(cursor: str) -> tuple[int, int]:
    match = _CURSOR.fullmatch(cursor)
    if match is None:
        raise Invalid.field("after", "Not a cursor this feed handed out")
    # Beyond any id a BIGINT holds: the same as its largest.
    return min(int(match[1]), BIGINT_MAX), min(int(match[2]), BIGINT_MAX)


def _after(cursor: str) -> ColumnElement[bool]:
    txid, seq = parse_cursor(cursor)
    return or_(Event.txid > txid, and_(Event.txid == txid, Event.seq > seq))


def read(
    session: Session, *, after: str = START, types: Sequence[str] = (), limit: int = 100
) -> tuple[list[Event], str]:
    """The next ``limit`` final events after the cursor ``after`` (of ``types``, if given),
    and the cursor that follows them."""
    where = [_after(after)]
    if types:
        where.append(Event.type.in_(types))
    if session.get_bind().dialect.name == "postgresql":
        where.append(Event.txid < _pg_bound(session))
    rows = list(
        session.scalars(select(Event).where(*where).order_by(Event.txid, Event.seq).limit(limit))
    )
    return rows, cursor_of(rows[-1]) if rows else after


def _pg_bound(session: Session) -> int:
    """A transaction id such that every transaction below it that writes events has ended:
    the oldest of this database's running transactions, or the next id to be assigned.

    Read before the events (whose statement takes its snapshot afterwards): a transaction
    running then is either still running (bounding) or committed (visible) by the time the
    events are read, and one given an id later has an id above the bound."""
    session.execute(text("SELECT pg_stat_clear_snapshot()"))
    next_id, running = session.execute(text(_PG_RUNNING)).one()
    # The 32-bit ids widened to 64 bits: each is less than 2**31 ids behind the next one.
    return min([next_id - (next_id - xid) % XID_SPAN for xid in running] + [next_id])


def head(session: Session) -> str:
    """The cursor after the last event written so far (committed or not: a reader starting
    there may only miss events of transactions running now)."""
    last = session.scalars(select(Event).order_by(Event.txid.desc(), Event.seq.desc()).limit(1))
    event = last.first()
    return cursor_of(event) if event else START


def forget_person(session: Session, candidate_id: str) -> int:
    """An erased person's events keep only the id of the object each is about."""
    events = list(session.scalars(select(Event).where(Event.candidate_id == candidate_id)))
    for event in events:
        event.data = {"id": event.data.get("id")}
    session.flush()
    return len(events)


def prune(session: Session, keep_days: int) -> int:
    """Delete the events older than ``keep_days``; how many went."""
    cutoff = utcnow() - timedelta(days=keep_days)
    result = session.execute(delete(Event).where(Event.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def retarget(session: Session, from_candidate: str, to_candidate: str) -> None:
    """A merged person's events are about the kept record from now on (erasing it scrubs them)."""
    session.execute(
        update(Event).where(Event.candidate_id == from_candidate).values(candidate_id=to_candidate)
    )
