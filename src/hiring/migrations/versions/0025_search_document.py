"""PostgreSQL keeps each candidate's search document in a stored generated column with the GIN
index on it, instead of an expression index: a page that walks the list's order checks each
candidate met without building their document again

Revision ID: 0025_search_document
Revises: 0024_stage_bits
Create Date: 2026-12-05 13:50:00
"""

from collections.abc import Sequence

from alembic import op

from hiring.migrations.frozen import search_0025

revision: str = "0025_search_document"
down_revision: str | Sequence[str] | None = "0024_stage_bits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    search_0025.upgrade(op.get_bind())


def downgrade() -> None:
    search_0025.downgrade(op.get_bind())
