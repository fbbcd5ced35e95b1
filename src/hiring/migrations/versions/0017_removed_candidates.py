"""Removed candidates: ids merged into another record or erased, so they answer why they are gone

Revision ID: 0017_removed_candidates
Revises: 0016_identity_keys
Create Date: 2026-12-05 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_removed_candidates"
down_revision: str | Sequence[str] | None = "0016_identity_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "removed_candidates",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("merged_into", sa.String(length=40), nullable=True),
        sa.Column("removed_by", sa.String(length=40), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["removed_by"],
            ["users.id"],
            name="fk_removed_candidates_removed_by_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_removed_candidates"),
    )
    op.create_index("ix_removed_candidates_merged_into", "removed_candidates", ["merged_into"])


def downgrade() -> None:
    op.drop_index("ix_removed_candidates_merged_into", table_name="removed_candidates")
    op.drop_table("removed_candidates")
