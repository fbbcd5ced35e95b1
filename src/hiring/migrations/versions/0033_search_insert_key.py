"""SQLite: a new candidate's search key is found from the ends of the key index instead of by
reading every key, so adding a candidate no longer slows down as the table grows (an import of
100k rows spent most of its time there)

Revision ID: 0033_search_insert_key
Revises: 0032_embeddings
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

from alembic import op

from hiring.migrations.frozen import search_0033

revision: str = "0033_search_insert_key"
down_revision: str | Sequence[str] | None = "0032_embeddings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    search_0033.upgrade(op.get_bind())


def downgrade() -> None:
    search_0033.downgrade(op.get_bind())
