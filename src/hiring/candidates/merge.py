"""Merging two records of one person into one: the kept record gains the other's history and
fills its empty fields from it, then the other id answers 404 ``merged`` naming the kept one.

Rules (the README's "Merge" section says the same to users):
- Fields: ``fill_empty``, the one fill rule: an empty field of the kept record takes the
  other's value, labels are a case-insensitive union (the kept record's first), a filled field
  is never overwritten and a differing value is reported as a conflict. The last enrichment
  answer is taken only when the kept record has none. The kept record's source and archive
  state stand.
- ``created_at`` becomes the earlier of the two (the person has been known since then); the
  merge activity keeps both records' ids and original ``created_at``.
- Notes, activities, placements, referrals and applications move as they are; files move
  unless the kept record has the same bytes (``files.service.take_over_files``); pipeline
  entries move, and two in one job become one at the further stage
  (``pipeline.merge.take_over``).

One transaction: both rows are locked in id order first, so two merges of the same pair (in
either direction) queue, and the second finds its record gone.
"""

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.activities.models import Activity
from hiring.applications.models import JobApplication
from hiring.audit import service as audit
from hiring.auth.models import User
from hiring.candidates import removed
from hiring.candidates.fill import PERSON_FIELDS, FieldConflict, Filled, fill_empty
from hiring.candidates.models import Candidate, RemovalReason
from hiring.errors import Invalid, NotFound
from hiring.events import service as events
from hiring.files import service as files
from hiring.files.models import StoredFile
from hiring.interviews.models import Interview
from hiring.notes.models import Note
from hiring.owners import Owner, count_rows, move_rows
from hiring.pipeline import merge as pipelines
from hiring.pipeline.models import Assignment
from hiring.pipeline.service import lock_existing
from hiring.placements.models import Placement
from hiring.referrals.models import Referral
from hiring.storage import Storage

# The fields the kept record fills from the other (source, stage, job and archive state are
# not among them: the kept record's stand, and its pipeline decides stage and job).
MERGED_FIELDS = (*PERSON_FIELDS, "resume_text", "resume_parsed")
# What follows the person unchanged, by the name the response counts it under.
MOVED_AS_THEY_ARE: dict[str, Any] = {
    "notes": Note,
    "activities": Activity,
    "placements": Placement,
    "referrals": Referral,
    "applications": JobApplication,
    "interviews": Interview,
}


@dataclass(frozen=True)
class Moved:
    """What goes from the other record to the kept one."""

    notes: int
    files: int
    # Files whose bytes the kept record already had: kept once.
    duplicate_files: int
    activities: int
    pipelines: int
    # Pipeline entries in a job the kept record was in too: combined into its entry.
    combined_pipelines: int
    placements: int
    referrals: int
    applications: int
    interviews: int


@dataclass(frozen=True)
class MergePlan:
    """What merging ``other`` into ``kept`` will do, for the portal's confirmation page."""

    kept: Candidate
    other: Candidate
    filled: list[str]
    conflicts: list[FieldConflict]
    moves: Moved


@dataclass(frozen=True)
class Merged:
    candidate: Candidate
    merged_id: str
    filled: list[str]
    conflicts: list[FieldConflict]
    moved: Moved


def _profile(candidate: Candidate) -> dict[str, Any]:
    return {name: getattr(candidate, name) for name in MERGED_FIELDS}


def _other_missing(session: Session, other_id: str) -> NotFound:
    """The 404 for an other id with no record, naming the field it came in."""
    error = removed.not_found(session, other_id)
    if not error.details:
        error.details = [{"field": "other_id", "message": f"No candidate {other_id}"}]
    else:
        error.details[0]["field"] = "other_id"
    return error


def _pair(
    found: dict[str, Candidate], session: Session, kept_id: str, other_id: str
) -> tuple[Candidate, Candidate]:
    if kept_id not in found:
        raise removed.not_found(session, kept_id)
    if other_id not in found:
        raise _other_missing(session, other_id)
    # After the lookups: an unknown or merged id answers 404 even when both ids are the same.
    if kept_id == other_id:
        raise Invalid.field("other_id", "A candidate cannot be merged with itself")
    return found[kept_id], found[other_id]


def plan_merge(session: Session, kept_id: str, other_id: str) -> MergePlan:
    """What ``merge_candidates`` would do now, changing nothing."""
    found = {c.id: c for c in (session.get(Candidate, i) for i in (kept_id, other_id)) if c}
    kept, other = _pair(found, session, kept_id, other_id)
    # The fill rule, run on a copy of the kept record that is never added to the session.
    scratch = Candidate(**_profile(kept))
    filled = fill_empty(scratch, _profile(other))
    if kept.enrichment is None and other.enrichment is not None:
        filled.fields.append("enrichment")
    source, target = Owner.candidate(other.id), Owner.candidate(kept.id)
    duplicate_files = files.shared_files(session, source, target)
    combined = pipelines.shared_jobs(session, kept.id, other.id)
    counts = {name: count_rows(session, model, source) for name, model in MOVED_AS_THEY_ARE.items()}
    moves = Moved(
        files=count_rows(session, StoredFile, source) - duplicate_files,
        duplicate_files=duplicate_files,
        pipelines=count_rows(session, Assignment, source) - combined,
        combined_pipelines=combined,
        **counts,
    )
    return MergePlan(kept, other, filled.fields, filled.conflicts, moves)


def _fill(kept: Candidate, other: Candidate) -> Filled:
    filled = fill_empty(kept, _profile(other))
    if kept.enrichment is None and other.enrichment is not None:
        kept.enrichment, kept.enriched_at = other.enrichment, other.enriched_at
        filled.fields.append("enrichment")
    kept.created_at = min(kept.created_at, other.created_at)
    return filled


def merge_candidates(
    session: Session, kept_id: str, other_id: str, user: User, storage: Storage
) -> Merged:
    """Fold the record ``other_id`` into ``kept_id`` (see the module's rules); the other row
    is deleted and its id answers 404 ``merged``. Stored objects of duplicate files are removed
    only once the transaction commits."""
    kept, other = _pair(lock_existing(session, [kept_id, other_id]), session, kept_id, other_id)
    source, target = Owner.candidate(other.id), Owner.candidate(kept.id)
    kept_created_at, other_created_at = kept.created_at, other.created_at
    filled = _fill(kept, other)
    counts = {
        name: move_rows(session, model, source, target) for name, model in MOVED_AS_THEY_ARE.items()
    }
    files_moved = files.take_over_files(session, storage, source, target)
    entries = pipelines.take_over(session, kept, other, actor=user.email)
    moved = Moved(
        files=files_moved.moved,
        duplicate_files=files_moved.duplicates,
        pipelines=entries.moved,
        combined_pipelines=entries.combined,
        **counts,
    )
    activities.log(
        session,
        target,
        "merged",
        f"Merged {other.id} ({other.name}) into this record",
        actor=user.email,
        data={
            "kept_id": kept.id,
            "kept_created_at": kept_created_at.isoformat(),
            "merged_id": other.id,
            "merged_name": other.name,
            "merged_created_at": other_created_at.isoformat(),
            "filled": filled.fields,
            "conflicts": [asdict(conflict) for conflict in filled.conflicts],
            "moved": asdict(moved),
        },
    )
    events.retarget(session, other.id, kept.id)
    manatal_id = other.manatal_id
    session.delete(other)
    session.flush()
    if kept.manatal_id is None and manatal_id is not None:
        # The next Manatal import finds the folded record's person here (the id is unique:
        # taken once the other row is gone).
        kept.manatal_id = manatal_id
        session.flush()
    events.candidate_changed(session, events.CANDIDATE_MERGED, kept, merged_id=other.id)
    removed.record_removal(
        session, other.id, RemovalReason.merged, removed_by=user.id, merged_into=kept.id
    )
    audit.record(
        session,
        audit.CANDIDATE_MERGED,
        actor=user,
        target_type="candidate",
        target_id=kept.id,
        details={"merged_id": other.id},
    )
    return Merged(kept, other.id, filled.fields, filled.conflicts, moved)
