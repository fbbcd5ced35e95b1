"""Alembic, configured in code so `hiring db upgrade` works from any directory."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from hiring.candidates.search_index import DATABASE_ONLY_NAMES

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def described_by_models(name: str | None, _type: str, _parents: object) -> bool:
    """Alembic's ``include_name``: the search index's own tables and expression indexes are
    made by the migration's raw SQL and have no model, so comparisons leave them out."""
    return name not in DATABASE_ONLY_NAMES


def upgrade(database_url: str, revision: str = "heads") -> None:
    """Bring the database schema up to date (the only way the schema is made)."""
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///").split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url), revision)
