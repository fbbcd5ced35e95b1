"""SQLite search objects without the candidate totals and the key-order flag: lists count their
rows, and a search's page is read like any other list's

Revision ID: 0013_search_simpler
Revises: 0012_search_order
Create Date: 2026-12-04 17:10:00
"""

from collections.abc import Sequence

from alembic import op

from hiring.migrations.frozen import search_0012, search_0013

revision: str = "0013_search_simpler"
down_revision: str | Sequence[str] | None = "0012_search_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    search_0013.upgrade(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        search_0013.uninstall(connection)
        search_0012.install(connection)
        search_0012.rebuild(connection)
