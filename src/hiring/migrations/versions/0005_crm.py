"""CRM companies and contacts; jobs reference them; candidates keep enrichment data

Revision ID: 0005_crm
Revises: 0001_core
Create Date: 2026-11-29 04:06:17.886629
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import hiring.db

revision: str = "0005_crm"
down_revision: str | Sequence[str] | None = "0002_pipeline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("industry", sa.String(length=200), nullable=True),
        sa.Column("employee_count", sa.Integer(), nullable=True),
        sa.Column("linkedin_url", sa.String(length=500), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column(
            "enrichment",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("enriched_at", hiring.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
    )
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_companies_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_companies_domain"), ["domain"], unique=False)
        batch_op.create_index(batch_op.f("ix_companies_name"), ["name"], unique=False)

    op.create_table(
        "contacts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("company_id", sa.String(length=40), nullable=True),
        sa.Column("linkedin_url", sa.String(length=500), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "enrichment",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("enriched_at", hiring.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hiring.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_contacts_company_id_companies"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contacts_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_contacts_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_contacts_name"), ["name"], unique=False)

    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "enrichment",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("enriched_at", hiring.db.UTCDateTime(timezone=True), nullable=True)
        )

    # SQLite rebuilds `jobs` here; env.py turns foreign keys off so that is not a cascade.
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("company_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("contact_id", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_jobs_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_contact_id"), ["contact_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_jobs_contact_id_contacts"),
            "contacts",
            ["contact_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_jobs_company_id_companies"),
            "companies",
            ["company_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_jobs_company_id_companies"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_jobs_contact_id_contacts"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_jobs_contact_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_company_id"))
        batch_op.drop_column("contact_id")
        batch_op.drop_column("company_id")

    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_column("enriched_at")
        batch_op.drop_column("enrichment")

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_name"))
        batch_op.drop_index(batch_op.f("ix_contacts_email"))
        batch_op.drop_index(batch_op.f("ix_contacts_created_at"))
        batch_op.drop_index(batch_op.f("ix_contacts_company_id"))

    op.drop_table("contacts")
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_companies_name"))
        batch_op.drop_index(batch_op.f("ix_companies_domain"))
        batch_op.drop_index(batch_op.f("ix_companies_created_at"))

    op.drop_table("companies")
