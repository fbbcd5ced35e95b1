"""Notes, files and activities belong to exactly one job or one candidate: their owner."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, func, select, update
from sqlalchemy.orm import Session

from hiring.candidates import removed
from hiring.candidates.models import Candidate
from hiring.errors import NotFound
from hiring.jobs.models import Job


class OwnerKind(StrEnum):
    job = "job"
    candidate = "candidate"


@dataclass(frozen=True)
class Owner:
    kind: OwnerKind
    id: str

    @classmethod
    def job(cls, job_id: str) -> "Owner":
        return cls(OwnerKind.job, job_id)

    @classmethod
    def candidate(cls, candidate_id: str) -> "Owner":
        return cls(OwnerKind.candidate, candidate_id)

    def columns(self) -> dict[str, str]:
        """Keyword arguments that attach a new row to this owner."""
        return {"job_id": self.id} if self.kind == OwnerKind.job else {"candidate_id": self.id}

    def owns(self, model: Any) -> ColumnElement[bool]:
        """A WHERE clause matching the rows of ``model`` that belong to this owner."""
        column = model.job_id if self.kind == OwnerKind.job else model.candidate_id
        return column == self.id


def require_owner(session: Session, owner: Owner) -> Job | Candidate:
    """The owning job or candidate; NotFound when it does not exist."""
    found: Job | Candidate | None = (
        session.get(Job, owner.id)
        if owner.kind == OwnerKind.job
        else session.get(Candidate, owner.id)
    )
    if found is None:
        if owner.kind == OwnerKind.candidate:
            raise removed.not_found(session, owner.id)
        raise NotFound(f"No such {owner.kind.value}")
    return found


def move_rows(session: Session, model: Any, source: Owner, target: Owner) -> int:
    """Give every row of ``model`` that ``source`` owns to ``target`` (a merge of two records);
    how many moved."""
    statement = (
        update(model)
        .where(source.owns(model))
        .values(**target.columns())
        .execution_options(synchronize_session="fetch")
    )
    # An UPDATE's result is a cursor result, which counts the rows.
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def count_rows(session: Session, model: Any, owner: Owner) -> int:
    """How many rows of ``model`` ``owner`` has."""
    return session.scalar(select(func.count()).select_from(model).where(owner.owns(model))) or 0
