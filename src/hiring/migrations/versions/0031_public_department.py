"""Jobs carry the department the public reads on the careers page and in the job feeds, so
the internal product label never has to be shown

Revision ID: 0031_public_department
Revises: 0030_manatal
Create Date: 2026-12-06 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031_public_department"
down_revision: str | Sequence[str] | None = "0030_manatal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("public_department", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("public_department")
