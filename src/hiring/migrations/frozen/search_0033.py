"""The search objects of revision 0033_search_insert_key (SQLite only), frozen.

``hiring.candidates.search_index`` where 0033 was written: the insert trigger finds the newest
search key with two subqueries (each answered from the end of the key's index) instead of
``max(id)`` and ``min(id)`` in one SELECT, which SQLite answers by reading every key, so each
insert cost time in proportion to the candidates already there. ``SQLITE_UPGRADE`` is what the
revision runs on a 0029 database (the trigger replaced; keys and full-text rows stay),
``SQLITE_DOWNGRADE`` puts 0013's trigger back. ``SQLITE_INSTALL``, ``SQLITE_UNINSTALL`` and
``SQLITE_REBUILD`` are the whole set, for the next revision to start from. PostgreSQL's
objects are 0025's. Never edit: see ``hiring.migrations.frozen``.
"""

from sqlalchemy import Connection

SQLITE_UPGRADE: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS candidates_search_insert",
    (
        "CREATE TRIGGER candidates_search_insert AFTER INSERT ON candidates BEGIN\n        "
        "INSERT INTO candidates_fts_keys (id, candidate_id)\n            SELECT CASE WHEN "
        "new.archived_at IS NULL THEN n ELSE -n END, new.id\n            FROM (SELECT "
        "max(coalesce((SELECT max(id) FROM candidates_fts_keys), 0), -coalesce((SELECT min(id) "
        "FROM candidates_fts_keys), 0)) + 1 AS n);\n        INSERT INTO candidates_fts (rowid, "
        "name, email, current_company, current_title, skills, tags, resume_text)\n            "
        "SELECT k.id, new.name, new.email, new.current_company, new.current_title, (SELECT "
        "group_concat(value, ' ') FROM json_each(new.skills)), (SELECT group_concat(value, ' "
        "') FROM json_each(new.tags)), new.resume_text\n            FROM candidates_fts_keys k "
        "WHERE k.candidate_id = new.id;\n    END"
    ),
)

SQLITE_DOWNGRADE: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS candidates_search_insert",
    (
        "CREATE TRIGGER candidates_search_insert AFTER INSERT ON candidates BEGIN\n        "
        "INSERT INTO candidates_fts_keys (id, candidate_id)\n            SELECT CASE WHEN "
        "new.archived_at IS NULL THEN n ELSE -n END, new.id\n            FROM (SELECT "
        "max(coalesce(max(id), 0), -coalesce(min(id), 0)) + 1 AS n FROM candidates_fts_keys);\n"
        "        INSERT INTO candidates_fts (rowid, name, email, current_company, "
        "current_title, skills, tags, resume_text)\n            SELECT k.id, new.name, "
        "new.email, new.current_company, new.current_title, (SELECT group_concat(value, ' ') "
        "FROM json_each(new.skills)), (SELECT group_concat(value, ' ') FROM "
        "json_each(new.tags)), new.resume_text\n            FROM candidates_fts_keys k WHERE "
        "k.candidate_id = new.id;\n    END"
    ),
)

SQLITE_INSTALL: tuple[str, ...] = (
    (
        "CREATE TABLE candidates_fts_keys (id INTEGER PRIMARY KEY, candidate_id VARCHAR(40) "
        "NOT NULL UNIQUE)"
    ),
    (
        "CREATE VIRTUAL TABLE candidates_fts USING fts5(name, email, current_company, "
        "current_title, skills, tags, resume_text, tokenize = 'unicode61 remove_diacritics 2', "
        "prefix = '2 3 4')"
    ),
    (
        "CREATE TRIGGER candidates_search_insert AFTER INSERT ON candidates BEGIN\n        "
        "INSERT INTO candidates_fts_keys (id, candidate_id)\n            SELECT CASE WHEN "
        "new.archived_at IS NULL THEN n ELSE -n END, new.id\n            FROM (SELECT "
        "max(coalesce((SELECT max(id) FROM candidates_fts_keys), 0), -coalesce((SELECT min(id) "
        "FROM candidates_fts_keys), 0)) + 1 AS n);\n        INSERT INTO candidates_fts (rowid, "
        "name, email, current_company, current_title, skills, tags, resume_text)\n            "
        "SELECT k.id, new.name, new.email, new.current_company, new.current_title, (SELECT "
        "group_concat(value, ' ') FROM json_each(new.skills)), (SELECT group_concat(value, ' "
        "') FROM json_each(new.tags)), new.resume_text\n            FROM candidates_fts_keys k "
        "WHERE k.candidate_id = new.id;\n    END"
    ),
    (
        "CREATE TRIGGER candidates_search_update\n        AFTER UPDATE OF name, email, "
        "current_company, current_title, skills, tags, resume_text ON candidates BEGIN\n       "
        " DELETE FROM candidates_fts WHERE rowid =\n            (SELECT id FROM "
        "candidates_fts_keys WHERE candidate_id = old.id);\n        INSERT INTO candidates_fts "
        "(rowid, name, email, current_company, current_title, skills, tags, resume_text)\n     "
        "       SELECT k.id, new.name, new.email, new.current_company, new.current_title, "
        "(SELECT group_concat(value, ' ') FROM json_each(new.skills)), (SELECT "
        "group_concat(value, ' ') FROM json_each(new.tags)), new.resume_text\n            FROM "
        "candidates_fts_keys k WHERE k.candidate_id = new.id;\n    END"
    ),
    (
        "CREATE TRIGGER candidates_search_archive AFTER UPDATE OF archived_at ON candidates\n  "
        "      WHEN (old.archived_at IS NULL) <> (new.archived_at IS NULL) BEGIN\n        "
        "DELETE FROM candidates_fts WHERE rowid =\n            (SELECT id FROM "
        "candidates_fts_keys WHERE candidate_id = old.id);\n        UPDATE candidates_fts_keys "
        "SET id = -id WHERE candidate_id = new.id;\n        INSERT INTO candidates_fts (rowid, "
        "name, email, current_company, current_title, skills, tags, resume_text)\n            "
        "SELECT k.id, new.name, new.email, new.current_company, new.current_title, (SELECT "
        "group_concat(value, ' ') FROM json_each(new.skills)), (SELECT group_concat(value, ' "
        "') FROM json_each(new.tags)), new.resume_text\n            FROM candidates_fts_keys k "
        "WHERE k.candidate_id = new.id;\n    END"
    ),
    (
        "CREATE TRIGGER candidates_search_delete AFTER DELETE ON candidates BEGIN\n        "
        "DELETE FROM candidates_fts WHERE rowid =\n            (SELECT id FROM "
        "candidates_fts_keys WHERE candidate_id = old.id);\n        DELETE FROM "
        "candidates_fts_keys WHERE candidate_id = old.id;\n    END"
    ),
    (
        "CREATE TRIGGER candidates_labels_insert AFTER INSERT ON candidates BEGIN\n        "
        "INSERT OR IGNORE INTO candidate_labels (candidate_id, kind, value, archived)\n        "
        "    SELECT new.id, 'skill', lower(trim(value)), new.archived_at IS NOT NULL FROM "
        "json_each(new.skills) WHERE type = 'text' AND trim(value) <> '' UNION SELECT new.id, "
        "'tag', lower(trim(value)), new.archived_at IS NOT NULL FROM json_each(new.tags) WHERE "
        "type = 'text' AND trim(value) <> '' UNION SELECT new.id, 'language', "
        "lower(trim(value)), new.archived_at IS NOT NULL FROM json_each(new.languages) WHERE "
        "type = 'text' AND trim(value) <> '';\n    END"
    ),
    (
        "CREATE TRIGGER candidates_labels_update\n        AFTER UPDATE OF skills, tags, "
        "languages, archived_at ON candidates BEGIN\n        DELETE FROM candidate_labels "
        "WHERE candidate_id = old.id;\n        INSERT OR IGNORE INTO candidate_labels "
        "(candidate_id, kind, value, archived)\n            SELECT new.id, 'skill', "
        "lower(trim(value)), new.archived_at IS NOT NULL FROM json_each(new.skills) WHERE type "
        "= 'text' AND trim(value) <> '' UNION SELECT new.id, 'tag', lower(trim(value)), "
        "new.archived_at IS NOT NULL FROM json_each(new.tags) WHERE type = 'text' AND "
        "trim(value) <> '' UNION SELECT new.id, 'language', lower(trim(value)), "
        "new.archived_at IS NOT NULL FROM json_each(new.languages) WHERE type = 'text' AND "
        "trim(value) <> '';\n    END"
    ),
)

SQLITE_UNINSTALL: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS candidates_labels_update",
    "DROP TRIGGER IF EXISTS candidates_labels_insert",
    "DROP TRIGGER IF EXISTS candidates_search_delete",
    "DROP TRIGGER IF EXISTS candidates_search_archive",
    "DROP TRIGGER IF EXISTS candidates_search_update",
    "DROP TRIGGER IF EXISTS candidates_search_insert",
    "DROP TABLE IF EXISTS candidates_fts",
    "DROP TABLE IF EXISTS candidates_fts_keys",
)

SQLITE_REBUILD: tuple[str, ...] = (
    "DELETE FROM candidate_labels",
    (
        "INSERT OR IGNORE INTO candidate_labels (candidate_id, kind, value, archived) SELECT "
        "c.id, 'skill', lower(trim(value)), c.archived_at IS NOT NULL FROM candidates c, "
        "json_each(c.skills) WHERE type = 'text' AND trim(value) <> '' UNION SELECT c.id, "
        "'tag', lower(trim(value)), c.archived_at IS NOT NULL FROM candidates c, "
        "json_each(c.tags) WHERE type = 'text' AND trim(value) <> '' UNION SELECT c.id, "
        "'language', lower(trim(value)), c.archived_at IS NOT NULL FROM candidates c, "
        "json_each(c.languages) WHERE type = 'text' AND trim(value) <> ''"
    ),
    "DELETE FROM candidates_fts",
    "DELETE FROM candidates_fts_keys",
    (
        "INSERT INTO candidates_fts_keys (id, candidate_id) SELECT CASE WHEN archived_at IS "
        "NULL THEN n ELSE -n END, id FROM (SELECT id, archived_at, row_number() OVER (ORDER BY "
        "created_at, id) AS n FROM candidates)"
    ),
    (
        "INSERT INTO candidates_fts (rowid, name, email, current_company, current_title, "
        "skills, tags, resume_text) SELECT k.id, c.name, c.email, c.current_company, "
        "c.current_title, (SELECT group_concat(value, ' ') FROM json_each(c.skills)), (SELECT "
        "group_concat(value, ' ') FROM json_each(c.tags)), c.resume_text FROM "
        "candidates_fts_keys k JOIN candidates c ON c.id = k.candidate_id ORDER BY k.id"
    ),
)


def _run(connection: Connection, statements: tuple[str, ...]) -> None:
    if connection.dialect.name == "sqlite":
        for statement in statements:
            connection.exec_driver_sql(statement)


def upgrade(connection: Connection) -> None:
    """From 0013's insert trigger to this one (SQLite; nothing changes on PostgreSQL)."""
    _run(connection, SQLITE_UPGRADE)


def downgrade(connection: Connection) -> None:
    """Back to 0013's insert trigger (SQLite)."""
    _run(connection, SQLITE_DOWNGRADE)
