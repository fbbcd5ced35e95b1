"""The database objects behind candidate search and the label filters, kept in sync by the
database itself so every writer (the API, the CLI, bulk loaders using SQLAlchemy Core or raw
SQL) keeps them right with nothing to remember.

SQLite
    ``candidates_fts``: an FTS5 table (tokenizer ``unicode61 remove_diacritics 2``) of the
    searched fields. Its rowid comes from ``candidates_fts_keys`` (an INTEGER PRIMARY KEY per
    candidate id), never from the implicit rowid of ``candidates``, which VACUUM may renumber.
    A key is negative while its candidate is archived, so a search box alone is counted from
    the full-text index alone (``rowid > 0``): checking each match against ``candidates``
    instead is a primary-key lookup per match, which at 100k candidates took a broad word's
    count past the list's time budget. Triggers ``candidates_search_insert``,
    ``candidates_search_update``, ``candidates_search_archive`` and
    ``candidates_search_delete`` maintain both tables.
PostgreSQL
    ``candidate_search_document(...)``: an IMMUTABLE function building the weighted tsvector
    (unaccented, lower-cased, punctuation split like FTS5 does), kept in the stored generated
    column ``candidates.search_document`` (not in the models: queries name it) and indexed by
    the GIN index ``ix_candidates_search_document``. Stored, a page that walks the list's
    order checks each candidate's document without building it again; generated, it needs no
    trigger. The
    ``unaccent`` and ``pg_trgm`` extensions live in schema ``public``; ``pg_trgm`` indexes the
    location substring filter (``ix_candidates_location_trgm``).
Both
    ``candidate_labels`` rows (one per lower-cased skill, tag and language, with whether the
    candidate is archived) follow the JSON list columns and ``archived_at`` through triggers
    ``candidates_labels_insert`` / ``candidates_labels_update`` (SQLite) or
    ``candidates_labels_sync`` (PostgreSQL); a deleted candidate's rows go by ON DELETE
    CASCADE.

:func:`install` is what the migration runs; the objects are frozen with it, so a change here
needs a new migration that calls :func:`uninstall` then :func:`install`. Likewise a SQLite batch
migration that recreates ``candidates`` drops its triggers: it must call :func:`uninstall` and
:func:`install` again (a test checks the triggers exist at the head revision).
"""

from sqlalchemy import Connection, text

# Tables and indexes that exist only in the database (not in the models): the migration
# comparison skips them.
DATABASE_ONLY_NAMES = frozenset(
    {
        "candidates_fts",
        "candidates_fts_data",
        "candidates_fts_idx",
        "candidates_fts_content",
        "candidates_fts_docsize",
        "candidates_fts_config",
        "candidates_fts_keys",
        "ix_candidates_search_document",
        "ix_candidates_location_trgm",
        "search_document",
    }
)

# bm25 weights of the FTS5 columns, in their order: a hit in the name counts most.
SEARCH_COLUMNS = (
    ("name", 10.0),
    ("email", 5.0),
    ("current_company", 3.0),
    ("current_title", 4.0),
    ("skills", 3.0),
    ("tags", 2.0),
    ("resume_text", 1.0),
)
LABEL_KINDS = (("skill", "skills"), ("tag", "tags"), ("language", "languages"))
_LABEL_COLUMNS = "(candidate_id, kind, value, archived)"

_FTS_COLUMNS = ", ".join(name for name, _ in SEARCH_COLUMNS)


def _sqlite_document(row: str) -> str:
    """The FTS5 column values of candidate ``row`` (``new`` in a trigger, a table alias
    elsewhere): JSON lists become their items joined by spaces."""

    def items(column: str) -> str:
        return f"(SELECT group_concat(value, ' ') FROM json_each({row}.{column}))"

    return (
        f"{row}.name, {row}.email, {row}.current_company, {row}.current_title, "
        f"{items('skills')}, {items('tags')}, {row}.resume_text"
    )


def _sqlite_labels(row: str, source: str = "") -> str:
    """A SELECT of (candidate_id, kind, value, archived) for the labels of candidate ``row``,
    from ``source`` (a FROM item naming ``row``; none inside a trigger)."""
    parts = [
        f"SELECT {row}.id, '{kind}', lower(trim(value)), {row}.archived_at IS NOT NULL "
        f"FROM {source}json_each({row}.{column}) WHERE type = 'text' AND trim(value) <> ''"
        for kind, column in LABEL_KINDS
    ]
    return " UNION ".join(parts)


# The largest key in absolute value: a new candidate's key is one more. Two subqueries, each
# answered from the key's index end: SQLite reads min() and max() from the index only when a
# SELECT has one of them, so `max(id), min(id)` together scanned every key on each insert
# (an import of 100k rows spent minutes there).
_KEYS_END = "(SELECT {0}(id) FROM candidates_fts_keys)"
_NEWEST_KEY = (
    f"max(coalesce({_KEYS_END.format('max')}, 0), -coalesce({_KEYS_END.format('min')}, 0))"
)

_SQLITE_SEARCH_COLUMNS = "name, email, current_company, current_title, skills, tags, resume_text"

SQLITE_INSTALL = (
    # `id` is the candidate's rowid in candidates_fts: negative while archived.
    "CREATE TABLE candidates_fts_keys (id INTEGER PRIMARY KEY, "
    "candidate_id VARCHAR(40) NOT NULL UNIQUE)",
    # Prefix indexes of 2 to 4 characters make short word-prefix searches (`jo`, `jav`)
    # lookups instead of scans of every matching term.
    f"CREATE VIRTUAL TABLE candidates_fts USING fts5({_FTS_COLUMNS}, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
    f"""CREATE TRIGGER candidates_search_insert AFTER INSERT ON candidates BEGIN
        INSERT INTO candidates_fts_keys (id, candidate_id)
            SELECT CASE WHEN new.archived_at IS NULL THEN n ELSE -n END, new.id
            FROM (SELECT {_NEWEST_KEY} + 1 AS n);
        INSERT INTO candidates_fts (rowid, {_FTS_COLUMNS})
            SELECT k.id, {_sqlite_document("new")}
            FROM candidates_fts_keys k WHERE k.candidate_id = new.id;
    END""",
    f"""CREATE TRIGGER candidates_search_update
        AFTER UPDATE OF {_SQLITE_SEARCH_COLUMNS} ON candidates BEGIN
        DELETE FROM candidates_fts WHERE rowid =
            (SELECT id FROM candidates_fts_keys WHERE candidate_id = old.id);
        INSERT INTO candidates_fts (rowid, {_FTS_COLUMNS})
            SELECT k.id, {_sqlite_document("new")}
            FROM candidates_fts_keys k WHERE k.candidate_id = new.id;
    END""",
    f"""CREATE TRIGGER candidates_search_archive AFTER UPDATE OF archived_at ON candidates
        WHEN (old.archived_at IS NULL) <> (new.archived_at IS NULL) BEGIN
        DELETE FROM candidates_fts WHERE rowid =
            (SELECT id FROM candidates_fts_keys WHERE candidate_id = old.id);
        UPDATE candidates_fts_keys SET id = -id WHERE candidate_id = new.id;
        INSERT INTO candidates_fts (rowid, {_FTS_COLUMNS})
            SELECT k.id, {_sqlite_document("new")}
            FROM candidates_fts_keys k WHERE k.candidate_id = new.id;
    END""",
    """CREATE TRIGGER candidates_search_delete AFTER DELETE ON candidates BEGIN
        DELETE FROM candidates_fts WHERE rowid =
            (SELECT id FROM candidates_fts_keys WHERE candidate_id = old.id);
        DELETE FROM candidates_fts_keys WHERE candidate_id = old.id;
    END""",
    f"""CREATE TRIGGER candidates_labels_insert AFTER INSERT ON candidates BEGIN
        INSERT OR IGNORE INTO candidate_labels {_LABEL_COLUMNS}
            {_sqlite_labels("new")};
    END""",
    f"""CREATE TRIGGER candidates_labels_update
        AFTER UPDATE OF skills, tags, languages, archived_at ON candidates BEGIN
        DELETE FROM candidate_labels WHERE candidate_id = old.id;
        INSERT OR IGNORE INTO candidate_labels {_LABEL_COLUMNS}
            {_sqlite_labels("new")};
    END""",
)

SQLITE_UNINSTALL = (
    "DROP TRIGGER IF EXISTS candidates_labels_update",
    "DROP TRIGGER IF EXISTS candidates_labels_insert",
    "DROP TRIGGER IF EXISTS candidates_search_delete",
    "DROP TRIGGER IF EXISTS candidates_search_archive",
    "DROP TRIGGER IF EXISTS candidates_search_update",
    "DROP TRIGGER IF EXISTS candidates_search_insert",
    "DROP TABLE IF EXISTS candidates_fts",
    "DROP TABLE IF EXISTS candidates_fts_keys",
)

# Lower-case, strip accents, and turn every run of non-alphanumerics into a space: words
# split where FTS5's unicode61 splits them (an email becomes its parts).
_PG_NORMALISE = (
    "regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, {value})), "
    "'[^[:alnum:]]+', ' ', 'g')"
)


def _pg_items(column: str) -> str:
    return (
        f"(SELECT string_agg(value, ' ') FROM jsonb_array_elements_text("
        f"CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} ELSE '[]'::jsonb END))"
    )


def _pg_weighted(value: str, weight: str) -> str:
    normalised = _PG_NORMALISE.format(value=f"coalesce({value}, '')")
    return f"setweight(to_tsvector('simple'::regconfig, {normalised}), '{weight}')"


PG_DOCUMENT_ARGS = (
    "name text, email text, company text, title text, skills jsonb, tags jsonb, resume text"
)
_PG_DOCUMENT = " || ".join(
    (
        _pg_weighted("name", "A"),
        _pg_weighted("email", "A"),
        _pg_weighted("title", "B"),
        _pg_weighted("company", "B"),
        _pg_weighted(_pg_items("skills"), "B"),
        _pg_weighted(_pg_items("tags"), "C"),
        _pg_weighted("resume", "D"),
    )
)
# The generated search document column's expression.
PG_DOCUMENT_CALL = (
    "candidate_search_document(name, email, current_company, current_title, "
    "skills, tags, resume_text)"
)


def _pg_labels_select() -> str:
    parts = [
        f"SELECT '{kind}' AS kind, value FROM jsonb_array_elements_text("
        f"CASE WHEN jsonb_typeof(NEW.{column}) = 'array' THEN NEW.{column} ELSE '[]'::jsonb END)"
        for kind, column in LABEL_KINDS
    ]
    return " UNION ALL ".join(parts)


# Kept row by row; a bulk load drops them and builds them once afterwards (``suspend``).
PG_SEARCH_INDEXES = (
    "CREATE INDEX ix_candidates_search_document ON candidates USING gin (search_document)",
    "CREATE INDEX ix_candidates_location_trgm ON candidates "
    "USING gin (lower(location) public.gin_trgm_ops)",
)
PG_LABELS_TRIGGER = (
    f"""CREATE FUNCTION candidate_labels_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            DELETE FROM candidate_labels WHERE candidate_id = OLD.id;
        END IF;
        INSERT INTO candidate_labels {_LABEL_COLUMNS}
            SELECT DISTINCT NEW.id, l.kind, lower(btrim(l.value)), NEW.archived_at IS NOT NULL
            FROM ({_pg_labels_select()}) AS l
            WHERE btrim(l.value) <> ''
            ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER candidates_labels_sync
        AFTER INSERT OR UPDATE OF skills, tags, languages, archived_at ON candidates
        FOR EACH ROW EXECUTE FUNCTION candidate_labels_sync()""",
)
PG_INSTALL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
    f"""CREATE FUNCTION candidate_search_document({PG_DOCUMENT_ARGS}) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {_PG_DOCUMENT} $$""",
    f"ALTER TABLE candidates ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS ({PG_DOCUMENT_CALL}) STORED",
    *PG_SEARCH_INDEXES,
    *PG_LABELS_TRIGGER,
)

# What a bulk load suspends: the generated column stays and is computed as the rows arrive
# (adding it afterwards would rewrite the whole table once more).
PG_SUSPEND = (
    "DROP TRIGGER IF EXISTS candidates_labels_sync ON candidates",
    "DROP FUNCTION IF EXISTS candidate_labels_sync()",
    "DROP INDEX IF EXISTS ix_candidates_location_trgm",
    "DROP INDEX IF EXISTS ix_candidates_search_document",
)
PG_UNINSTALL = (
    *PG_SUSPEND,
    "ALTER TABLE candidates DROP COLUMN IF EXISTS search_document",
    f"DROP FUNCTION IF EXISTS candidate_search_document({PG_DOCUMENT_ARGS})",
)


def _run(connection: Connection, statements: tuple[str, ...]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)


def install(connection: Connection) -> None:
    """Create the search and label objects of ``connection``'s dialect (the migration)."""
    _run(connection, PG_INSTALL if connection.dialect.name == "postgresql" else SQLITE_INSTALL)


def uninstall(connection: Connection) -> None:
    _run(connection, PG_UNINSTALL if connection.dialect.name == "postgresql" else SQLITE_UNINSTALL)


def rebuild(connection: Connection) -> int:
    """Refill the search index and ``candidate_labels`` from ``candidates``, in the caller's
    transaction; returns how many candidates were indexed. Run it after loading rows with the
    triggers dropped, or to repair an index suspected of drifting."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("DELETE FROM candidate_labels"))
        lists = " UNION ALL ".join(
            f"SELECT '{kind}' AS kind, jsonb_array_elements_text(CASE WHEN "
            f"jsonb_typeof(c.{column}) = 'array' THEN c.{column} ELSE '[]'::jsonb END) AS value"
            for kind, column in LABEL_KINDS
        )
        # One pass over the candidates, each one's labels made distinct on their own: no
        # sort of every label row (a bulk load builds the primary key afterwards, sorted).
        connection.execute(
            text(
                f"INSERT INTO candidate_labels {_LABEL_COLUMNS} "
                "SELECT c.id, l.kind, l.value, c.archived_at IS NOT NULL FROM candidates c "
                "CROSS JOIN LATERAL (SELECT DISTINCT e.kind, lower(btrim(e.value)) AS value "
                f"FROM ({lists}) AS e WHERE btrim(e.value) <> '') AS l"
            )
        )
        # The search document is a generated column: always current, nothing to refill.
    else:
        connection.execute(text("DELETE FROM candidate_labels"))
        connection.execute(
            text(
                f"INSERT OR IGNORE INTO candidate_labels {_LABEL_COLUMNS} "
                + _sqlite_labels("c", "candidates c, ")
            )
        )
        connection.execute(text("DELETE FROM candidates_fts"))
        connection.execute(text("DELETE FROM candidates_fts_keys"))
        connection.execute(
            text(
                "INSERT INTO candidates_fts_keys (id, candidate_id) "
                "SELECT CASE WHEN archived_at IS NULL THEN n ELSE -n END, id FROM "
                "(SELECT id, archived_at, row_number() OVER (ORDER BY created_at, id) AS n "
                "FROM candidates)"
            )
        )
        # In key order: FTS5 writes out what it holds whenever a key is not above the last
        # one, so keys in the candidates' order made thousands of small segments to merge
        # (100k candidates: 8.3 -> 2.6 s).
        connection.execute(
            text(
                f"INSERT INTO candidates_fts (rowid, {_FTS_COLUMNS}) "
                f"SELECT k.id, {_sqlite_document('c')} "
                "FROM candidates_fts_keys k JOIN candidates c ON c.id = k.candidate_id "
                "ORDER BY k.id"
            )
        )
    return connection.execute(text("SELECT count(*) FROM candidates")).scalar_one()


def suspend(connection: Connection) -> None:
    """For a large bulk load: drop what keeps the index current row by row; ``restore_indexes``,
    ``rebuild`` and ``restore_triggers`` bring it back in one pass each, about twice as fast as
    indexing row by row."""
    _run(connection, PG_SUSPEND if connection.dialect.name == "postgresql" else SQLITE_UNINSTALL)


def restore_indexes(connection: Connection) -> None:
    """After ``suspend`` and the load: PostgreSQL builds the search indexes (independent of the
    label rows, so another connection can ``rebuild`` those meanwhile); SQLite makes its index
    objects again, to be filled by ``rebuild``."""
    _run(
        connection,
        PG_SEARCH_INDEXES if connection.dialect.name == "postgresql" else SQLITE_INSTALL,
    )


def restore_triggers(connection: Connection) -> None:
    """Last after a bulk load: changes keep the label rows current again (SQLite's came back
    with ``restore_indexes``)."""
    if connection.dialect.name == "postgresql":
        _run(connection, PG_LABELS_TRIGGER)
