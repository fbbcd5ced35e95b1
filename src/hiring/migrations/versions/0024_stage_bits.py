"""Candidates keep the stages they are at (their own and their pipeline entries') as a bit per
stage, in the facets index in place of the own stage; on PostgreSQL the facets index also holds
the columns behind its expressions, so a combination of filters is answered from it alone

Revision ID: 0024_stage_bits
Revises: 0023_job_feeds
Create Date: 2026-12-05 13:30:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0024_stage_bits"
down_revision: str | Sequence[str] | None = "0023_job_feeds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The bits as this revision numbered them (the order of the stages).
STAGE_BITS = {
    "applied": 1,
    "screening": 2,
    "interview": 4,
    "offer": 8,
    "hired": 16,
    "rejected": 32,
}


def _bit_of(stage: str) -> str:
    cases = " ".join(f"WHEN '{name}' THEN {bit}" for name, bit in STAGE_BITS.items())
    return f"(CASE {stage} {cases} ELSE 0 END)"


def _facets(stage: sa.ColumnElement[Any]) -> list[sa.ColumnElement[Any]]:
    return [
        sa.column("archived_at"),
        sa.column("source"),
        sa.func.lower(sa.column("product")),
        stage,
        sa.column("rating"),
        sa.func.lower(sa.column("location")),
        sa.column("created_at"),
        sa.column("id"),
    ]


def upgrade() -> None:
    # Every candidate starts at their own stage's bit ("applied" by default: no table rewrite on
    # PostgreSQL); those at another stage or in a pipeline are computed (a sum of distinct bits
    # is their union).
    op.add_column(
        "candidates",
        sa.Column("stage_bits", sa.SmallInteger(), nullable=False, server_default="1"),
    )
    op.execute(
        f"""UPDATE candidates SET stage_bits = {_bit_of("candidates.stage")} | COALESCE(
            (SELECT sum(DISTINCT {_bit_of("assignments.stage")}) FROM assignments
             WHERE assignments.candidate_id = candidates.id), 0)
        WHERE candidates.stage <> 'applied'
           OR EXISTS (SELECT 1 FROM assignments WHERE assignments.candidate_id = candidates.id)"""
    )
    op.drop_index("ix_candidates_facets", table_name="candidates")
    op.create_index(
        "ix_candidates_facets",
        "candidates",
        _facets(sa.column("stage_bits")),
        postgresql_include=["product", "location"],
    )


def downgrade() -> None:
    op.drop_index("ix_candidates_facets", table_name="candidates")
    op.create_index("ix_candidates_facets", "candidates", _facets(sa.column("stage")))
    op.drop_column("candidates", "stage_bits")
