"""Candidates imported from Manatal keep Manatal's id, so a second import updates them

Revision ID: 0030_manatal
Revises: 0029_team
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_manatal"
down_revision: str | Sequence[str] | None = "0029_team"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of the table on SQLite would drop its search triggers.
    op.add_column("candidates", sa.Column("manatal_id", sa.String(length=40), nullable=True))
    # Unique where set: both databases allow many NULLs in a unique index.
    op.create_index("ux_candidates_manatal_id", "candidates", ["manatal_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_candidates_manatal_id", table_name="candidates")
    op.drop_column("candidates", "manatal_id")
