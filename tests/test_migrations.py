"""The migrations are the only way the schema is made: they must build exactly the models."""

import warnings
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from hiring.candidates import search_index
from hiring.migrate import MIGRATIONS, alembic_config, described_by_models, upgrade
from hiring.models import Base
from tests.conftest import fresh_database_url

INDEX_NAMES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'index'",
    "postgresql": "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()",
}


def test_migrations_have_a_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, script.get_heads()


def test_upgrade_of_an_empty_database_matches_the_models(tmp_path: Path) -> None:
    for url in fresh_database_url(tmp_path):
        upgrade(url)
        engine = create_engine(url)
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": described_by_models}
            )
            with warnings.catch_warnings():
                # Expression indexes are not reflected: the next check covers them by name.
                warnings.filterwarnings("ignore", ".*expression-based index")
                diff = compare_metadata(context, Base.metadata)
            tables = set(inspect(connection).get_table_names())
            indexes = set(connection.execute(text(INDEX_NAMES[connection.dialect.name])).scalars())
        engine.dispose()
        assert diff == [], diff
        assert {t.name for t in Base.metadata.sorted_tables} <= tables
        wanted = {i.name for t in Base.metadata.sorted_tables for i in t.indexes}
        assert wanted <= indexes, wanted - indexes


def test_migration_files_live_in_the_package() -> None:
    assert (MIGRATIONS / "env.py").exists()
    assert any((MIGRATIONS / "versions").glob("0001_*.py"))


def test_upgrade_keeps_rows_that_reference_rebuilt_tables(tmp_path: Path) -> None:
    # SQLite rebuilds altered tables by dropping them: with foreign keys on, that would
    # cascade into the rows referencing them.
    for url in fresh_database_url(tmp_path):
        upgrade(url, "0001_core")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO jobs (id, title, product, location, job_type, status, "
                    "created_at, updated_at) VALUES ('job_1', 'Engineer', 'studios', 'Remote', "
                    "'contract', 'open', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO activities (id, job_id, activity_type, title, created_at) "
                    "VALUES ('act_1', 'job_1', 'created', 'Job created', '2026-01-01 00:00:00')"
                )
            )
        upgrade(url)
        with engine.connect() as connection:
            kept = connection.execute(text("SELECT count(*) FROM activities")).scalar()
        engine.dispose()
        assert kept == 1


def test_label_rows_learn_who_is_archived_on_upgrade(tmp_path: Path) -> None:
    # A database that ran 0007 before its label rows had `archived`: the upgrade adds the
    # column and fills it (and, on SQLite, the totals) from the candidates already there.
    for url in fresh_database_url(tmp_path):
        upgrade(url, "0010_search_archived")
        engine = create_engine(url)
        with engine.begin() as connection:
            search_index.uninstall(connection)
            connection.execute(text("DROP INDEX ix_candidate_labels_kind_value_candidate_id"))
            connection.execute(text("ALTER TABLE candidate_labels DROP COLUMN archived"))
            connection.execute(
                text(
                    "CREATE INDEX ix_candidate_labels_kind_value_candidate_id "
                    "ON candidate_labels (kind, value, candidate_id)"
                )
            )
            for n, archived_at in enumerate((None, "2026-01-02 00:00:00", None)):
                connection.execute(
                    text(
                        "INSERT INTO candidates (id, name, source, stage, skills, desired_roles, "
                        "languages, tags, archived_at, created_at, updated_at) VALUES (:id, "
                        "'Kim', 'direct', 'applied', '[\"Go\"]', '[]', '[]', '[]', :archived, "
                        "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                    ),
                    {"id": f"cand_{n}", "archived": archived_at},
                )
        upgrade(url)
        with engine.connect() as connection:
            labels = connection.execute(
                text("SELECT candidate_id, archived FROM candidate_labels ORDER BY candidate_id")
            ).all()
            if connection.dialect.name == "sqlite":  # the totals live in SQLite only
                totals = connection.execute(text("SELECT archived, n FROM candidates_totals"))
                assert sorted((bool(a), n) for a, n in totals) == [(False, 2), (True, 1)]
        engine.dispose()
        assert [(c, bool(a)) for c, a in labels] == [
            ("cand_0", False),
            ("cand_1", True),
            ("cand_2", False),
        ]
