from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id

# SQLite only numbers rows by itself through an INTEGER primary key.
SEQUENCE = BigInteger().with_variant(Integer(), "sqlite")


class Event(Base):
    """One change, written in the transaction that makes it (a transactional outbox): a
    change rolled back leaves no event, a committed one always has its event.

    Events are read in ``(txid, seq)`` order: ``seq`` numbers rows as they are inserted and
    ``txid`` is the PostgreSQL transaction that wrote the row (0 on SQLite, whose writers
    take turns, so ``seq`` alone is commit order there)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_txid_seq", "txid", "seq"),
        Index("ix_events_created_at", "created_at"),
        Index("ix_events_candidate_id", "candidate_id"),
    )

    seq: Mapped[int] = mapped_column(SEQUENCE, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(40), unique=True, default=lambda: new_id("evt"))
    type: Mapped[str] = mapped_column(String(60))
    txid: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The person the event is about, if any: their events are scrubbed when they are erased.
    candidate_id: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
