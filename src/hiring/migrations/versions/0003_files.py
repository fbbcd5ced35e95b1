"""Files of jobs and candidates: records of the objects kept in storage.

Revision ID: 0003_files
Revises: 0001_core
Create Date: 2026-11-29 04:05:42.353896
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hiring.db

revision: str = "0003_files"
down_revision: str | Sequence[str] | None = "0005_crm"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=True),
        sa.Column("candidate_id", sa.String(length=40), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by", sa.String(length=320), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(job_id IS NULL) <> (candidate_id IS NULL)", name=op.f("ck_files_exactly_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_files_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_files_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_files")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_files_storage_key")),
    )
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.create_index(
            "ix_files_candidate_id_created_at", ["candidate_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_files_job_id_created_at", ["job_id", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.drop_index("ix_files_job_id_created_at")
        batch_op.drop_index("ix_files_candidate_id_created_at")

    op.drop_table("files")
