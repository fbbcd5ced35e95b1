"""Candidate embeddings: each candidate's sentence-model vectors (profile and role), with the
model that made them and a hash of the text they were made from

Revision ID: 0032_embeddings
Revises: 0031_public_department
Create Date: 2026-12-06 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hiring.db

revision: str = "0032_embeddings"
down_revision: str | Sequence[str] | None = "0031_public_department"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "candidate_embeddings",
        sa.Column("candidate_id", sa.String(length=40), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("role_vector", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name="fk_candidate_embeddings_candidate_id_candidates",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", name="pk_candidate_embeddings"),
    )


def downgrade() -> None:
    op.drop_table("candidate_embeddings")
