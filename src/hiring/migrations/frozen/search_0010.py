"""The search and label objects of revision 0010_search_archived (SQLite only), frozen.

``hiring.candidates.search_index`` (install, uninstall, rebuild) at commit 85ca8a4, where 0010 was
written: ``candidates_fts_keys`` records whether each candidate is archived (trigger
``candidates_search_archive``); no totals table yet, and label rows without ``archived`` (the
column keeps its default until 0011 reinstalls the label triggers). The revision runs only the
SQLite statements. Never edit: see ``hiring.migrations.frozen``.
"""

from sqlalchemy import Connection

SQLITE_INSTALL: tuple[str, ...] = (
    (
        "CREATE TABLE candidates_fts_keys (id INTEGER PRIMARY KEY, candidate_id VARCHAR(40) NOT "
        "NULL UNIQUE, archived BOOLEAN NOT NULL DEFAULT 0)"
    ),
    (
        "CREATE VIRTUAL TABLE candidates_fts USING fts5(name, email, current_company, "
        "current_title, skills, tags, resume_text, tokenize = 'unicode61 remove_diacritics 2', "
        "prefix = '2 3 4')"
    ),
    (
        "CREATE TRIGGER candidates_search_insert AFTER INSERT ON candidates BEGIN\n"
        "        INSERT INTO candidates_fts_keys (candidate_id, archived)\n"
        "            VALUES (new.id, new.archived_at IS NOT NULL);\n"
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
        "CREATE TRIGGER candidates_search_archive AFTER UPDATE OF archived_at ON candidates BEGIN\n"
        "        UPDATE candidates_fts_keys SET archived = (new.archived_at IS NOT NULL)\n"
        "            WHERE candidate_id = new.id;\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_search_delete AFTER DELETE ON candidates BEGIN\n"
        "        DELETE FROM candidates_fts WHERE rowid =\n"
        "            (SELECT id FROM candidates_fts_keys WHERE candidate_id = old.id);\n"
        "        DELETE FROM candidates_fts_keys WHERE candidate_id = old.id;\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_labels_insert AFTER INSERT ON candidates BEGIN\n"
        "        INSERT OR IGNORE INTO candidate_labels (candidate_id, kind, value)\n"
        "            SELECT new.id, 'skill', lower(trim(value)) FROM json_each(new.skills) WHERE "
        "type = 'text' AND trim(value) <> '' UNION SELECT new.id, 'tag', lower(trim(value)) FROM "
        "json_each(new.tags) WHERE type = 'text' AND trim(value) <> '' UNION SELECT new.id, "
        "'language', lower(trim(value)) FROM json_each(new.languages) WHERE type = 'text' AND "
        "trim(value) <> '';\n"
        "    END"
    ),
    (
        "CREATE TRIGGER candidates_labels_update\n"
        "        AFTER UPDATE OF skills, tags, languages ON candidates BEGIN\n"
        "        DELETE FROM candidate_labels WHERE candidate_id = old.id;\n"
        "        INSERT OR IGNORE INTO candidate_labels (candidate_id, kind, value)\n"
        "            SELECT new.id, 'skill', lower(trim(value)) FROM json_each(new.skills) WHERE "
        "type = 'text' AND trim(value) <> '' UNION SELECT new.id, 'tag', lower(trim(value)) FROM "
        "json_each(new.tags) WHERE type = 'text' AND trim(value) <> '' UNION SELECT new.id, "
        "'language', lower(trim(value)) FROM json_each(new.languages) WHERE type = 'text' AND "
        "trim(value) <> '';\n"
        "    END"
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
        "INSERT OR IGNORE INTO candidate_labels (candidate_id, kind, value) SELECT c.id, 'skill', "
        "lower(trim(value)) FROM candidates c, json_each(c.skills) WHERE type = 'text' AND "
        "trim(value) <> '' UNION SELECT c.id, 'tag', lower(trim(value)) FROM candidates c, "
        "json_each(c.tags) WHERE type = 'text' AND trim(value) <> '' UNION SELECT c.id, "
        "'language', lower(trim(value)) FROM candidates c, json_each(c.languages) WHERE type = "
        "'text' AND trim(value) <> ''"
    ),
    "DELETE FROM candidates_fts",
    "DELETE FROM candidates_fts_keys",
    (
        "INSERT INTO candidates_fts_keys (candidate_id, archived) SELECT id, archived_at IS NOT "
        "NULL FROM candidates"
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
        "        INSERT INTO candidate_labels (candidate_id, kind, value)\n"
        "            SELECT DISTINCT NEW.id, l.kind, lower(btrim(l.value))\n"
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
        "        AFTER INSERT OR UPDATE OF skills, tags, languages ON candidates\n"
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
        "INSERT INTO candidate_labels (candidate_id, kind, value) SELECT DISTINCT * FROM (SELECT "
        "c.id, 'skill', lower(btrim(v.value)) FROM candidates c CROSS JOIN LATERAL "
        "jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.skills) = 'array' THEN c.skills ELSE "
        "'[]'::jsonb END) AS v(value) WHERE btrim(v.value) <> '' UNION ALL SELECT c.id, 'tag', "
        "lower(btrim(v.value)) FROM candidates c CROSS JOIN LATERAL jsonb_array_elements_text(CASE "
        "WHEN jsonb_typeof(c.tags) = 'array' THEN c.tags ELSE '[]'::jsonb END) AS v(value) WHERE "
        "btrim(v.value) <> '' UNION ALL SELECT c.id, 'language', lower(btrim(v.value)) FROM "
        "candidates c CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN "
        "jsonb_typeof(c.languages) = 'array' THEN c.languages ELSE '[]'::jsonb END) AS v(value) "
        "WHERE btrim(v.value) <> '') AS l ON CONFLICT DO NOTHING"
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
