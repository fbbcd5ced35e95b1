"""placements and referrals

Revision ID: 0002_pipeline
Revises: 0001_core
Create Date: 2026-11-29 04:05:50.634287
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hiring.db

revision: str = "0002_pipeline"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "placements",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("candidate_id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("salary", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("rate", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=True),
        sa.Column("fee", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=320), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_placements_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_placements_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_placements_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            "ix_placements_job_id_start_date", ["job_id", "start_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_placements_start_date"), ["start_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_status"), ["status"], unique=False)

    op.create_table(
        "referrals",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("referrer_name", sa.String(length=200), nullable=False),
        sa.Column("referrer_email", sa.String(length=320), nullable=False),
        sa.Column("candidate_id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("bonus_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("candidate_created", sa.Boolean(), nullable=False),
        sa.Column("matched_by", sa.String(length=20), nullable=True),
        sa.Column("created_by", sa.String(length=320), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_referrals_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_referrals_job_id_jobs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referrals_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referrals_referrer_email"), ["referrer_email"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_status"))
        batch_op.drop_index(batch_op.f("ix_referrals_referrer_email"))
        batch_op.drop_index(batch_op.f("ix_referrals_job_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_created_at"))
        batch_op.drop_index(batch_op.f("ix_referrals_candidate_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placements_status"))
        batch_op.drop_index(batch_op.f("ix_placements_start_date"))
        batch_op.drop_index("ix_placements_job_id_start_date")
        batch_op.drop_index(batch_op.f("ix_placements_candidate_id"))

    op.drop_table("placements")
