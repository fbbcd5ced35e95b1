from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, SmallInteger, String, Text, event, false, func
from sqlalchemy.orm import Mapped, Session, mapped_column

from hiring.candidates.identity import email_key, linkedin_key, name_sort_key, phone_key
from hiring.db import PHONE_REGION, Base, utcnow
from hiring.ids import new_id
from hiring.pipeline.models import Stage

# A bit per pipeline stage (see ``hiring.candidates.stages``).
STAGE_BITS: dict[str, int] = {stage.value: 1 << n for n, stage in enumerate(Stage)}


class Source(StrEnum):
    linkedin = "linkedin"
    referral = "referral"
    direct = "direct"
    manatal = "manatal"


class Origin(StrEnum):
    """How a record came in (beside ``source``, the spec's channel of the person)."""

    portal = "portal"
    api = "api"
    careers_page = "careers_page"
    apply_api = "apply_api"
    referral = "referral"
    import_ = "import"


def _own_stage_bits(context: Any) -> int:
    """A new candidate's stage bits: their own stage's (adding a pipeline entry refreshes them)."""
    stage = context.get_current_parameters().get("stage") or Stage.applied.value
    return STAGE_BITS.get(stage, 0)


class Candidate(Base):
    """A person. ``job_id`` and ``stage`` mirror the current pipeline assignment (see pipeline)."""

    __tablename__ = "candidates"
    __table_args__ = (
        # With `id`, the default list order needs no sort, and a search's `id IN (matches)`
        # is checked from the index alone while walking it.
        Index("ix_candidates_archived_at_created_at_id", "archived_at", "created_at", "id"),
        # The other list orders walk an index too instead of sorting every candidate.
        Index("ix_candidates_archived_at_sort_name_id", "archived_at", "sort_name", "id"),
        Index("ix_candidates_archived_at_updated_at_id", "archived_at", "updated_at", "id"),
        Index("ix_candidates_email", "email"),
        # Duplicate checks: each key alone, the newest records last.
        Index("ix_candidates_email_key", "email_key", "created_at"),
        Index("ix_candidates_linkedin_key", "linkedin_key", "created_at"),
        Index("ix_candidates_phone_key", "phone_key", "created_at"),
        Index("ux_candidates_manatal_id", "manatal_id", unique=True),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("cand"))
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    linkedin_url: Mapped[str | None] = mapped_column(String(500))
    github_url: Mapped[str | None] = mapped_column(String(500))
    location: Mapped[str | None] = mapped_column(String(200))
    current_title: Mapped[str | None] = mapped_column(String(200))
    current_company: Mapped[str | None] = mapped_column(String(200))
    resume_text: Mapped[str | None] = mapped_column(Text)
    resume_parsed: Mapped[dict[str, Any] | None]
    source: Mapped[str] = mapped_column(String(20), default=Source.direct.value, index=True)
    stage: Mapped[str] = mapped_column(String(20), default="applied", index=True)
    job_id: Mapped[str | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    product: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    assigned_to: Mapped[str | None] = mapped_column(String(320))
    skills: Mapped[list[str]] = mapped_column(default=list)
    availability: Mapped[str | None] = mapped_column(String(200))
    desired_roles: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    salary_expectation: Mapped[str | None] = mapped_column(String(100))
    notice_period: Mapped[str | None] = mapped_column(String(100))
    tags: Mapped[list[str]] = mapped_column(default=list)
    rating: Mapped[int | None]
    archived_at: Mapped[datetime | None]
    enrichment: Mapped[dict[str, Any] | None]
    enriched_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    # Identity keys (hiring.candidates.identity), kept from the fields above at every flush.
    email_key: Mapped[str | None] = mapped_column(String(320))
    linkedin_key: Mapped[str | None] = mapped_column(String(500))
    phone_key: Mapped[str | None] = mapped_column(String(20))
    # How the record was created (None: before this was recorded) and what came with it:
    # the campaign (utm_*) of an application, the referral or import that made it.
    origin: Mapped[str | None] = mapped_column(String(20))
    origin_details: Mapped[dict[str, Any] | None]
    # The person's id in Manatal when they were imported from it (`hiring import manatal`):
    # a second import updates them instead of creating them again.
    manatal_id: Mapped[str | None] = mapped_column(String(40))
    # The name as sorted: case- and accent-insensitive on both databases.
    sort_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The stages the candidate is at, their own and their pipeline entries': a bit per stage
    # (``hiring.candidates.stages``), kept by the pipeline's writes.
    stage_bits: Mapped[int] = mapped_column(
        SmallInteger, default=_own_stage_bits, server_default="1"
    )


@event.listens_for(Session, "before_flush")
def _keep_identity_keys(session: Session, _context: object, _instances: object) -> None:
    """Every write through the ORM keeps a candidate's identity keys in step with their email,
    LinkedIn URL and phone (the phone's default region is the session factory's setting), and
    their sort name with their name."""
    region = session.info.get(PHONE_REGION)
    for item in (*session.new, *session.dirty):
        if isinstance(item, Candidate):
            derived = derived_columns(item.email, item.linkedin_url, item.phone, item.name, region)
            item.email_key = derived["email_key"]
            item.linkedin_key = derived["linkedin_key"]
            item.phone_key = derived["phone_key"]
            item.sort_name = derived["sort_name"]


def derived_columns(
    email: str | None, linkedin_url: str | None, phone: str | None, name: str, region: str | None
) -> dict[str, Any]:
    """The columns kept from a candidate's others (``_keep_identity_keys``): also for rows
    written without the ORM."""
    return {
        "email_key": email_key(email),
        "linkedin_key": linkedin_key(linkedin_url),
        "phone_key": phone_key(phone, region),
        "sort_name": name_sort_key(name),
    }


class RemovalReason(StrEnum):
    merged = "merged"
    erased = "erased"


class RemovedCandidate(Base):
    """A candidate id that no longer names a record: folded into another by a merge, or erased.
    Kept so the id answers why it is gone (and where a merged record went) instead of a bare
    404. Holds ids only, never the person's data."""

    __tablename__ = "removed_candidates"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    reason: Mapped[str] = mapped_column(String(20))
    # The kept record of a merge; not a foreign key: the kept record may itself go later.
    merged_into: Mapped[str | None] = mapped_column(String(40), index=True)
    removed_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    removed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Why an erasure was asked for, as the operator wrote it (never the person's data).
    reason_text: Mapped[str | None] = mapped_column(Text)


class LabelKind(StrEnum):
    skill = "skill"
    tag = "tag"
    language = "language"


class CandidateLabel(Base):
    """One lower-cased skill, tag or language of a candidate: the index behind the label
    filters. Written only by the database's triggers from the candidate's JSON lists (see
    ``hiring.candidates.search_index``)."""

    __tablename__ = "candidate_labels"
    __table_args__ = (
        # A label filter alone is counted from this index without reading candidates.
        Index(
            "ix_candidate_labels_kind_value_archived_candidate_id",
            "kind",
            "value",
            "archived",
            "candidate_id",
        ),
    )

    candidate_id: Mapped[str] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    # Whether the candidate is archived, copied by the same triggers.
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


# The candidate-level filters (source, product, stage, rating, location) of the list and
# segments, in one narrow index: a combination of them is counted, and its matches found,
# from index entries instead of candidate rows (about ten times fewer bytes each).
Index(
    "ix_candidates_facets",
    Candidate.archived_at,
    Candidate.source,
    func.lower(Candidate.product),
    Candidate.stage_bits,
    Candidate.rating,
    func.lower(Candidate.location),
    Candidate.created_at,
    Candidate.id,
    # PostgreSQL answers from the index alone only when the columns behind its expressions
    # are in it too.
    postgresql_include=["product", "location"],
)
# Possible duplicates by the same name at the same company.
Index(
    "ix_candidates_name_company_lower",
    func.lower(Candidate.name),
    func.lower(Candidate.current_company),
)
