"""Candidates as a CSV file: the list's filters and order, every column an import maps back
(the API's field names), streamed in short keyset batches so memory and transactions stay
small whatever the number of rows."""

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import phonenumbers
from sqlalchemy.orm import Session, sessionmaker

from hiring.audit import service as audit
from hiring.auth.models import User
from hiring.candidates.filters import CandidateFilters, CandidateSort
from hiring.candidates.models import Candidate
from hiring.candidates.query import after_row, candidates_query, count_candidates, dialect_of
from hiring.db import unit_of_work

BATCH_SIZE = 1_000
COLUMNS = (
    Candidate.id,
    Candidate.name,
    Candidate.email,
    Candidate.phone,
    Candidate.linkedin_url,
    Candidate.github_url,
    Candidate.location,
    Candidate.current_title,
    Candidate.current_company,
    Candidate.source,
    Candidate.stage,
    Candidate.job_id,
    Candidate.product,
    Candidate.skills,
    Candidate.tags,
    Candidate.languages,
    Candidate.desired_roles,
    Candidate.rating,
    Candidate.availability,
    Candidate.salary_expectation,
    Candidate.notice_period,
    Candidate.assigned_to,
    Candidate.notes,
    Candidate.created_at,
    Candidate.updated_at,
)
HEADER = tuple(column.key for column in COLUMNS)
LIST_SEPARATOR = "; "
# Excel reads a file that starts with the byte order mark as UTF-8.
BOM = "\ufeff"
# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_phone_number(text: str) -> bool:
    """A valid international number (``+49 30 1234567``): a spreadsheet shows it as text."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, None))
    except phonenumbers.NumberParseException:
        return False


def csv_cell(value: Any, *, phone: bool = False) -> str:
    """One value as CSV text: lists joined, dates in ISO 8601, and text a spreadsheet would
    run as a formula prefixed with ``'`` (a valid phone number in the phone column is kept
    as it is, its ``+`` being no formula)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    if not text.startswith(FORMULA_STARTS) or (phone and _is_phone_number(text)):
        return text
    return "'" + text


def export_filename(today: date) -> str:
    return f"candidates-{today.isoformat()}.csv"


def _batch(
    session: Session,
    filters: CandidateFilters,
    sort: CandidateSort,
    after: Any,
    size: int,
) -> list[Any]:
    # The name order's key is read too, for the next batch to start after it.
    entities = (*COLUMNS, Candidate.sort_name)
    query = candidates_query(filters, dialect_of(session), sort, entities=entities)
    if after is not None:
        query = query.where(after_row(sort, after))
    return list(session.execute(query.limit(size)))


def candidates_csv(
    sessions: sessionmaker[Session],
    filters: CandidateFilters,
    sort: CandidateSort = CandidateSort.created_at,
    *,
    batch_size: int = BATCH_SIZE,
) -> Iterator[str]:
    """The matching candidates as CSV text (with a BOM), one chunk per batch of rows. Each
    batch is a short read of its own that starts after the last row of the one before, so
    no transaction stays open while the file travels. ``relevance`` exports in the default
    order: a score has no index to resume from."""
    if sort is CandidateSort.relevance:
        sort = CandidateSort.created_at
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    phone_at = HEADER.index("phone")
    after = None
    while True:
        with unit_of_work(sessions, write=False) as session:
            rows = _batch(session, filters, sort, after, batch_size)
        for row in rows:
            cells = row[: len(HEADER)]
            writer.writerow([csv_cell(v, phone=i == phone_at) for i, v in enumerate(cells)])
        text = buffer.getvalue()
        if after is None:
            text = BOM + text
        if text:
            yield text
        buffer.seek(0)
        buffer.truncate()
        if len(rows) < batch_size:
            return
        after = rows[-1]


def audited_export(
    sessions: sessionmaker[Session],
    filters: CandidateFilters,
    sort: CandidateSort = CandidateSort.created_at,
    *,
    actor: User,
    ip: str | None,
    segment_id: str | None = None,
) -> Iterator[str]:
    """:func:`candidates_csv`, once the export is in the audit log (a short unit of work of
    its own, before the file leaves): how many candidates match and which filters were used,
    never their values (a search may be a person's name) nor who is in the file."""
    with unit_of_work(sessions) as session:
        total = count_candidates(session, filters)
        audit.record(
            session,
            audit.CANDIDATE_EXPORTED,
            actor=actor,
            target_type="segment" if segment_id else None,
            target_id=segment_id,
            ip=ip,
            details={
                "count": total.count,
                "count_exact": total.exact,
                "filters": sorted(filters.model_dump(exclude_defaults=True)),
            },
        )
    return candidates_csv(sessions, filters, sort)
