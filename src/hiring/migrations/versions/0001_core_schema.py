"""core schema

Revision ID: 0001_core
Revises:
Create Date: 2026-11-29 03:45:16.276002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hiring.db

revision: str = "0001_core"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("product", sa.String(length=100), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("requirements", sa.Text(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("job_type", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("salary_range", sa.String(length=100), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_product"), ["product"], unique=False)
        batch_op.create_index("ix_jobs_status_created_at", ["status", "created_at"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", hiring.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "candidates",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("linkedin_url", sa.String(length=500), nullable=True),
        sa.Column("github_url", sa.String(length=500), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("current_title", sa.String(length=200), nullable=True),
        sa.Column("current_company", sa.String(length=200), nullable=True),
        sa.Column("resume_text", sa.Text(), nullable=True),
        sa.Column(
            "resume_parsed",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=True),
        sa.Column("product", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("assigned_to", sa.String(length=320), nullable=True),
        sa.Column(
            "skills",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("availability", sa.String(length=200), nullable=True),
        sa.Column(
            "desired_roles",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("salary_expectation", sa.String(length=100), nullable=True),
        sa.Column("notice_period", sa.String(length=100), nullable=True),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("archived_at", hiring.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_candidates_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidates_archived_at_created_at", ["archived_at", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_candidates_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_candidates_email", ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_product"), ["product"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_stage"), ["stage"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidates_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "activities",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=True),
        sa.Column("candidate_id", sa.String(length=40), nullable=True),
        sa.Column("activity_type", sa.String(length=50), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=320), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(job_id IS NULL) <> (candidate_id IS NULL)",
            name=op.f("ck_activities_exactly_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_activities_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_activities_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activities_candidate_id_created_at", ["candidate_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activities_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            "ix_activities_job_id_created_at", ["job_id", "created_at"], unique=False
        )

    op.create_table(
        "assignments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column("candidate_id", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("assigned_by", sa.String(length=320), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_assignments_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_assignments_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint(
            "job_id", "candidate_id", name=op.f("uq_assignments_job_id_candidate_id")
        ),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assignments_candidate_id_stage", ["candidate_id", "stage"], unique=False
        )
        batch_op.create_index("ix_assignments_job_id_stage", ["job_id", "stage"], unique=False)

    op.create_table(
        "notes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=True),
        sa.Column("candidate_id", sa.String(length=40), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=320), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(job_id IS NULL) <> (candidate_id IS NULL)", name=op.f("ck_notes_exactly_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_notes_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_notes_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notes_candidate_id_created_at", ["candidate_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_notes_job_id_created_at", ["job_id", "created_at"], unique=False)

    op.create_table(
        "stage_changes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("assignment_id", sa.String(length=40), nullable=False),
        sa.Column("from_stage", sa.String(length=20), nullable=True),
        sa.Column("to_stage", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_stage_changes_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_changes")),
    )
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stage_changes_assignment_id"), ["assignment_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_changes_assignment_id"))

    op.drop_table("stage_changes")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index("ix_notes_job_id_created_at")
        batch_op.drop_index("ix_notes_candidate_id_created_at")

    op.drop_table("notes")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_assignments_job_id_stage")
        batch_op.drop_index("ix_assignments_candidate_id_stage")

    op.drop_table("assignments")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_job_id_created_at")
        batch_op.drop_index(batch_op.f("ix_activities_created_at"))
        batch_op.drop_index("ix_activities_candidate_id_created_at")

    op.drop_table("activities")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidates_updated_at"))
        batch_op.drop_index(batch_op.f("ix_candidates_stage"))
        batch_op.drop_index(batch_op.f("ix_candidates_source"))
        batch_op.drop_index(batch_op.f("ix_candidates_product"))
        batch_op.drop_index(batch_op.f("ix_candidates_name"))
        batch_op.drop_index(batch_op.f("ix_candidates_job_id"))
        batch_op.drop_index("ix_candidates_email")
        batch_op.drop_index(batch_op.f("ix_candidates_created_at"))
        batch_op.drop_index("ix_candidates_archived_at_created_at")

    op.drop_table("candidates")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    op.drop_table("users")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_created_at")
        batch_op.drop_index(batch_op.f("ix_jobs_product"))
        batch_op.drop_index(batch_op.f("ix_jobs_created_at"))

    op.drop_table("jobs")
