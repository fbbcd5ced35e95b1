"""Case-insensitive lookup indexes for finding a person by email or LinkedIn URL

Revision ID: 0008_identity_lookup
Revises: 0007_search
Create Date: 2026-11-29 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_identity_lookup"
down_revision: str | Sequence[str] | None = "0007_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_candidates_email_lower", "candidates", [sa.text("lower(email)")])
    op.create_index(
        "ix_candidates_linkedin_url_lower",
        "candidates",
        [sa.text("rtrim(lower(linkedin_url), '/')")],
    )


def downgrade() -> None:
    op.drop_index("ix_candidates_linkedin_url_lower", table_name="candidates")
    op.drop_index("ix_candidates_email_lower", table_name="candidates")
