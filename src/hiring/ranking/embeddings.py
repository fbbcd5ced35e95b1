"""Stored candidate embeddings: made once per candidate when their text changes, read by
every replica when it ranks.

A candidate's embedding is stale when it has none, when another model made it, or when the
candidate changed since it was made (``updated_at``); a stale one whose text hash is
unchanged (a stage move, a tag) is only marked fresh, not embedded again. ``EmbedChanged``,
scheduled every minute on the job queue, keeps them fresh after any write (API, portal,
import, merge, enrichment) without each write path having to ask; ``hiring embeddings
rebuild`` fills them for existing data. Services flush, never commit; the job and the
command own their units of work.

Finding the stale among every candidate reads them all (seconds at a million), so the
scheduled job looks among those updated in the last ``LOOK_BACK`` (a range of the
``updated_at`` index), and sweeps everyone only until a sweep finds nobody stale, then once
per ``SWEEP_EVERY``: the sweep finds what the window cannot see (a bulk load's rows, a
change committed long after it was made, vectors of another model).
"""

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from hiring.candidates.models import Candidate
from hiring.db import unit_of_work, utcnow
from hiring.ranking import embedding
from hiring.ranking.embedding import SentenceModel
from hiring.ranking.models import CandidateEmbedding
from hiring.ranking.semantic import candidate_document, candidate_role, text_hash
from hiring.tasks import periodic

log = logging.getLogger(__name__)

BATCH = 64
EMBED_CHANGED = "hiring.embed_changed_candidates"
# The scheduled job stops after this long and leaves the rest to its next run.
RUN_SECONDS = 45.0
# Claimed at most this often across replicas (a little under the schedule's minute, so that
# a run starting a moment early is not skipped).
EVERY = timedelta(seconds=50)
LOOK_BACK = timedelta(hours=1)
SWEEP_EVERY = timedelta(days=1)
# Claimed when a sweep of every candidate found none stale.
EMBED_SWEPT = "hiring.embeddings_swept"


def _items(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _stale_query(model_name: str) -> Any:
    stored = CandidateEmbedding
    return (
        select(Candidate.id)
        .outerjoin(stored, stored.candidate_id == Candidate.id)
        .where(
            or_(
                stored.candidate_id.is_(None),
                stored.model != model_name,
                stored.updated_at < Candidate.updated_at,
            )
        )
    )


def stale_ids(session: Session, model_name: str, limit: int) -> list[str]:
    """Up to ``limit`` candidates whose embedding is missing or may be out of date."""
    return list(session.scalars(_stale_query(model_name).order_by(Candidate.id).limit(limit)))


def recently_stale_ids(session: Session, model_name: str, limit: int) -> list[str]:
    """``stale_ids`` among the candidates updated in the last ``LOOK_BACK``, then, when the
    last sweep found somebody stale or was ``SWEEP_EVERY`` ago, among everyone."""
    since = utcnow() - LOOK_BACK
    recent = _stale_query(model_name).where(Candidate.updated_at >= since)
    found = list(session.scalars(recent.order_by(Candidate.updated_at, Candidate.id).limit(limit)))
    if found or not periodic.due(session, EMBED_SWEPT, SWEEP_EVERY):
        return found
    swept = stale_ids(session, model_name, limit)
    if not swept:
        periodic.claim(session, EMBED_SWEPT, SWEEP_EVERY)
    return swept


def count_stale(session: Session, model_name: str) -> int:
    return (
        session.scalar(select(func.count()).select_from(_stale_query(model_name).subquery())) or 0
    )


@dataclass(frozen=True)
class Texts:
    """What is embedded of one candidate, as of ``updated_at``."""

    document: str
    role: str
    updated_at: datetime

    @property
    def hash(self) -> str:
        return text_hash(self.document, self.role)


def texts(session: Session, ids: Sequence[str]) -> dict[str, Texts]:
    query = select(
        Candidate.id,
        Candidate.current_title,
        Candidate.desired_roles,
        Candidate.skills,
        Candidate.resume_text,
        Candidate.updated_at,
    ).where(Candidate.id.in_(ids))
    return {
        row.id: Texts(
            candidate_document(
                row.current_title, _items(row.desired_roles), _items(row.skills), row.resume_text
            ),
            candidate_role(row.current_title, row.resume_text),
            row.updated_at,
        )
        for row in session.execute(query)
    }


def embed_texts(model: SentenceModel, found: Sequence[Texts]) -> tuple[np.ndarray, np.ndarray]:
    """(profile vectors, role vectors) of ``found``, in order."""
    return model.embed([t.document for t in found]), model.embed([t.role for t in found])


def refresh(session: Session, model: SentenceModel, ids: Sequence[str]) -> int:
    """Make the embeddings of candidates ``ids`` current; returns how many were embedded
    (the others' text had not changed, or they are gone). An embedding is dated with the
    candidate's own ``updated_at`` as read: a change committed meanwhile leaves it stale."""
    found = texts(session, ids)
    stored = {
        row.candidate_id: row
        for row in session.scalars(
            select(CandidateEmbedding).where(CandidateEmbedding.candidate_id.in_(list(found)))
        )
    }
    changed = []
    for cid, text in found.items():
        row = stored.get(cid)
        if row is not None and row.model == model.name and row.text_hash == text.hash:
            row.updated_at = text.updated_at
        else:
            changed.append(cid)
    if changed:
        vectors, roles = embed_texts(model, [found[cid] for cid in changed])
        for cid, vector, role in zip(changed, vectors, roles, strict=True):
            row = stored.get(cid)
            if row is None:
                row = CandidateEmbedding(candidate_id=cid)
                session.add(row)
            row.model = model.name
            row.text_hash = found[cid].hash
            row.vector = vector.astype(np.float32).tobytes()
            row.role_vector = role.astype(np.float32).tobytes()
            row.updated_at = found[cid].updated_at
    session.flush()
    return len(changed)


def stored_vectors(
    session: Session, ids: Sequence[str], model_name: str
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The stored (profile, role) vectors of candidates ``ids`` made by ``model_name``."""
    query = select(
        CandidateEmbedding.candidate_id, CandidateEmbedding.vector, CandidateEmbedding.role_vector
    ).where(CandidateEmbedding.candidate_id.in_(ids), CandidateEmbedding.model == model_name)
    return {
        cid: (np.frombuffer(vector, dtype=np.float32), np.frombuffer(role, dtype=np.float32))
        for cid, vector, role in session.execute(query)
    }


def refresh_stale(
    sessions: sessionmaker[Session],
    model: SentenceModel,
    *,
    seconds: float | None = None,
    progress: Callable[[int], None] | None = None,
    find: Callable[[Session, str, int], list[str]] = stale_ids,
) -> int:
    """Refresh stale embeddings (those ``find`` finds) a batch per unit of work until none is
    left (or ``seconds`` have passed); ``progress`` is told how many candidates each batch
    handled. Returns how many were embedded."""
    started = time.monotonic()
    embedded = 0
    while seconds is None or time.monotonic() - started < seconds:
        with unit_of_work(sessions) as session:
            ids = find(session, model.name, BATCH)
            if not ids:
                break
            embedded += refresh(session, model, ids)
        if progress is not None:
            progress(len(ids))
    return embedded


class EmbedChanged:
    """The scheduled job: embed the candidates whose text changed, on one replica at a time,
    when the ``semantic`` extra is installed (without it there is nothing to do)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def __call__(self) -> int:
        model = embedding.model()
        if model is None:
            return 0
        with unit_of_work(self.sessions) as session:
            if not periodic.claim(session, EMBED_CHANGED, EVERY):
                return 0
        embedded = refresh_stale(self.sessions, model, seconds=RUN_SECONDS, find=recently_stale_ids)
        if embedded:
            log.info("Embedded %d changed candidates", embedded)
        return embedded
