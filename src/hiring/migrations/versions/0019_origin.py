"""Where records come from: a candidate's origin (portal, API, careers page, referral,
import…) with what came with it, and an application's channel and campaign (utm_*)

Revision ID: 0019_origin
Revises: 0018_name_sort
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019_origin"
down_revision: str | Sequence[str] | None = "0018_name_sort"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.add_column("candidates", sa.Column("origin", sa.String(length=20), nullable=True))
    op.add_column("candidates", sa.Column("origin_details", JSON, nullable=True))
    op.add_column("applications", sa.Column("channel", sa.String(length=20), nullable=True))
    op.add_column("applications", sa.Column("utm", JSON, nullable=True))


def downgrade() -> None:
    op.drop_column("applications", "utm")
    op.drop_column("applications", "channel")
    op.drop_column("candidates", "origin_details")
    op.drop_column("candidates", "origin")
