"""Search keys follow the candidates' creation order (with a flag saying whether they still do),
so a search's newest matches are read first from the full-text index

Revision ID: 0012_search_order
Revises: 0011_facets
Create Date: 2026-11-29 13:50:00
"""

from collections.abc import Sequence

from alembic import op

from hiring.migrations.frozen import search_0012

revision: str = "0012_search_order"
down_revision: str | Sequence[str] | None = "0011_facets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # New order table and triggers; the rebuild numbers the keys in creation order.
        search_0012.uninstall(connection)
        search_0012.install(connection)
        search_0012.rebuild(connection)


def downgrade() -> None:
    # Nothing to undo: the search objects stay as this revision made them (the order table and
    # its trigger only speed up reads).
    pass
