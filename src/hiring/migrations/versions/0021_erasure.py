"""Erasure: placements and referrals outlive an erased candidate; an erasure keeps its reason

Revision ID: 0021_erasure
Revises: 0020_audit_log
Create Date: 2026-12-05 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_erasure"
down_revision: str | Sequence[str] | None = "0020_audit_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The business records that stay (anonymised) when their candidate is erased.
KEPT_RECORDS = ("placements", "referrals")


def _candidate_link(table: str, *, nullable: bool, ondelete: str) -> None:
    name = f"fk_{table}_candidate_id_candidates"
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(name, type_="foreignkey")
        batch_op.alter_column("candidate_id", existing_type=sa.String(40), nullable=nullable)
        batch_op.create_foreign_key(name, "candidates", ["candidate_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    op.add_column("removed_candidates", sa.Column("reason_text", sa.Text(), nullable=True))
    for table in KEPT_RECORDS:
        _candidate_link(table, nullable=True, ondelete="SET NULL")


def downgrade() -> None:
    for table in KEPT_RECORDS:
        op.execute(sa.text(f"DELETE FROM {table} WHERE candidate_id IS NULL"))
        _candidate_link(table, nullable=False, ondelete="CASCADE")
    with op.batch_alter_table("removed_candidates") as batch_op:
        batch_op.drop_column("reason_text")
