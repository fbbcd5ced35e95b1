"""The pipeline stages a candidate is at, kept on the candidate as one small number with a bit
per stage: their own stage and every pipeline entry's. The stage filter ("at any of these
stages") is then a few values looked up in the facets index, with the other candidate-level
filters, instead of a probe of each candidate's pipeline entries."""

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, case, distinct, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from hiring.candidates.models import STAGE_BITS, Candidate
from hiring.pipeline.models import Assignment

ALL_STAGES = (1 << len(STAGE_BITS)) - 1
# Candidates refreshed per statement (a bound list of ids).
REFRESH_BATCH = 500


def stage_bits(stages: Iterable[str]) -> int:
    bits = 0
    for stage in stages:
        bits |= STAGE_BITS.get(stage, 0)
    return bits


def bits_with_any(stages: Iterable[str]) -> list[int]:
    """Every value of ``stage_bits`` that includes one of ``stages``."""
    wanted = stage_bits(stages)
    return [bits for bits in range(1, ALL_STAGES + 1) if bits & wanted]


def _bit_of(stage: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[int]:
    return case(STAGE_BITS, value=stage, else_=0)


def refresh_stage_bits(session: Session, candidate_ids: Sequence[str]) -> None:
    """Recompute the candidates' ``stage_bits`` from their own stage and their pipeline entries
    as the database holds them now (a sum of distinct bits is their union)."""
    entries = (
        select(func.coalesce(func.sum(distinct(_bit_of(Assignment.stage))), 0))
        .where(Assignment.candidate_id == Candidate.id)
        .scalar_subquery()
    )
    session.flush()
    for start in range(0, len(candidate_ids), REFRESH_BATCH):
        session.execute(
            update(Candidate)
            .where(Candidate.id.in_(candidate_ids[start : start + REFRESH_BATCH]))
            # Not a change of the person's record: its update time stays.
            .values(
                stage_bits=_bit_of(Candidate.stage).op("|")(entries),
                updated_at=Candidate.updated_at,
            ),
            execution_options={"synchronize_session": "fetch"},
        )
