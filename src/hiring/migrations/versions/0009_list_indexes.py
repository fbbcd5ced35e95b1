"""Indexes for the candidate list's other orders (name, updated), the stage and location filters

Revision ID: 0009_list_indexes
Revises: 0008_identity_lookup
Create Date: 2026-11-29 08:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_list_indexes"
down_revision: str | Sequence[str] | None = "0008_identity_lookup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_candidates_archived_at_name_id", "candidates", ["archived_at", "name", "id"]
    )
    op.create_index(
        "ix_candidates_archived_at_updated_at_id",
        "candidates",
        ["archived_at", "updated_at", "id"],
    )
    op.create_index(
        "ix_candidates_archived_at_location_id", "candidates", ["archived_at", "location", "id"]
    )
    op.create_index("ix_assignments_stage_candidate_id", "assignments", ["stage", "candidate_id"])


def downgrade() -> None:
    op.drop_index("ix_assignments_stage_candidate_id", table_name="assignments")
    op.drop_index("ix_candidates_archived_at_location_id", table_name="candidates")
    op.drop_index("ix_candidates_archived_at_updated_at_id", table_name="candidates")
    op.drop_index("ix_candidates_archived_at_name_id", table_name="candidates")
