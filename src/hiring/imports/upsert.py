"""Import rows into candidates: each row is checked by the API's rules for a new candidate,
then matched to the person it may already be. A match gains what it lacks (``fill_empty``:
empty fields filled, labels added, nothing overwritten); anyone else is created.

A row is the same person as a candidate sharing its email, else its LinkedIn profile, else
its phone (the identity keys; the oldest such candidate, archived or not). A row with none of
the three is the candidate of the same name and company who has none either, so that a file
of names alone imports once. Rows are matched a batch at a time: the batch's candidates are
read in one query per kind of key, and the people the batch creates join them as it goes.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates.duplicates import KEY_COLUMNS, MatchReason, serialise_import
from hiring.candidates.fill import fill_empty
from hiring.candidates.identity import email_key, linkedin_key, phone_key
from hiring.candidates.models import Candidate, Origin
from hiring.candidates.schemas import CandidateCreate, CandidateOut
from hiring.candidates.service import created_entry, insert_candidates, new_candidate_row
from hiring.db import PHONE_REGION
from hiring.events import service as events
from hiring.imports.mapping import CANDIDATE_FIELDS
from hiring.owners import Owner
from hiring.validation import FROM_TEXT

# Errors listed in a report; the count goes on beyond them.
MAX_ERRORS = 1000
# What an import may add to a person already known (their name and source stay theirs).
FILLED_FIELDS = set(CANDIDATE_FIELDS) - {"name", "source"}
NAME = "name"

Key = tuple[str, str]


@dataclass
class Report:
    """What an import did, row by row, in counts; and the first errors, by spreadsheet row."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0

    def refuse(self, row: int, error: ValidationError) -> None:
        self.failed += 1
        for detail in error.errors():
            self.errors_total += 1
            if len(self.errors) < MAX_ERRORS:
                where = detail["loc"][0] if detail["loc"] else NAME
                message = str(detail["msg"]).removeprefix("Value error, ")
                self.errors.append({"row": row, "field": str(where), "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "failed": self.failed,
            "errors": list(self.errors),
            "errors_total": self.errors_total,
        }

    @classmethod
    def of(cls, stored: dict[str, Any]) -> "Report":
        return cls(**stored)


class NewCandidate(SimpleNamespace):
    """A candidate the batch creates, as the columns of their row (``new_candidate_row``):
    later rows of the batch may fill it like a known candidate before it is inserted."""

    id: str


Person = Candidate | NewCandidate


def _keys(
    email: str | None,
    linkedin_url: str | None,
    phone: str | None,
    name: str,
    company: str | None,
    region: str | None,
) -> list[Key]:
    """A person's identity keys in the order they are trusted; without any, their name key."""
    keys = [
        (MatchReason.email.value, email_key(email)),
        (MatchReason.linkedin.value, linkedin_key(linkedin_url)),
        (MatchReason.phone.value, phone_key(phone, region)),
    ]
    found = [(kind, key) for kind, key in keys if key]
    return found or [(NAME, f"{name.lower()}\n{(company or '').lower()}")]


def _row_keys(data: CandidateCreate, region: str | None) -> list[Key]:
    return _keys(data.email, data.linkedin_url, data.phone, data.name, data.current_company, region)


def _candidate_keys(candidate: Person, region: str | None) -> list[Key]:
    """From the fields as they are now (a filled or new candidate's key columns are kept
    only at the next flush)."""
    return _keys(
        candidate.email,
        candidate.linkedin_url,
        candidate.phone,
        candidate.name,
        candidate.current_company,
        region,
    )


def _stored_keys(candidate: Candidate) -> list[Key]:
    """From the key columns of a candidate as read (parsing phone numbers again is slow)."""
    keys = [
        (reason.value, getattr(candidate, column.key)) for reason, column in KEY_COLUMNS.items()
    ]
    found = [(kind, key) for kind, key in keys if key]
    name = f"{candidate.name.lower()}\n{(candidate.current_company or '').lower()}"
    return found or [(NAME, name)]


class People:
    """The candidates a batch of rows may be, by key (the oldest for each)."""

    def __init__(self, region: str | None) -> None:
        self.region = region
        self.by_key: dict[Key, Person] = {}

    def load(self, session: Session, keys: Iterable[Key], names: set[str]) -> None:
        """Read the candidates of these keys; ``names`` are the rows' names as written (SQLite
        lower-cases ASCII letters only)."""
        wanted: dict[str, set[str]] = {}
        for kind, key in keys:
            wanted.setdefault(kind, set()).add(key)
        found: list[Candidate] = []
        for reason, column in KEY_COLUMNS.items():
            if wanted.get(reason.value):
                found += session.scalars(select(Candidate).where(column.in_(wanted[reason.value])))
        if wanted.get(NAME):
            lowered = {key.split("\n", 1)[0] for key in wanted[NAME]}
            found += session.scalars(
                select(Candidate).where(
                    or_(func.lower(Candidate.name).in_(lowered), Candidate.name.in_(names)),
                    *(column.is_(None) for column in KEY_COLUMNS.values()),
                )
            )
        for candidate in sorted(found, key=lambda c: (c.created_at, c.id)):
            self.add(candidate, _stored_keys(candidate))

    def add(self, candidate: Person, keys: Sequence[Key]) -> None:
        for key in keys:
            self.by_key.setdefault(key, candidate)

    def find(self, keys: Sequence[Key]) -> Person | None:
        return next((self.by_key[key] for key in keys if key in self.by_key), None)


def import_rows(
    session: Session,
    rows: Sequence[tuple[int, dict[str, Any]]],
    actor: User,
    report: Report,
    *,
    source: str,
    known: Mapping[int, Candidate] | None = None,
) -> dict[int, Person]:
    """Write a batch of rows (spreadsheet row number, values by field) and count each in
    ``report``: created, updated (a known person gained something), skipped (empty, or
    nothing new) or failed (its errors listed). A bad row never stops the others. The new
    candidates, then the batch's activities, then its events are inserted a statement each
    (no ORM object per row: that cost more than the rest of the import).

    ``known`` are rows the caller already matched to a candidate (by another system's id),
    matched before any key. Returns who each written row is (a new one as its inserted
    row's columns), by row number."""
    region = session.info.get(PHONE_REGION)
    known = known or {}
    written: dict[int, Person] = {}
    checked: list[tuple[int, CandidateCreate, list[Key]]] = []
    for number, values in rows:
        report.rows += 1
        if not values:
            report.skipped += 1
            continue
        try:
            data = CandidateCreate.model_validate({"source": source} | values, context=FROM_TEXT)
        except ValidationError as error:
            report.refuse(number, error)
            continue
        checked.append((number, data, _row_keys(data, region)))
    serialise_import(session)
    people = People(region)
    keyless = {data.name for _number, data, keys in checked if keys[0][0] == NAME}
    people.load(session, (key for _n, _data, keys in checked for key in keys), keyless)
    created: dict[str, NewCandidate] = {}
    filled: dict[str, tuple[Candidate, list[str]]] = {}
    for number, data, keys in checked:
        match = known.get(number) or people.find(keys)
        if match is None:
            new = NewCandidate(**new_candidate_row(data, origin=Origin.import_))
            created[new.id] = new
            people.add(new, keys)
            report.created += 1
            written[number] = new
            continue
        written[number] = match
        gained = fill_empty(match, data.model_dump(exclude_unset=True, include=FILLED_FIELDS))
        if not gained.fields:
            report.skipped += 1
            continue
        people.add(match, _candidate_keys(match, region))
        report.updated += 1
        if isinstance(match, Candidate):
            fields = filled.get(match.id, (match, []))[1]
            filled[match.id] = (match, fields + [f for f in gained.fields if f not in fields])
    session.flush()
    new_rows = [vars(new) for new in created.values()]
    insert_candidates(session, new_rows)
    activities.log_many(
        session,
        [created_entry(row["id"], row["source"], actor.email) for row in new_rows]
        + [
            activities.Entry(
                Owner.candidate(candidate.id),
                "updated",
                f"Filled {', '.join(fields)} from an import",
                actor.email,
                {"fields": fields},
            )
            for candidate, fields in filled.values()
        ],
    )
    events.emit_many(
        session,
        [(events.CANDIDATE_CREATED, _shown(row), row["id"]) for row in new_rows]
        + [
            (events.CANDIDATE_UPDATED, _shown(candidate), candidate.id)
            for candidate, _fields in filled.values()
        ],
    )
    return written


def _shown(candidate: Candidate | dict[str, Any]) -> dict[str, Any]:
    """The candidate as the API returns it (an event's data); a row leaves out the columns
    it does not write."""
    if isinstance(candidate, dict):
        candidate = dict.fromkeys(CandidateOut.model_fields) | candidate
    return CandidateOut.model_validate(candidate).model_dump(mode="json")
