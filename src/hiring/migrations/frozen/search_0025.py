"""The search objects of revision 0025_search_document (PostgreSQL only), frozen.

``hiring.candidates.search_index`` where 0025 was written: the search document is a stored
generated column ``candidates.search_document`` with a GIN index on it, in place of 0011's GIN
expression index. ``PG_UPGRADE`` is what the revision runs on a 0024 database; ``PG_INSTALL``
and ``PG_UNINSTALL`` are the whole set, for the next revision to start from. SQLite's objects
are 0013's. Never edit: see ``hiring.migrations.frozen``.
"""

from sqlalchemy import Connection

PG_UPGRADE: tuple[str, ...] = (
    "DROP INDEX IF EXISTS ix_candidates_search_document",
    (
        "ALTER TABLE candidates ADD COLUMN search_document tsvector GENERATED ALWAYS AS (cand"
        "idate_search_document(name, email, current_company, current_title, skills, tags, res"
        "ume_text)) STORED"
    ),
    "CREATE INDEX ix_candidates_search_document ON candidates USING gin (search_document)",
)

PG_DOWNGRADE: tuple[str, ...] = (
    "DROP INDEX IF EXISTS ix_candidates_search_document",
    "ALTER TABLE candidates DROP COLUMN IF EXISTS search_document",
    (
        "CREATE INDEX ix_candidates_search_document ON candidates USING gin (candidate_search"
        "_document(name, email, current_company, current_title, skills, tags, resume_text))"
    ),
)

PG_INSTALL: tuple[str, ...] = (
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
    (
        "CREATE FUNCTION candidate_search_document(name text, email text, company text, title"
        " text, skills jsonb, tags jsonb, resume text) RETURNS tsvector\n        LANGUAGE sql "
        "IMMUTABLE PARALLEL SAFE AS $$ SELECT setweight(to_tsvector('simple'::regconfig, rege"
        "xp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(name, ''"
        "))), '[^[:alnum:]]+', ' ', 'g')), 'A') || setweight(to_tsvector('simple'::regconfig,"
        " regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(ema"
        "il, ''))), '[^[:alnum:]]+', ' ', 'g')), 'A') || setweight(to_tsvector('simple'::regc"
        "onfig, regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coales"
        "ce(title, ''))), '[^[:alnum:]]+', ' ', 'g')), 'B') || setweight(to_tsvector('simple'"
        "::regconfig, regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, "
        "coalesce(company, ''))), '[^[:alnum:]]+', ' ', 'g')), 'B') || setweight(to_tsvector("
        "'simple'::regconfig, regexp_replace(lower(public.unaccent('public.unaccent'::regdict"
        "ionary, coalesce((SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(CASE "
        "WHEN jsonb_typeof(skills) = 'array' THEN skills ELSE '[]'::jsonb END)), ''))), '[^[:"
        "alnum:]]+', ' ', 'g')), 'B') || setweight(to_tsvector('simple'::regconfig, regexp_re"
        "place(lower(public.unaccent('public.unaccent'::regdictionary, coalesce((SELECT strin"
        "g_agg(value, ' ') FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(tags) = 'arr"
        "ay' THEN tags ELSE '[]'::jsonb END)), ''))), '[^[:alnum:]]+', ' ', 'g')), 'C') || se"
        "tweight(to_tsvector('simple'::regconfig, regexp_replace(lower(public.unaccent('publi"
        "c.unaccent'::regdictionary, coalesce(resume, ''))), '[^[:alnum:]]+', ' ', 'g')), 'D'"
        ") $$"
    ),
    (
        "ALTER TABLE candidates ADD COLUMN search_document tsvector GENERATED ALWAYS AS (cand"
        "idate_search_document(name, email, current_company, current_title, skills, tags, res"
        "ume_text)) STORED"
    ),
    "CREATE INDEX ix_candidates_search_document ON candidates USING gin (search_document)",
    (
        "CREATE INDEX ix_candidates_location_trgm ON candidates USING gin (lower(location) pu"
        "blic.gin_trgm_ops)"
    ),
    (
        "CREATE FUNCTION candidate_labels_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n    B"
        "EGIN\n        IF TG_OP = 'UPDATE' THEN\n            DELETE FROM candidate_labels WHERE"
        " candidate_id = OLD.id;\n        END IF;\n        INSERT INTO candidate_labels (candid"
        "ate_id, kind, value, archived)\n            SELECT DISTINCT NEW.id, l.kind, lower(btr"
        "im(l.value)), NEW.archived_at IS NOT NULL\n            FROM (SELECT 'skill' AS kind, "
        "value FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(NEW.skills) = 'array' TH"
        "EN NEW.skills ELSE '[]'::jsonb END) UNION ALL SELECT 'tag' AS kind, value FROM jsonb"
        "_array_elements_text(CASE WHEN jsonb_typeof(NEW.tags) = 'array' THEN NEW.tags ELSE '"
        "[]'::jsonb END) UNION ALL SELECT 'language' AS kind, value FROM jsonb_array_elements"
        "_text(CASE WHEN jsonb_typeof(NEW.languages) = 'array' THEN NEW.languages ELSE '[]'::"
        "jsonb END)) AS l\n            WHERE btrim(l.value) <> ''\n            ON CONFLICT DO N"
        "OTHING;\n        RETURN NULL;\n    END $$"
    ),
    (
        "CREATE TRIGGER candidates_labels_sync\n        AFTER INSERT OR UPDATE OF skills, tags"
        ", languages, archived_at ON candidates\n        FOR EACH ROW EXECUTE FUNCTION candida"
        "te_labels_sync()"
    ),
)

PG_UNINSTALL: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS candidates_labels_sync ON candidates",
    "DROP FUNCTION IF EXISTS candidate_labels_sync()",
    "DROP INDEX IF EXISTS ix_candidates_location_trgm",
    "DROP INDEX IF EXISTS ix_candidates_search_document",
    "ALTER TABLE candidates DROP COLUMN IF EXISTS search_document",
    (
        "DROP FUNCTION IF EXISTS candidate_search_document(name text, email text, company tex"
        "t, title text, skills jsonb, tags jsonb, resume text)"
    ),
)


def _run(connection: Connection, statements: tuple[str, ...]) -> None:
    if connection.dialect.name == "postgresql":
        for statement in statements:
            connection.exec_driver_sql(statement)


def upgrade(connection: Connection) -> None:
    """From 0011's objects to these (PostgreSQL; nothing changes on SQLite)."""
    _run(connection, PG_UPGRADE)


def downgrade(connection: Connection) -> None:
    """Back to 0011's expression index (PostgreSQL)."""
    _run(connection, PG_DOWNGRADE)


def install(connection: Connection) -> None:
    _run(connection, PG_INSTALL)


def uninstall(connection: Connection) -> None:
    _run(connection, PG_UNINSTALL)
