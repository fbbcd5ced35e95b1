"""Candidates carry their identity keys (normalised email, LinkedIn profile and E.164 phone)
for duplicate checks; the case-folding expression indexes they replace are dropped; an index
on name and company finds namesakes at one employer

Revision ID: 0016_identity_keys
Revises: 0015_tasks
Create Date: 2026-12-05 06:00:00
"""

import os
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import phonenumbers
import sqlalchemy as sa
from alembic import op

revision: str = "0016_identity_keys"
down_revision: str | Sequence[str] | None = "0015_tasks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
LINKEDIN_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.)?linkedin\.com$")


# The keys as this revision computed them (the application's own rules may change later).
def _email_key(email: str | None) -> str | None:
    if not email or not email.strip():
        return None
    return email.strip().lower()


def _linkedin_key(url: str | None) -> str | None:
    if not url or not url.strip():
        return None
    text = url.strip().lower()
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    host = parts.hostname or ""
    if LINKEDIN_HOST.match(host):
        host = "linkedin.com"
    path = re.sub(r"/+", "/", parts.path).rstrip("/")
    return f"{host}{path}" or None


def _phone_key(phone: str | None, region: str | None) -> str | None:
    if not phone or not phone.strip():
        return None
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _fill_keys() -> None:
    """Keys for the candidates already there, in batches by id."""
    region = (os.environ.get("HIRING_PHONE_REGION") or "").strip().upper() or None
    connection = op.get_bind()
    candidates = sa.table(
        "candidates",
        sa.column("id", sa.String),
        sa.column("email", sa.String),
        sa.column("linkedin_url", sa.String),
        sa.column("phone", sa.String),
        sa.column("email_key", sa.String),
        sa.column("linkedin_key", sa.String),
        sa.column("phone_key", sa.String),
    )
    update = (
        candidates.update()
        .where(candidates.c.id == sa.bindparam("key_id"))
        .values(
            email_key=sa.bindparam("email_key"),
            linkedin_key=sa.bindparam("linkedin_key"),
            phone_key=sa.bindparam("phone_key"),
        )
    )
    after = ""
    while True:
        rows = connection.execute(
            sa.select(
                candidates.c.id, candidates.c.email, candidates.c.linkedin_url, candidates.c.phone
            )
            .where(candidates.c.id > after)
            .where(
                sa.or_(
                    candidates.c.email.is_not(None),
                    candidates.c.linkedin_url.is_not(None),
                    candidates.c.phone.is_not(None),
                )
            )
            .order_by(candidates.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            update,
            [
                {
                    "key_id": row.id,
                    "email_key": _email_key(row.email),
                    "linkedin_key": _linkedin_key(row.linkedin_url),
                    "phone_key": _phone_key(row.phone, region),
                }
                for row in rows
            ],
        )
        after = rows[-1].id


def upgrade() -> None:
    op.add_column("candidates", sa.Column("email_key", sa.String(length=320), nullable=True))
    op.add_column("candidates", sa.Column("linkedin_key", sa.String(length=500), nullable=True))
    op.add_column("candidates", sa.Column("phone_key", sa.String(length=20), nullable=True))
    _fill_keys()
    op.drop_index("ix_candidates_email_lower", table_name="candidates")
    op.drop_index("ix_candidates_linkedin_url_lower", table_name="candidates")
    op.create_index("ix_candidates_email_key", "candidates", ["email_key", "created_at"])
    op.create_index("ix_candidates_linkedin_key", "candidates", ["linkedin_key", "created_at"])
    op.create_index("ix_candidates_phone_key", "candidates", ["phone_key", "created_at"])
    op.create_index(
        "ix_candidates_name_company_lower",
        "candidates",
        [sa.text("lower(name)"), sa.text("lower(current_company)")],
    )


def downgrade() -> None:
    op.drop_index("ix_candidates_name_company_lower", table_name="candidates")
    op.drop_index("ix_candidates_phone_key", table_name="candidates")
    op.drop_index("ix_candidates_linkedin_key", table_name="candidates")
    op.drop_index("ix_candidates_email_key", table_name="candidates")
    op.create_index("ix_candidates_email_lower", "candidates", [sa.text("lower(email)")])
    op.create_index(
        "ix_candidates_linkedin_url_lower",
        "candidates",
        [sa.text("rtrim(lower(linkedin_url), '/')")],
    )
    # ALTER TABLE ... DROP COLUMN on both databases: rebuilding the table would lose the
    # search index's triggers on SQLite.
    for column in ("phone_key", "linkedin_key", "email_key"):
        op.execute(f"ALTER TABLE candidates DROP COLUMN {column}")
