"""Jobs carry what job boards and search engines read: the country (ISO 3166-1 alpha-2,
filled from the location text of the rows already there), structured pay, the last day to
apply, and the countries a remote job's applicants may live in

Revision ID: 0023_job_feeds
Revises: 0022_imports
Create Date: 2026-12-05 09:00:00
"""

import re
from collections.abc import Sequence

import pycountry
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0023_job_feeds"
down_revision: str | Sequence[str] | None = "0022_imports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BATCH = 5000

# The country of a location as this revision read it: the last part of the text, when it is
# a country's whole name (the application's rule may change later).
_SEPARATORS = r"[,;|/]|\s[-\u2013\u2014]\s"


def _names() -> dict[str, str]:
    return {"uk": "GB", "usa": "US", "us": "US"} | {
        name.casefold(): entry.alpha_2
        for entry in pycountry.countries
        for name in (
            entry.name,
            *(getattr(entry, key, "") for key in ("common_name", "official_name")),
        )
        if name
    }


def _fill_countries() -> None:
    names = _names()
    connection = op.get_bind()
    jobs = sa.table(
        "jobs", sa.column("id", sa.String), sa.column("location", sa.String), sa.column("country")
    )
    update = (
        jobs.update()
        .where(jobs.c.id == sa.bindparam("row_id"))
        .values(country=sa.bindparam("code"))
    )
    after = ""
    while True:
        rows = connection.execute(
            sa.select(jobs.c.id, jobs.c.location)
            .where(jobs.c.id > after)
            .order_by(jobs.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        found = []
        for row in rows:
            text = re.sub(r"\([^)]*\)", " ", row.location or "")
            last = re.split(_SEPARATORS, text)[-1]
            code = names.get(" ".join(last.split()).casefold())
            if code:
                found.append({"row_id": row.id, "code": code})
        if found:
            connection.execute(update, found)
        after = rows[-1].id


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("country", sa.String(length=2), nullable=True))
        batch.add_column(sa.Column("salary_min", sa.Numeric(14, 2), nullable=True))
        batch.add_column(sa.Column("salary_max", sa.Numeric(14, 2), nullable=True))
        batch.add_column(sa.Column("salary_currency", sa.String(length=3), nullable=True))
        batch.add_column(sa.Column("salary_period", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("valid_through", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("remote_countries", JSON, nullable=False, server_default=sa.text("'[]'"))
        )
    _fill_countries()


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        for column in (
            "remote_countries",
            "valid_through",
            "salary_period",
            "salary_currency",
            "salary_max",
            "salary_min",
            "country",
        ):
            batch.drop_column(column)
