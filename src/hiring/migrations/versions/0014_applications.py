"""Applications keep what a public applicant sent (never written onto an existing person);
notes record the user who wrote them and the application a cover note came with

Revision ID: 0014_applications
Revises: 0013_search_simpler
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hiring.db

revision: str = "0014_applications"
down_revision: str | Sequence[str] | None = "0013_search_simpler"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("candidate_id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column(
            "submitted",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("new_candidate", sa.Boolean(), nullable=False),
        sa.Column("file_id", sa.String(length=40), nullable=True),
        sa.Column("details_used_at", hiring.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("details_used_by", sa.String(length=320), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_applications_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["files.id"],
            name=op.f("fk_applications_file_id_files"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["jobs.id"],
            name=op.f("fk_applications_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_applications_candidate_id_created_at", ["candidate_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_applications_file_id"), ["file_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_applications_job_id"), ["job_id"], unique=False)

    # SQLite rebuilds `notes` here; env.py turns foreign keys off so that is not a cascade.
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("application_id", sa.String(length=40), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_notes_application_id"), ["application_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_notes_application_id_applications"),
            "applications",
            ["application_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_notes_application_id_applications"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_notes_application_id"))
        batch_op.drop_column("application_id")
        batch_op.drop_column("created_by")

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_job_id"))
        batch_op.drop_index(batch_op.f("ix_applications_file_id"))
        batch_op.drop_index("ix_applications_candidate_id_created_at")

    op.drop_table("applications")
