"""The search and label objects of revision 0012_search_order (SQLite only), frozen.

``hiring.candidates.search_index`` (install, uninstall, rebuild) at commit 1cbe8f3, where 0012 was
written: a key is negative while its candidate is archived, and keys follow (created_at, id)
order while ``candidates_fts_order`` says so (trigger ``candidates_search_reorder``). Its install
is the head's objects on both databases; the revision runs only the SQLite statements (the
PostgreSQL ones are 0011's). Never edit: see ``hiring.migrations.frozen``.
"""

from sqlalchemy import Connection

SQLITE_INSTALL: tuple[str, ...] = (
    "CREATE TABLE candidates_totals (archived BOOLEAN PRIMARY KEY, n INTEGER NOT NULL)",
    "INSERT INTO candidates_totals (archived, n) VALUES (0, 0), (1, 0)",
    "CREATE TABLE candidates_fts_order (in_order BOOLEAN NOT NULL)",
    "INSERT INTO candidates_fts_order (in_order) VALUES (1)",
    (
        "CREATE TABLE candidates_fts_keys (id INTEGER PRIMARY KEY, candidate_id VARCHAR(40) NOT "
        "NULL UNIQUE)"
    ),
    (
        "CREATE VIRTUAL TABLE candidates_fts USING fts5(name, email, current_company, "
        "current_title, skills, tags, resume_text, tokenize = 'unicode61 remove_diacritics 2', "
        "prefix = '2 3 4')"
    ),
    (
        "CREATE TRIGGER candidates_search_insert AFTER INSERT ON candidates BEGIN\n"
        "        UPDATE candidates_fts_order SET in_order = 0 WHERE in_order AND EXISTS (\n"
        "            SELECT 1 FROM (SELECT max(coalesce(max(id), 0), -coalesce(min(id), 0)) AS m "
        "FROM candidates_fts_keys) AS newest\n"
        "            JOIN candidates_fts_keys k ON k.id IN (newest.m, -newest.m)\n"
        "            JOIN candidates c ON c.id = k.candidate_id\n"
        "            WHERE c.created_at > new.created_at\n"
        "               OR (c.created_at = new.created_at AND c.id > new.id));\n"
        "        INSERT INTO candidates_fts_keys (id, candidate_id)\n"
        "            SELECT CASE WHEN new.archived_at IS NULL THEN n ELSE -n END, new.id\n"
        "            FROM (SELECT max(coalesce(max(id), 0), -coalesce(min(id), 0)) + 1 AS n FROM "
        "candidates_fts_keys);\n"
        "        UPDATE candidates_totals SET n = n + 1 WHERE archived = (new.archived_at IS NOT "
        "NULL);\n"
        "        INSERT INTO candidates_fts (rowid, name, email, current_company, current_title, "
        "skills, tags, resume_text)\n"
        "            SELECT k.id, new.name, new.email, new.current_company, new.current_title, "
        "(SELECT group_concat(value, ' ') FROM json_each(new.skills)), (SELECT group_concat(value, "
        "' ') FROM json_each(new.tags)), new.resume_text\n"
        "            FROM candidates_fts_keys k WHERE k.candidate_id = new.id;\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_search_update\n"
        "        AFTER UPDATE OF name, email, current_company, current_title, skills, tags, "
        "resume_text ON candidates BEGIN\n"
        "        DELETE FROM candidates_fts WHERE rowid =\n"
        "            (SELECT id FROM candidates_fts_keys WHERE candidate_id = old.id);\n"
        "        INSERT INTO candidates_fts (rowid, name, email, current_company, current_title, "
        "skills, tags, resume_text)\n"
        "            SELECT k.id, new.name, new.email, new.current_company, new.current_title, "
        "(SELECT group_concat(value, ' ') FROM json_each(new.skills)), (SELECT group_concat(value, "
        "' ') FROM json_each(new.tags)), new.resume_text\n"
        "            FROM candidates_fts_keys k WHERE k.candidate_id = new.id;\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_search_archive AFTER UPDATE OF archived_at ON candidates\n"
        "        WHEN (old.archived_at IS NULL) <> (new.archived_at IS NULL) BEGIN\n"
        "        DELETE FROM candidates_fts WHERE rowid =\n"
        "            (SELECT id FROM candidates_fts_keys WHERE candidate_id = old.id);\n"
        "        UPDATE candidates_fts_keys SET id = -id WHERE candidate_id = new.id;\n"
        "        INSERT INTO candidates_fts (rowid, name, email, current_company, current_title, "
        "skills, tags, resume_text)\n"
        "            SELECT k.id, new.name, new.email, new.current_company, new.current_title, "
        "(SELECT group_concat(value, ' ') FROM json_each(new.skills)), (SELECT group_concat(value, "
        "' ') FROM json_each(new.tags)), new.resume_text\n"
        "            FROM candidates_fts_keys k WHERE k.candidate_id = new.id;\n"
        "        UPDATE candidates_totals SET n = n - 1 WHERE archived = (old.archived_at IS NOT "
        "NULL);\n"
        "        UPDATE candidates_totals SET n = n + 1 WHERE archived = (new.archived_at IS NOT "
        "NULL);\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_search_reorder AFTER UPDATE OF created_at, id ON candidates\n"
        "        WHEN old.created_at IS NOT new.created_at OR old.id IS NOT new.id BEGIN\n"
        "        UPDATE candidates_fts_order SET in_order = 0;\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_search_delete AFTER DELETE ON candidates BEGIN\n"
        "        DELETE FROM candidates_fts WHERE rowid =\n"
        "            (SELECT id FROM candidates_fts_keys WHERE candidate_id = old.id);\n"
        "        DELETE FROM candidates_fts_keys WHERE candidate_id = old.id;\n"
        "        UPDATE candidates_totals SET n = n - 1 WHERE archived = (old.archived_at IS NOT "
        "NULL);\n"
        "        -- An empty index is in order again.\n"
        "        UPDATE candidates_fts_order SET in_order = 1\n"
        "            WHERE NOT in_order AND NOT EXISTS (SELECT 1 FROM candidates_fts_keys);\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_labels_insert AFTER INSERT ON candidates BEGIN\n"
        "        INSERT OR IGNORE INTO candidate_labels (candidate_id, kind, value, archived)\n"
        "            SELECT new.id, 'skill', lower(trim(value)), new.archived_at IS NOT NULL FROM "
        "json_each(new.skills) WHERE type = 'text' AND trim(value) <> '' UNION SELECT new.id, "
        "'tag', lower(trim(value)), new.archived_at IS NOT NULL FROM json_each(new.tags) WHERE "
        "type = 'text' AND trim(value) <> '' UNION SELECT new.id, 'language', lower(trim(value)), "
        "new.archived_at IS NOT NULL FROM json_each(new.languages) WHERE type = 'text' AND "
        "trim(value) <> '';\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_labels_update\n"
        "        AFTER UPDATE OF skills, tags, languages, archived_at ON candidates BEGIN\n"
        "        DELETE FROM candidate_labels WHERE candidate_id = old.id;\n"
        "        INSERT OR IGNORE INTO candidate_labels (candidate_id, kind, value, archived)\n"
        "            SELECT new.id, 'skill', lower(trim(value)), new.archived_at IS NOT NULL FROM "
        "json_each(new.skills) WHERE type = 'text' AND trim(value) <> '' UNION SELECT new.id, "
        "'tag', lower(trim(value)), new.archived_at IS NOT NULL FROM json_each(new.tags) WHERE "
        "type = 'text' AND trim(value) <> '' UNION SELECT new.id, 'language', lower(trim(value)), "
        "new.archived_at IS NOT NULL FROM json_each(new.languages) WHERE type = 'text' AND "
        "trim(value) <> '';\n"
        "    END"
    ),
)

SQLITE_UNINSTALL: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS candidates_labels_update",
    "DROP TRIGGER IF EXISTS candidates_labels_insert",
    "DROP TRIGGER IF EXISTS candidates_search_delete",
    "DROP TRIGGER IF EXISTS candidates_search_reorder",
    "DROP TRIGGER IF EXISTS candidates_search_archive",
    "DROP TRIGGER IF EXISTS candidates_search_update",
    "DROP TRIGGER IF EXISTS candidates_search_insert",
    "DROP TABLE IF EXISTS candidates_fts",
    "DROP TABLE IF EXISTS candidates_fts_keys",
    "DROP TABLE IF EXISTS candidates_totals",
    "DROP TABLE IF EXISTS candidates_fts_order",
)

SQLITE_REBUILD: tuple[str, ...] = (
    "DELETE FROM candidate_labels",
    (
        "INSERT OR IGNORE INTO candidate_labels (candidate_id, kind, value, archived) SELECT c.id, "
        "'skill', lower(trim(value)), c.archived_at IS NOT NULL FROM candidates c, "
        "json_each(c.skills) WHERE type = 'text' AND trim(value) <> '' UNION SELECT c.id, 'tag', "
        "lower(trim(value)), c.archived_at IS NOT NULL FROM candidates c, json_each(c.tags) WHERE "
        "type = 'text' AND trim(value) <> '' UNION SELECT c.id, 'language', lower(trim(value)), "
        "c.archived_at IS NOT NULL FROM candidates c, json_each(c.languages) WHERE type = 'text' "
        "AND trim(value) <> ''"
    ),
    "DELETE FROM candidates_fts",
    "DELETE FROM candidates_fts_keys",
    (
        "INSERT INTO candidates_fts_keys (id, candidate_id) SELECT CASE WHEN archived_at IS NULL "
        "THEN n ELSE -n END, id FROM (SELECT id, archived_at, row_number() OVER (ORDER BY "
        "created_at, id) AS n FROM candidates)"
    ),
    "UPDATE candidates_fts_order SET in_order = 1",
    (
        "UPDATE candidates_totals SET n = (SELECT count(*) FROM candidates WHERE (archived_at IS "
        "NOT NULL) = candidates_totals.archived)"
    ),
    (
        "INSERT INTO candidates_fts (rowid, name, email, current_company, current_title, skills, "
        "tags, resume_text) SELECT k.id, c.name, c.email, c.current_company, c.current_title, "
        "(SELECT group_concat(value, ' ') FROM json_each(c.skills)), (SELECT group_concat(value, "
        "' ') FROM json_each(c.tags)), c.resume_text FROM candidates c JOIN candidates_fts_keys k "
        "ON k.candidate_id = c.id"
    ),
)

PG_INSTALL: tuple[str, ...] = (
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
    (
        "CREATE FUNCTION candidate_search_document(name text, email text, company text, title "
        "text, skills jsonb, tags jsonb, resume text) RETURNS tsvector\n"
        "        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT "
        "setweight(to_tsvector('simple'::regconfig, "
        "regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(name, "
        "''))), '[^[:alnum:]]+', ' ', 'g')), 'A') || setweight(to_tsvector('simple'::regconfig, "
        "regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(email, "
        "''))), '[^[:alnum:]]+', ' ', 'g')), 'A') || setweight(to_tsvector('simple'::regconfig, "
        "regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(title, "
        "''))), '[^[:alnum:]]+', ' ', 'g')), 'B') || setweight(to_tsvector('simple'::regconfig, "
        "regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(company, "
        "''))), '[^[:alnum:]]+', ' ', 'g')), 'B') || setweight(to_tsvector('simple'::regconfig, "
        "regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce((SELECT "
        "string_agg(value, ' ') FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(skills) = "
        "'array' THEN skills ELSE '[]'::jsonb END)), ''))), '[^[:alnum:]]+', ' ', 'g')), 'B') || "
        "setweight(to_tsvector('simple'::regconfig, "
        "regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce((SELECT "
        "string_agg(value, ' ') FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(tags) = "
        "'array' THEN tags ELSE '[]'::jsonb END)), ''))), '[^[:alnum:]]+', ' ', 'g')), 'C') || "
        "setweight(to_tsvector('simple'::regconfig, "
        "regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(resume, "
        "''))), '[^[:alnum:]]+', ' ', 'g')), 'D') $$"
    ),
    (
        "CREATE INDEX ix_candidates_search_document ON candidates USING gin "
        "(candidate_search_document(name, email, current_company, current_title, skills, tags, "
        "resume_text))"
    ),
    (
        "CREATE INDEX ix_candidates_location_trgm ON candidates USING gin (lower(location) "
        "public.gin_trgm_ops)"
    ),
    (
        "CREATE FUNCTION candidate_labels_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "    BEGIN\n"
        "        IF TG_OP = 'UPDATE' THEN\n"
        "            DELETE FROM candidate_labels WHERE candidate_id = OLD.id;\n"
        "        END IF;\n"
        "        INSERT INTO candidate_labels (candidate_id, kind, value, archived)\n"
        "            SELECT DISTINCT NEW.id, l.kind, lower(btrim(l.value)), NEW.archived_at IS NOT "
        "NULL\n"
        "            FROM (SELECT 'skill' AS kind, value FROM jsonb_array_elements_text(CASE WHEN "
        "jsonb_typeof(NEW.skills) = 'array' THEN NEW.skills ELSE '[]'::jsonb END) UNION ALL SELECT "
        "'tag' AS kind, value FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(NEW.tags) = "
        "'array' THEN NEW.tags ELSE '[]'::jsonb END) UNION ALL SELECT 'language' AS kind, value "
        "FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(NEW.languages) = 'array' THEN "
        "NEW.languages ELSE '[]'::jsonb END)) AS l\n"
        "            WHERE btrim(l.value) <> ''\n"
        "            ON CONFLICT DO NOTHING;\n"
        "        RETURN NULL;\n"
        "    END $$"
    ),
    (
        "CREATE TRIGGER candidates_labels_sync\n"
        "        AFTER INSERT OR UPDATE OF skills, tags, languages, archived_at ON candidates\n"
        "        FOR EACH ROW EXECUTE FUNCTION candidate_labels_sync()"
    ),
)

PG_UNINSTALL: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS candidates_labels_sync ON candidates",
    "DROP FUNCTION IF EXISTS candidate_labels_sync()",
    "DROP INDEX IF EXISTS ix_candidates_location_trgm",
    "DROP INDEX IF EXISTS ix_candidates_search_document",
    (
        "DROP FUNCTION IF EXISTS candidate_search_document(name text, email text, company text, "
        "title text, skills jsonb, tags jsonb, resume text)"
    ),
)

PG_REBUILD: tuple[str, ...] = (
    "DELETE FROM candidate_labels",
    (
        "INSERT INTO candidate_labels (candidate_id, kind, value, archived) SELECT DISTINCT * FROM "
        "(SELECT c.id, 'skill', lower(btrim(v.value)), c.archived_at IS NOT NULL FROM candidates c "
        "CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.skills) = 'array' "
        "THEN c.skills ELSE '[]'::jsonb END) AS v(value) WHERE btrim(v.value) <> '' UNION ALL "
        "SELECT c.id, 'tag', lower(btrim(v.value)), c.archived_at IS NOT NULL FROM candidates c "
        "CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.tags) = 'array' "
        "THEN c.tags ELSE '[]'::jsonb END) AS v(value) WHERE btrim(v.value) <> '' UNION ALL SELECT "
        "c.id, 'language', lower(btrim(v.value)), c.archived_at IS NOT NULL FROM candidates c "
        "CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.languages) = "
        "'array' THEN c.languages ELSE '[]'::jsonb END) AS v(value) WHERE btrim(v.value) <> '') AS "
        "l ON CONFLICT DO NOTHING"
    ),
)


def install(connection: Connection) -> None:
    """Create the objects (the revision's upgrade)."""
    _run(connection, SQLITE_INSTALL, PG_INSTALL)


def uninstall(connection: Connection) -> None:
    """Drop the objects, if they exist."""
    _run(connection, SQLITE_UNINSTALL, PG_UNINSTALL)


def rebuild(connection: Connection) -> None:
    """Refill the index objects and ``candidate_labels`` from ``candidates``."""
    _run(connection, SQLITE_REBUILD, PG_REBUILD)


def _run(connection: Connection, sqlite: tuple[str, ...], postgresql: tuple[str, ...]) -> None:
    for statement in postgresql if connection.dialect.name == "postgresql" else sqlite:
        connection.exec_driver_sql(statement)
