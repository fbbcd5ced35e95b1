"""The migrations are the only way the schema is made: they must build exactly the models."""

import ast
import json
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect, text

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
    # column and fills it from the candidates already there.
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
        engine.dispose()
        assert [(c, bool(a)) for c, a in labels] == [
            ("cand_0", False),
            ("cand_1", True),
            ("cand_2", False),
        ]


# Every released revision, oldest first: a database may be at any of them when it is upgraded.
REVISIONS = [
    script.revision
    for script in reversed(
        list(ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions())
    )
]
VERSIONS = MIGRATIONS / "versions"
FROZEN = MIGRATIONS / "frozen"


def _hiring_imports(path: Path) -> list[str]:
    """The modules of package ``hiring`` that a source file imports."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in names if name == "hiring" or name.startswith("hiring.")]


def test_revisions_import_no_domain_code() -> None:
    # A released revision does the same thing for ever: code that changes with the app (the
    # models, search_index) must not reach into it. Column types and frozen SQL only.
    files = sorted(VERSIONS.glob("*.py"))
    assert len(files) == len(REVISIONS)
    for path in files:
        for name in _hiring_imports(path):
            assert name == "hiring.db" or name.startswith("hiring.migrations."), (path.name, name)
    # The frozen SQL itself depends on nothing of the app.
    for path in sorted(FROZEN.glob("*.py")):
        assert _hiring_imports(path) == [], path.name


def _search_objects(connection: Connection) -> dict[str, str]:
    """The definition of every table, index, trigger and function of the current schema."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text("SELECT type || ' ' || name, coalesce(sql, '') FROM sqlite_master")
        )
    else:
        rows = connection.execute(
            text(
                "SELECT 'index ' || indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() "
                "UNION ALL SELECT 'function ' || p.oid::regprocedure::text, "
                "pg_get_functiondef(p.oid) FROM pg_proc p "
                "JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() "
                "UNION ALL SELECT 'trigger ' || t.tgname, pg_get_triggerdef(t.oid) "
                "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND NOT t.tgisinternal "
                "UNION ALL SELECT 'table ' || table_name, '' FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        )
    return dict(rows.all())


SEARCH_OBJECTS = {
    "sqlite": {
        "table candidates_fts",
        "table candidates_fts_keys",
        "trigger candidates_search_insert",
        "trigger candidates_search_update",
        "trigger candidates_search_archive",
        "trigger candidates_search_delete",
        "trigger candidates_labels_insert",
        "trigger candidates_labels_update",
    },
    "postgresql": {
        "function candidate_search_document(text,text,text,text,jsonb,jsonb,text)",
        "function candidate_labels_sync()",
        "index ix_candidates_search_document",
        "index ix_candidates_location_trgm",
        "trigger candidates_labels_sync",
    },
}


def test_head_makes_exactly_the_search_objects_of_the_live_module(tmp_path: Path) -> None:
    # The revisions carry frozen SQL; at the head it must be what search_index installs today
    # (a change to search_index needs a new revision with its own frozen module).
    for url in fresh_database_url(tmp_path):
        upgrade(url)
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                dialect = connection.dialect.name
                migrated = _search_objects(connection)
                search_index.uninstall(connection)
                dropped = _search_objects(connection)
                search_index.install(connection)
                installed = _search_objects(connection)
        finally:
            engine.dispose()
        assert installed == migrated
        # Something was compared: the search objects are among them.
        assert {name for name in migrated if name not in dropped} >= SEARCH_OBJECTS[dialect]


TIMESTAMP = "2026-01-01 00:00:00"
CANDIDATES = {
    # id: (name, skills, tags, languages, archived_at)
    "cand_ada": ("Ada Lovelace", ["Kubernetes", " Go "], ["Priority"], ["English"], None),
    "cand_zoe": ("Zoë Álvarez", ["kubernetes", "Rust"], ["alumni"], [], "2026-01-03 00:00:00"),
    # Created before the others but inserted after them: the keys are out of order.
    "cand_old": ("Grace Hopper", ["COBOL"], [], ["English", "Spanish"], None),
}
CREATED = {"cand_ada": "2026-01-02 00:00:00", "cand_zoe": "2026-01-02 00:00:01"}


def _insert_rows(connection: Connection) -> None:
    """Representative rows in raw SQL valid at every revision (the core tables are 0001's)."""
    tables = set(inspect(connection).get_table_names())
    connection.execute(
        text(
            "INSERT INTO jobs (id, title, product, location, job_type, status, created_at, "
            "updated_at) VALUES ('job_1', 'Platform engineer', 'studios', 'Remote', 'contract', "
            "'open', :at, :at)"
        ),
        {"at": TIMESTAMP},
    )
    for candidate_id, (name, skills, tags, languages, archived_at) in CANDIDATES.items():
        connection.execute(
            text(
                "INSERT INTO candidates (id, name, email, current_title, current_company, "
                "resume_text, source, stage, job_id, skills, desired_roles, languages, tags, "
                "archived_at, created_at, updated_at) VALUES (:id, :name, :email, 'Engineer', "
                "'Analytical Engines', :resume, 'direct', 'applied', 'job_1', :skills, '[]', "
                ":languages, :tags, :archived_at, :created_at, :created_at)"
            ),
            {
                "id": candidate_id,
                "name": name,
                "email": f"{candidate_id.title()}@Example.com",
                "resume": f"Resume of {name}: compilers and {candidate_id.removeprefix('cand_')}",
                "skills": json.dumps(skills),
                "languages": json.dumps(languages),
                "tags": json.dumps(tags),
                "archived_at": archived_at,
                "created_at": CREATED.get(candidate_id, TIMESTAMP),
            },
        )
    connection.execute(
        text(
            "INSERT INTO assignments (id, job_id, candidate_id, stage, created_at, updated_at) "
            "VALUES ('asg_1', 'job_1', 'cand_ada', 'screening', :at, :at)"
        ),
        {"at": TIMESTAMP},
    )
    connection.execute(
        text(
            "INSERT INTO notes (id, candidate_id, body, author, created_at, updated_at) "
            "VALUES ('note_1', 'cand_ada', 'Strong on Kubernetes', 'lead@example.com', :at, :at)"
        ),
        {"at": TIMESTAMP},
    )
    connection.execute(
        text(
            "INSERT INTO activities (id, candidate_id, activity_type, title, created_at) "
            "VALUES ('act_1', 'cand_ada', 'note_added', 'Note added', :at)"
        ),
        {"at": TIMESTAMP},
    )
    if "candidate_segments" in tables:
        connection.execute(
            text(
                "INSERT INTO candidate_segments (id, name, filters, created_at, updated_at) "
                "VALUES ('seg_1', 'Kubernetes people', :filters, :at, :at)"
            ),
            {"filters": json.dumps({"skills": ["kubernetes"]}), "at": TIMESTAMP},
        )


def _found(connection: Connection, word: str) -> dict[str, bool]:
    """The candidates the full-text objects find for ``word``, with whether each is active."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text(
                "SELECT k.candidate_id, k.id > 0 FROM candidates_fts "
                "JOIN candidates_fts_keys k ON k.id = candidates_fts.rowid "
                "WHERE candidates_fts MATCH :word"
            ),
            {"word": word},
        )
    else:
        rows = connection.execute(
            text(
                f"SELECT id, archived_at IS NULL FROM candidates WHERE "
                f"{search_index.PG_DOCUMENT_CALL} @@ to_tsquery('simple'::regconfig, :word)"
            ),
            {"word": word},
        )
    return {candidate_id: bool(active) for candidate_id, active in rows}


def _labels(connection: Connection) -> set[tuple[str, str, str, bool]]:
    rows = connection.execute(
        text("SELECT candidate_id, kind, value, archived FROM candidate_labels")
    )
    return {(c, k, v, bool(a)) for c, k, v, a in rows}


def _expected_labels() -> set[tuple[str, str, str, bool]]:
    return {
        (candidate_id, kind, value.strip().lower(), archived_at is not None)
        for candidate_id, (_, skills, tags, languages, archived_at) in CANDIDATES.items()
        for kind, values in (("skill", skills), ("tag", tags), ("language", languages))
        for value in values
    }


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrade_from_every_revision_keeps_rows_and_search(tmp_path: Path, revision: str) -> None:
    for url in fresh_database_url(tmp_path):
        upgrade(url, revision)
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                _insert_rows(connection)
            upgrade(url)
            with engine.begin() as connection:
                counts = {
                    table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                    for table in (
                        "jobs",
                        "candidates",
                        "assignments",
                        "notes",
                        "activities",
                        "candidate_segments",
                    )
                }
                skills = connection.execute(
                    text("SELECT skills FROM candidates WHERE id = 'cand_ada'")
                ).scalar()
                searches = {
                    word: _found(connection, word)
                    for word in ("kubernetes", "lovelace", "alvarez", "cobol", "compilers")
                }
                labels = _labels(connection)
                email_keys = dict(
                    connection.execute(text("SELECT id, email_key FROM candidates")).all()
                )
                sort_names = dict(
                    connection.execute(text("SELECT id, sort_name FROM candidates")).all()
                )
                if connection.dialect.name == "sqlite":
                    # A search key is negative while its candidate is archived.
                    signs = connection.execute(
                        text("SELECT id > 0, count(*) FROM candidates_fts_keys GROUP BY id > 0")
                    )
                    assert dict(signs.all()) == {1: 2, 0: 1}
                # The head's triggers follow what is written next.
                connection.execute(
                    text(
                        "UPDATE candidates SET archived_at = :at, skills = :skills "
                        "WHERE id = 'cand_old'"
                    ),
                    {"at": TIMESTAMP, "skills": json.dumps(["Fortran"])},
                )
                after_update = (_found(connection, "fortran"), _found(connection, "cobol"))
                old_labels = {label for label in _labels(connection) if label[0] == "cand_old"}
        finally:
            engine.dispose()
        assert counts == {
            "jobs": 1,
            "candidates": 3,
            "assignments": 1,
            "notes": 1,
            "activities": 1,
            # The segments table came with 0007.
            "candidate_segments": int(REVISIONS.index(revision) >= REVISIONS.index("0007_search")),
        }
        assert (json.loads(skills) if isinstance(skills, str) else skills) == ["Kubernetes", " Go "]
        assert searches == {
            "kubernetes": {"cand_ada": True, "cand_zoe": False},
            "lovelace": {"cand_ada": True},
            "alvarez": {"cand_zoe": False},
            "cobol": {"cand_old": True},
            "compilers": {"cand_ada": True, "cand_zoe": False, "cand_old": True},
        }
        assert labels == _expected_labels()
        # Rows written before the keys existed get them from the migration that added them.
        if REVISIONS.index(revision) < REVISIONS.index("0016_identity_keys"):
            assert email_keys == {c: f"{c}@example.com" for c in CANDIDATES}
        if REVISIONS.index(revision) < REVISIONS.index("0018_name_sort"):
            assert sort_names == {
                "cand_ada": "ada lovelace",
                "cand_zoe": "zoe alvarez",
                "cand_old": "grace hopper",
            }
        assert after_update == ({"cand_old": False}, {})
        assert old_labels == {
            ("cand_old", "skill", "fortran", True),
            ("cand_old", "language", "english", True),
            ("cand_old", "language", "spanish", True),
        }
