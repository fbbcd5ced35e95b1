"""Candidates: creating, changing and removing people, with everything logged."""

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.activities.models import Activity
from hiring.auth.models import User
from hiring.candidates import removed
from hiring.candidates.duplicates import refuse_duplicate
from hiring.candidates.models import STAGE_BITS, Candidate, Origin, Source, derived_columns
from hiring.candidates.schemas import CandidateCreate, CandidateUpdate
from hiring.candidates.stages import refresh_stage_bits
from hiring.db import PHONE_REGION, fetch_by_id, utcnow
from hiring.errors import Invalid, NotFound
from hiring.events import service as events
from hiring.files import service as files
from hiring.ids import new_id
from hiring.jobs.models import Job
from hiring.owners import Owner
from hiring.pipeline import service as pipeline
from hiring.pipeline.models import Stage
from hiring.placements.models import Placement
from hiring.referrals.models import Referral
from hiring.storage import Storage

DETAIL_ACTIVITIES = 100
LIST_COLUMNS = ("skills", "desired_roles", "languages", "tags")
# Columns a new candidate's row leaves out unless given: a JSON column the ORM does not write
# is SQL NULL, while a None written is JSON null. The keys, sort name and stage bits are
# derived when the row is inserted.
_LEFT_OUT = {"resume_parsed", "enrichment"}
_DERIVED = {"email_key", "linkedin_key", "phone_key", "sort_name", "stage_bits"}
NEW_ROW_COLUMNS = tuple(
    column.key for column in Candidate.__table__.columns if column.key not in _LEFT_OUT | _DERIVED
)


def get_candidate(session: Session, candidate_id: str, *, for_update: bool = False) -> Candidate:
    """The candidate, or a 404 that says when the id was merged into another or erased."""
    try:
        return fetch_by_id(
            session, Candidate, candidate_id, what="candidate", for_update=for_update
        )
    except NotFound:
        raise removed.not_found(session, candidate_id) from None


def candidate_activities(session: Session, candidate_id: str) -> tuple[list[Activity], int]:
    return activities.list_for(session, Owner.candidate(candidate_id), limit=DETAIL_ACTIVITIES)


def new_candidate_id() -> str:
    return new_id("cand")


def build_candidate(
    data: CandidateCreate,
    candidate_id: str | None = None,
    *,
    origin: Origin,
    origin_details: dict[str, Any] | None = None,
) -> Candidate:
    """The candidate ``data`` describes, without a job, not yet added to a session."""
    values = data.model_dump(exclude_unset=True, exclude={"job_id"})
    return Candidate(
        **values,
        id=candidate_id or new_candidate_id(),
        origin=origin.value,
        origin_details=origin_details or None,
    )


def new_candidate_row(data: CandidateCreate, *, origin: Origin) -> dict[str, Any]:
    """Every column of the candidate ``build_candidate`` makes of ``data`` as its flush would
    write them, the models' defaults included, for ``insert_candidates``; the identity keys,
    sort name and stage bits are added there (the row may be filled meanwhile)."""
    now = utcnow()
    row: dict[str, Any] = dict.fromkeys(NEW_ROW_COLUMNS)
    row |= {"source": Source.direct.value, "stage": Stage.applied.value}
    row |= {column: [] for column in LIST_COLUMNS}
    # Like the ORM, a None given for a column with a default leaves the default.
    values = data.model_dump(exclude_unset=True, exclude={"job_id"})
    row |= {column: value for column, value in values.items() if value is not None}
    row |= {"id": new_candidate_id(), "origin": origin.value, "origin_details": None}
    row |= {"created_at": now, "updated_at": now}
    row["source"], row["stage"] = str(row["source"]), str(row["stage"])
    return row


def insert_candidates(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert new candidates' rows (``new_candidate_row``) in one statement, with the columns
    a flush would derive from them."""
    if not rows:
        return
    region = session.info.get(PHONE_REGION)
    for row in rows:
        row |= derived_columns(row["email"], row["linkedin_url"], row["phone"], row["name"], region)
        row["stage_bits"] = STAGE_BITS.get(row["stage"], 0)
    # One statement per set of columns (every row of a statement gives the same ones).
    by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        by_columns.setdefault(frozenset(row), []).append(row)
    for same in by_columns.values():
        session.execute(insert(Candidate.__table__), same)  # type: ignore[arg-type]


def created_entry(candidate_id: str, source: str, actor: str | None) -> activities.Entry:
    """The activity that says a candidate was created."""
    return activities.Entry(
        Owner.candidate(candidate_id), "created", f"Candidate created (source: {source})", actor
    )


def log_created(
    session: Session, candidate: Candidate, actor: str | None, *, flush: bool = True
) -> None:
    entry = created_entry(candidate.id, candidate.source, actor)
    activities.log(session, entry.owner, entry.activity_type, entry.title, actor=actor, flush=flush)


def create_candidate(
    session: Session,
    data: CandidateCreate,
    user: User | None,
    *,
    origin: Origin,
    origin_details: dict[str, Any] | None = None,
    candidate_id: str | None = None,
    allow_duplicate: bool = False,
) -> Candidate:
    """Create a candidate; with ``job_id`` it also enters that job's pipeline at ``stage``.

    A person whose email or LinkedIn profile a non-archived candidate already has is refused
    (``Duplicate``) unless ``allow_duplicate``. ``user`` is None when the person applied
    themselves (the public careers page). ``candidate_id`` is an id chosen beforehand
    (``new_candidate_id``): the one a resume sent with the new person was stored under.
    ``origin`` says how the record came in (with ``origin_details``, e.g. a campaign)."""
    if not allow_duplicate:
        refuse_duplicate(session, email=data.email, linkedin_url=data.linkedin_url)
    actor = user.email if user else None
    job = None
    if data.job_id is not None:
        job = session.get(Job, data.job_id)
        if job is None:
            raise Invalid.field("job_id", "No job with this id")
    candidate = build_candidate(data, candidate_id, origin=origin, origin_details=origin_details)
    if job is not None and "product" not in data.model_fields_set:
        candidate.product = job.product
    session.add(candidate)
    session.flush()
    log_created(session, candidate, actor)
    if job is not None:
        pipeline.assign(session, job, candidate, stage=data.stage.value, actor=actor)
    events.candidate_changed(session, events.CANDIDATE_CREATED, candidate)
    return candidate


def _refuse_someone_elses_identity(
    session: Session, candidate: Candidate, changes: Mapping[str, Any]
) -> None:
    new = {
        field: changes[field]
        for field in ("email", "linkedin_url")
        if changes.get(field) and changes[field] != getattr(candidate, field)
    }
    if new:
        refuse_duplicate(
            session,
            email=new.get("email"),
            linkedin_url=new.get("linkedin_url"),
            other_than=candidate.id,
        )


def _describe(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def update_candidate(
    session: Session,
    candidate_id: str,
    data: CandidateUpdate,
    user: User,
    *,
    allow_duplicate: bool = False,
) -> Candidate:
    """Apply the fields sent. A stage change moves the current assignment, when there is one.
    A new email or LinkedIn profile that another non-archived candidate has is refused
    (``Duplicate``) unless ``allow_duplicate``."""
    candidate = get_candidate(session, candidate_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    if not allow_duplicate:
        _refuse_someone_elses_identity(session, candidate, changes)
    owner = Owner.candidate(candidate.id)
    stage = changes.pop("stage", None)
    was_archived_at = candidate.archived_at
    archived_at = changes.pop("archived_at", was_archived_at)

    changed = {
        key: {"from": _describe(getattr(candidate, key)), "to": _describe(value)}
        for key, value in changes.items()
        if getattr(candidate, key) != value
    }
    for key, value in changes.items():
        setattr(candidate, key, value)
    if changed:
        activities.log(
            session,
            owner,
            "updated",
            f"Updated {', '.join(sorted(changed))}",
            actor=user.email,
            data={"changes": changed},
        )

    if stage is not None and stage != candidate.stage:
        _change_stage(session, candidate, stage.value, user)

    if (archived_at is None) != (candidate.archived_at is None):
        candidate.archived_at = archived_at
        kind, title = (
            ("archived", "Archived") if archived_at else ("unarchived", "Restored from archive")
        )
        activities.log(session, owner, kind, title, actor=user.email)
    elif archived_at is not None:
        candidate.archived_at = archived_at
    session.flush()
    if changed:
        events.candidate_changed(session, events.CANDIDATE_UPDATED, candidate)
    if was_archived_at is None and archived_at is not None:
        events.candidate_changed(session, events.CANDIDATE_ARCHIVED, candidate)
    return candidate


# Fields a public application may carry that a recruiter can copy onto the candidate.
SUBMITTED_DETAILS = ("name", "email", "phone", "linkedin_url", "resume_text")
LONG_TEXT_FIELDS = frozenset({"resume_text"})


def use_submitted_details(
    session: Session,
    candidate_id: str,
    details: Mapping[str, Any],
    user: User,
    *,
    application_id: str,
) -> list[str]:
    """Copy what a person submitted with a public application onto the candidate, at a
    recruiter's choice (a public request never writes onto an existing record).

    Every detail they filled in replaces the candidate's value; those they left empty keep
    it. The profile fields are checked by the API's rules for an update. Logged as an
    ``application_details_used`` activity naming the changes; returns the fields changed."""
    candidate = get_candidate(session, candidate_id, for_update=True)
    sent = {k: details[k] for k in SUBMITTED_DETAILS if details.get(k) not in (None, "")}
    resume_text = sent.pop("resume_text", None)
    try:
        values = CandidateUpdate.model_validate(sent).model_dump(exclude_unset=True)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "details"
        raise Invalid.field(field, str(error["msg"]).removeprefix("Value error, ")) from exc
    if resume_text is not None:
        values["resume_text"] = resume_text
    changed = sorted(key for key, value in values.items() if getattr(candidate, key) != value)
    described = {
        key: {"from": _describe(getattr(candidate, key)), "to": _describe(values[key])}
        for key in changed
        if key not in LONG_TEXT_FIELDS
    }
    for key in changed:
        setattr(candidate, key, values[key])
    session.flush()
    if changed:
        events.candidate_changed(session, events.CANDIDATE_UPDATED, candidate)
    activities.log(
        session,
        Owner.candidate(candidate.id),
        "application_details_used",
        f"Used the details sent with an application: {', '.join(changed)}"
        if changed
        else "Used the details sent with an application (none differed)",
        actor=user.email,
        data={"application_id": application_id, "fields": changed, "changes": described},
    )
    return changed


def _change_stage(session: Session, candidate: Candidate, stage: str, user: User) -> None:
    current = pipeline.current_assignment(session, candidate.id)
    if current is not None:
        pipeline.move(session, current, stage, actor=user.email)
        return
    from_stage = candidate.stage
    candidate.stage = stage
    refresh_stage_bits(session, [candidate.id])
    activities.log(
        session,
        Owner.candidate(candidate.id),
        "stage_change",
        f"Stage: {from_stage} → {stage}",
        actor=user.email,
        data={"from": from_stage, "to": stage},
    )
    session.flush()
    pipeline.stage_changed(session, candidate, None, from_stage, stage, user.email)


def candidate_names(session: Session, candidate_ids: set[str]) -> dict[str, str]:
    """The names of these candidates by id (unknown ids are left out)."""
    if not candidate_ids:
        return {}
    rows = session.execute(
        select(Candidate.id, Candidate.name).where(Candidate.id.in_(candidate_ids))
    )
    return {candidate_id: name for candidate_id, name in rows}


def _checked(field: str, value: object) -> CandidateUpdate:
    """``CandidateUpdate`` holding only ``field``, checked by the rules of the API's body;
    a refusal names ``field`` with the API's message."""
    try:
        return CandidateUpdate.model_validate({field: value})
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise Invalid.field(field, message) from exc


def bulk_set_stage(
    session: Session, candidate_ids: Sequence[str], stage: Stage | str, user: User
) -> list[Candidate]:
    """Set the stage of many candidates, each as ``update_candidate`` does (their current
    assignment moves); all or none. Locks in id order, like ``pipeline.bulk_move``."""
    data = _checked("stage", stage)
    candidates = pipeline.lock_candidates(session, candidate_ids)
    return [update_candidate(session, c.id, data, user) for c in candidates]


def bulk_tag(
    session: Session, candidate_ids: Sequence[str], tag: str, user: User
) -> list[Candidate]:
    """Add ``tag`` to many candidates (checked and logged as ``update_candidate`` does for the
    API); all or none. Those who have it already (in any case) are left alone; returns the
    candidates tagged. Locks in id order, like ``pipeline.bulk_move``."""
    tags = _checked("tags", [tag]).tags
    if not tags:
        raise Invalid.field("tags", "Write the tag to add")
    label = tags[0]
    tagged = []
    for candidate in pipeline.lock_candidates(session, candidate_ids):
        current = list(candidate.tags or [])
        if label.casefold() in {t.casefold() for t in current}:
            continue
        data = _checked("tags", [*current, label])
        tagged.append(update_candidate(session, candidate.id, data, user))
    return tagged


def delete_candidate(session: Session, candidate_id: str, storage: Storage) -> None:
    """Delete a candidate with its notes, files, activities and assignments (the database
    cascades). The files' objects go only once the deletion commits: a failed request keeps
    every record with its object."""
    candidate = get_candidate(session, candidate_id)
    files.forget_owner_files(session, storage, Owner.candidate(candidate.id))
    # Their placements and referrals go too: only an erasure keeps them, anonymised.
    for model in (Placement, Referral):
        session.execute(delete(model).where(model.candidate_id == candidate.id))
    session.delete(candidate)
    session.flush()
