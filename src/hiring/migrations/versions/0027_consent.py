"""Privacy: consents given with applications, the queue of stored objects whose deletion is
retried, and the claim of a scheduled job by one replica (the daily retention run)

Revision ID: 0027_consent
Revises: 0026_interviews
Create Date: 2026-12-05 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_consent"
down_revision: str | Sequence[str] | None = "0026_interviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("candidate_id", sa.String(length=40), nullable=False),
        sa.Column("application_id", sa.String(length=40), nullable=True),
        sa.Column("policy_url", sa.String(length=2000), nullable=False),
        sa.Column("retention_months", sa.Integer(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name="fk_consents_candidate_id_candidates",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name="fk_consents_application_id_applications",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
    )
    op.create_index("ix_consents_candidate_id_given_at", "consents", ["candidate_id", "given_at"])
    op.create_index("ix_consents_application_id", "consents", ["application_id"])
    op.create_table(
        "object_deletions",
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("storage_key", name="pk_object_deletions"),
    )
    op.create_index("ix_object_deletions_next_attempt_at", "object_deletions", ["next_attempt_at"])
    op.create_table(
        "scheduled_runs",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_scheduled_runs"),
    )


def downgrade() -> None:
    op.drop_table("scheduled_runs")
    op.drop_index("ix_object_deletions_next_attempt_at", table_name="object_deletions")
    op.drop_table("object_deletions")
    op.drop_index("ix_consents_application_id", table_name="consents")
    op.drop_index("ix_consents_candidate_id_given_at", table_name="consents")
    op.drop_table("consents")
