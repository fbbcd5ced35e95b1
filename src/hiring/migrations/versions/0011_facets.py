"""Label rows know whether their candidate is archived; one facet index for the candidate-level
filters replaces the single-column product and location indexes

Revision ID: 0011_facets
Revises: 0010_search_archived
Create Date: 2026-11-29 10:10:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from hiring.migrations.frozen import search_0007

revision: str = "0011_facets"
down_revision: str | Sequence[str] | None = "0010_search_archived"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACETS: tuple[sa.ColumnElement[Any], ...] = (
    sa.column("archived_at"),
    sa.column("source"),
    sa.func.lower(sa.column("product")),
    sa.column("stage"),
    sa.column("rating"),
    sa.func.lower(sa.column("location")),
    sa.column("created_at"),
    sa.column("id"),
)


def upgrade() -> None:
    connection = op.get_bind()
    label_columns = {c["name"] for c in sa.inspect(connection).get_columns("candidate_labels")}
    if "archived" not in label_columns:
        # Databases that ran 0007 before it declared the column lack it.
        op.add_column(
            "candidate_labels",
            sa.Column("archived", sa.Boolean(), server_default=sa.false(), nullable=False),
        )
    op.drop_index("ix_candidate_labels_kind_value_candidate_id", table_name="candidate_labels")
    op.create_index(
        "ix_candidate_labels_kind_value_archived_candidate_id",
        "candidate_labels",
        ["kind", "value", "archived", "candidate_id"],
    )
    op.drop_index("ix_candidates_archived_at_location_id", table_name="candidates")
    op.drop_index("ix_candidates_product", table_name="candidates")
    op.create_index("ix_candidates_facets", "candidates", list(FACETS))
    # The label triggers now copy `archived_at`: recreate the index objects and refill them.
    # They are the objects 0007 makes in its final form (frozen SQL of the same day).
    search_0007.uninstall(connection)
    search_0007.install(connection)
    search_0007.rebuild(connection)


def downgrade() -> None:
    op.drop_index("ix_candidates_facets", table_name="candidates")
    op.create_index("ix_candidates_product", "candidates", ["product"])
    op.create_index(
        "ix_candidates_archived_at_location_id", "candidates", ["archived_at", "location", "id"]
    )
    op.drop_index(
        "ix_candidate_labels_kind_value_archived_candidate_id", table_name="candidate_labels"
    )
    op.create_index(
        "ix_candidate_labels_kind_value_candidate_id",
        "candidate_labels",
        ["kind", "value", "candidate_id"],
    )
    # The column stays: the label triggers this revision installed fill it.
