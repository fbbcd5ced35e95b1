"""Interviews and scorecards: a job's scorecard attributes, interviews with their
interviewers, and each interviewer's scorecard

Revision ID: 0026_interviews
Revises: 0025_search_document
Create Date: 2026-12-05 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0026_interviews"
down_revision: str | Sequence[str] | None = "0025_search_document"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
WHEN = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "scorecard_attributes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        _fk("scorecard_attributes", "job_id", "jobs", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_scorecard_attributes"),
        sa.UniqueConstraint("job_id", "name", name="uq_scorecard_attributes_job_id_name"),
    )
    op.create_index("ix_scorecard_attributes_job_id", "scorecard_attributes", ["job_id"])
    op.create_table(
        "interviews",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("candidate_id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column("starts_at", WHEN, nullable=False),
        sa.Column("ends_at", WHEN, nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.Column("video_url", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", WHEN, nullable=True),
        sa.Column("organizer_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        _fk("interviews", "candidate_id", "candidates", "CASCADE"),
        _fk("interviews", "job_id", "jobs", "CASCADE"),
        _fk("interviews", "organizer_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_interviews"),
    )
    op.create_index(
        "ix_interviews_candidate_id_starts_at", "interviews", ["candidate_id", "starts_at"]
    )
    op.create_index("ix_interviews_job_id_starts_at", "interviews", ["job_id", "starts_at"])
    op.create_index("ix_interviews_starts_at", "interviews", ["starts_at"])
    op.create_table(
        "interview_interviewers",
        sa.Column("interview_id", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        _fk("interview_interviewers", "interview_id", "interviews", "CASCADE"),
        _fk("interview_interviewers", "user_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("interview_id", "user_id", name="pk_interview_interviewers"),
    )
    op.create_index("ix_interview_interviewers_user_id", "interview_interviewers", ["user_id"])
    op.create_table(
        "scorecards",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("interview_id", sa.String(length=40), nullable=False),
        sa.Column("interviewer_id", sa.String(length=40), nullable=False),
        sa.Column("recommendation", sa.String(length=20), nullable=False),
        sa.Column("ratings", JSON, nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("submitted_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        _fk("scorecards", "interview_id", "interviews", "CASCADE"),
        _fk("scorecards", "interviewer_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_scorecards"),
        sa.UniqueConstraint(
            "interview_id", "interviewer_id", name="uq_scorecards_interview_id_interviewer_id"
        ),
    )
    op.create_index("ix_scorecards_interviewer_id", "scorecards", ["interviewer_id"])


def downgrade() -> None:
    op.drop_table("scorecards")
    op.drop_table("interview_interviewers")
    op.drop_table("interviews")
    op.drop_table("scorecard_attributes")
