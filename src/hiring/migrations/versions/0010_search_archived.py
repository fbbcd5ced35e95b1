"""SQLite search keys record whether each candidate is archived (fast search-box counts)

Revision ID: 0010_search_archived
Revises: 0009_list_indexes
Create Date: 2026-11-29 08:45:00
"""

from collections.abc import Sequence

from alembic import op

from hiring.migrations.frozen import search_0010

revision: str = "0010_search_archived"
down_revision: str | Sequence[str] | None = "0009_list_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    # The index objects are recreated in this revision's shape (frozen SQL) and refilled.
    search_0010.uninstall(connection)
    search_0010.install(connection)
    search_0010.rebuild(connection)


def downgrade() -> None:
    """Nothing to undo: the keys' extra column is harmless to the earlier code."""
