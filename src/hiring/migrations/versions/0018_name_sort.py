"""Candidates are sorted by name ignoring case and accents: a stored sort name, filled for the
rows already there, with its list index in place of the index on the raw name

Revision ID: 0018_name_sort
Revises: 0017_removed_candidates
Create Date: 2026-12-05 08:40:00
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_name_sort"
down_revision: str | Sequence[str] | None = "0017_removed_candidates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


# The sort name as this revision computed it (the application's rule may change later).
def _sort_name(name: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())[:200]


def _fill_sort_names() -> None:
    connection = op.get_bind()
    candidates = sa.table(
        "candidates",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("sort_name", sa.String),
    )
    update = (
        candidates.update()
        .where(candidates.c.id == sa.bindparam("row_id"))
        .values(sort_name=sa.bindparam("value"))
    )
    after = ""
    while True:
        rows = connection.execute(
            sa.select(candidates.c.id, candidates.c.name)
            .where(candidates.c.id > after)
            .order_by(candidates.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            update, [{"row_id": row.id, "value": _sort_name(row.name)} for row in rows]
        )
        after = rows[-1].id


def upgrade() -> None:
    op.add_column(
        "candidates",
        sa.Column("sort_name", sa.String(length=200), nullable=False, server_default=""),
    )
    _fill_sort_names()
    op.drop_index("ix_candidates_archived_at_name_id", table_name="candidates")
    op.create_index(
        "ix_candidates_archived_at_sort_name_id",
        "candidates",
        ["archived_at", "sort_name", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_candidates_archived_at_sort_name_id", table_name="candidates")
    op.create_index(
        "ix_candidates_archived_at_name_id", "candidates", ["archived_at", "name", "id"]
    )
    op.drop_column("candidates", "sort_name")
