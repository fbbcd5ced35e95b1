"""Recommendation runs: each ranking of candidates for a job, kept per job

Revision ID: 0006_ranking
Revises: 0001_core
Create Date: 2026-11-29 04:35:34.099692
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hiring.db

revision: str = "0006_ranking"
down_revision: str | Sequence[str] | None = "0003_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recommendation_runs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column("engine_used", sa.String(length=20), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("pool_size", sa.Integer(), nullable=False),
        sa.Column(
            "options",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "results",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=320), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_recommendation_runs_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_runs")),
    )
    with op.batch_alter_table("recommendation_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_runs_job_id_created_at"),
            ["job_id", "created_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("recommendation_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_runs_job_id_created_at"))

    op.drop_table("recommendation_runs")
