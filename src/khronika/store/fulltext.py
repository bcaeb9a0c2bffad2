"""Full-text search over document text/titles and quote contents, on SQLite and PostgreSQL.

SQLite: FTS5 tables kept in sync by triggers on `documents` and `quotes`, so every writer (the
CLI ingesting in another process, `Store.replace`, deletes) updates the index without knowing
it exists. The FTS tables are *contentless* (the text already lives in `documents`; storing it
twice would double the database), with a small map table giving each document/quote a stable
INTEGER PRIMARY KEY: the implicit rowid of `documents` may change on VACUUM, which would
silently point an external-content index at the wrong rows.

PostgreSQL: `to_tsvector('simple', ...)` ('simple' because the corpus mixes four languages and
no single stemmer fits them all) kept in a stored generated column `khr_fts` of `documents` and
`quotes`, GIN-indexed. Not an expression index: a search for a common word walks the newest-first
index and tests each row, and recomputing the vector per row (accent folding included) cost
~0.9 ms a document, measured: "Bakhmout" took 0.96 s on 100k documents; reading the stored
vector costs microseconds. A tsvector is limited to 1 MB, so the vector only covers the first
FTS_PG_CHARS characters: a longer document would otherwise make its own INSERT fail.

`ensure_fulltext(engine)` creates all of it idempotently (and fills the index for documents
stored before it existed); `match_documents` / `match_quotes` give SQLAlchemy conditions.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnClause, ColumnElement, Engine, bindparam, func, literal_column, text, tuple_
from sqlalchemy.sql import Select, column, select, table

from .write import ALIASES, DOCUMENTS, QUOTES

FTS_PG_CHARS = 200_000
_MAX_TERMS = 12  # a query is a few words; more only makes the index work harder
_WORD = re.compile(r"\w+", re.UNICODE)
_PG_LOCK = 0x6B687466  # "khtf": serialises concurrent start-ups creating the same objects

# -- SQLite DDL: order matters (tables before the triggers that use them) ------------------------
def _fts_triggers(name: str, table: str, fts: str, fts_map: str, keys: list[tuple[str, str]],
                  values: list[tuple[str, str]], update_of: str) -> tuple[str, str, str]:
    """The insert, delete and update triggers that keep a contentless FTS5 table in step with
    `table`: `fts_map` gives each row (by its `keys`: map column, table column) a rowid, and a
    contentless row is removed by re-sending its exact indexed `values` (FTS column, expression
    of {row}) with the 'delete' command; the OLD row has them."""
    def where(row: str) -> str:
        return " AND ".join(f"{m} = {row}.{c}" for m, c in keys)

    def vals(row: str) -> str:
        return ", ".join(v.format(row=row) for _, v in values)

    cols = ", ".join(c for c, _ in values)
    insert = (f"INSERT INTO {fts_map} ({', '.join(m for m, _ in keys)}) VALUES ({', '.join('NEW.' + c for _, c in keys)});"
              f" INSERT INTO {fts} (rowid, {cols}) VALUES ((SELECT rowid FROM {fts_map} WHERE {where('NEW')}),"
              f" {vals('NEW')});")
    delete = (f"INSERT INTO {fts} ({fts}, rowid, {cols}) SELECT 'delete', rowid, {vals('OLD')} FROM {fts_map}"
              f" WHERE {where('OLD')}; DELETE FROM {fts_map} WHERE {where('OLD')};")
    trigger = f"CREATE TRIGGER IF NOT EXISTS khr_fts_{name}"
    return (f"{trigger}_ai AFTER INSERT ON {table} BEGIN {insert} END",
            f"{trigger}_ad AFTER DELETE ON {table} BEGIN {delete} END",
            f"{trigger}_au AFTER UPDATE OF {update_of} ON {table} BEGIN {delete} {insert} END")


_SQLITE_DDL = (
    "CREATE TABLE IF NOT EXISTS khr_fts_doc_map (rowid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS khr_fts_docs USING fts5("
    "title, body, content='', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS khr_fts_quote_map (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL,"
    " idx INTEGER NOT NULL, UNIQUE (document_id, idx))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS khr_fts_quotes USING fts5("
    "content, content='', tokenize='unicode61 remove_diacritics 2')",
    *_fts_triggers("docs", "documents", "khr_fts_docs", "khr_fts_doc_map", [("doc_id", "id")],
                   [("title", "coalesce({row}.title, '')"), ("body", "{row}.text")], "id, title, text"),
    *_fts_triggers("quotes", "quotes", "khr_fts_quotes", "khr_fts_quote_map",
                   [("document_id", "document_id"), ("idx", "idx")], [("content", "{row}.content")],
                   "document_id, idx, content"),
)

# Entity spellings, word by word: "Peskov" finds the entity known as "Dmitri Peskov". Indexes
# alias_norm (already case- and accent-folded by normalize_alias, as queries are).
_SQLITE_ALIAS_DDL = (
    "CREATE TABLE IF NOT EXISTS khr_fts_alias_map (rowid INTEGER PRIMARY KEY, entity_id TEXT NOT NULL,"
    " alias_norm TEXT NOT NULL, UNIQUE (entity_id, alias_norm))",
    "CREATE VIRTUAL TABLE IF NOT EXISTS khr_fts_aliases USING fts5("
    "alias, content='', tokenize='unicode61 remove_diacritics 2')",
    *_fts_triggers("aliases", "entity_aliases", "khr_fts_aliases", "khr_fts_alias_map",
                   [("entity_id", "entity_id"), ("alias_norm", "alias_norm")], [("alias", "{row}.alias_norm")],
                   "entity_id, alias_norm"),
)

# Rows stored before the triggers existed (a store made by `khronika ingest` before the first
# `khronika serve`): index them once. Map rows first, then the FTS rows for the new map rows.
_SQLITE_BACKFILL = (
    "INSERT INTO khr_fts_doc_map (doc_id) SELECT id FROM documents"
    " WHERE id NOT IN (SELECT doc_id FROM khr_fts_doc_map) ORDER BY id",
    "INSERT INTO khr_fts_docs (rowid, title, body) SELECT m.rowid, coalesce(d.title, ''), d.text"
    " FROM khr_fts_doc_map m JOIN documents d ON d.id = m.doc_id WHERE m.rowid > :last_doc",
    "INSERT INTO khr_fts_quote_map (document_id, idx) SELECT q.document_id, q.idx FROM quotes q"
    " WHERE NOT EXISTS (SELECT 1 FROM khr_fts_quote_map m WHERE m.document_id = q.document_id AND m.idx = q.idx)"
    " ORDER BY q.document_id, q.idx",
    "INSERT INTO khr_fts_quotes (rowid, content) SELECT m.rowid, q.content FROM khr_fts_quote_map m"
    " JOIN quotes q ON q.document_id = m.document_id AND q.idx = m.idx WHERE m.rowid > :last_quote",
    "INSERT INTO khr_fts_alias_map (entity_id, alias_norm) SELECT a.entity_id, a.alias_norm FROM entity_aliases a"
    " WHERE NOT EXISTS (SELECT 1 FROM khr_fts_alias_map m WHERE m.entity_id = a.entity_id"
    " AND m.alias_norm = a.alias_norm) ORDER BY a.entity_id, a.alias_norm",
    "INSERT INTO khr_fts_aliases (rowid, alias) SELECT rowid, alias_norm FROM khr_fts_alias_map"
    " WHERE rowid > :last_alias",
)

# PostgreSQL's 'simple' configuration keeps accents; SQLite's tokenizer above drops them. To
# agree (a search for "controle" finds "contrôle" on both), Latin letters with diacritics are
# folded by translate() in the indexed expression and in the query. Spelled out rather than
# computed from unicodedata so the index expression never changes with the Python version.
_FOLD_FROM = ("ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥ"
              "ĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž")
_FOLD_TO = ("AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHh"
            "IiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz")
_FOLD = str.maketrans(_FOLD_FROM, _FOLD_TO)
assert len(_FOLD_FROM) == len(_FOLD_TO)


def _pg_vector(expr: str) -> str:
    return f"to_tsvector('simple', translate(left({expr}, {FTS_PG_CHARS}), '{_FOLD_FROM}', '{_FOLD_TO}'))"


def _pg_doc_vector(t: str = "") -> str:
    return _pg_vector(f"coalesce({t}title, '') || ' ' || {t}text")


def _pg_quote_vector(t: str = "") -> str:
    return _pg_vector(f"{t}content")


# Names carry a version: if an expression ever changes, a new column and index are built instead
# of IF NOT EXISTS keeping old ones that queries no longer match. Adding the column to a store
# made before it rewrites the table once (about a minute for 100k documents), at the first start.
FTS_COLUMN = "khr_fts2"
_PG_DDL = (
    f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {FTS_COLUMN} tsvector"
    f" GENERATED ALWAYS AS ({_pg_doc_vector()}) STORED",
    f"CREATE INDEX IF NOT EXISTS ix_khr_fts2_documents ON documents USING gin ({FTS_COLUMN})",
    f"ALTER TABLE quotes ADD COLUMN IF NOT EXISTS {FTS_COLUMN} tsvector"
    f" GENERATED ALWAYS AS ({_pg_quote_vector()}) STORED",
    f"CREATE INDEX IF NOT EXISTS ix_khr_fts2_quotes ON quotes USING gin ({FTS_COLUMN})",
    # The expression indexes of the first version: nothing queries them any more.
    "DROP INDEX IF EXISTS ix_khr_fts1_documents",
    "DROP INDEX IF EXISTS ix_khr_fts1_quotes",
    "CREATE INDEX IF NOT EXISTS ix_khr_fts1_aliases ON entity_aliases USING gin (to_tsvector('simple', alias_norm))",
)


def ensure_fulltext(engine: Engine) -> None:
    """Create the full-text index for `engine`'s dialect if missing; safe to call at every start."""
    if engine.dialect.name == "sqlite":
        _ensure_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            for ddl in _PG_DDL:
                conn.execute(text(ddl))
    else:
        raise RuntimeError(f"no full-text search for dialect {engine.dialect.name!r}")


def _ensure_sqlite(engine: Engine) -> None:
    # BEGIN IMMEDIATE (the store's write option): a concurrent ingest waits instead of inserting
    # a document between our backfill and the trigger creation, where it would be missed.
    from .engine import WRITE_OPTION

    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        last = {}
        for key, table_name in (("last_doc", "khr_fts_doc_map"), ("last_quote", "khr_fts_quote_map"),
                                ("last_alias", "khr_fts_alias_map")):
            found = conn.scalar(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": table_name})
            last[key] = conn.scalar(text(f"SELECT coalesce(max(rowid), 0) FROM {table_name}")) if found else 0
        for ddl in _SQLITE_DDL + _SQLITE_ALIAS_DDL:
            conn.exec_driver_sql(ddl)
        for stmt in _SQLITE_BACKFILL:
            conn.execute(text(stmt), last)


def terms(query: str) -> list[str]:
    """The words of a user's query (letters/digits only: no operator can be smuggled in)."""
    return _WORD.findall(query)[:_MAX_TERMS]


# A prefix of one or two letters ("w"*) matches a large share of all words: its posting lists
# cover most of the store (278 ms per query on 40k documents, measured), and a few dozen such
# requests at once held the server. So one-letter words are left out of a search (they are
# mostly prepositions: "в", "у", "à"), two-letter ones match whole words only, and prefixes
# start at three letters.
MIN_WORD, MIN_PREFIX = 2, 3


def search_terms(query: str) -> list[str]:
    """The words of a full-text query that take part in the search (see MIN_WORD)."""
    return [w for w in terms(query) if len(w) >= MIN_WORD]


def _term(word: str, shown: str, prefix_mark: str) -> str:
    return shown + prefix_mark if len(word) >= MIN_PREFIX else shown


def sqlite_match(query: str) -> str | None:
    """An FTS5 MATCH expression: every word required, each as a quoted prefix ("бахмут"* also
    finds Бахмута: a cheap stand-in for stemming in four languages)."""
    words = search_terms(query)
    return " ".join(_term(w, f'"{w}"', "*") for w in words) if words else None


def pg_tsquery(query: str) -> str | None:
    """A to_tsquery('simple', ...) string: words are \\w-only, so none needs quoting."""
    words = [w.translate(_FOLD).lower() for w in search_terms(query)]
    return " & ".join(_term(w, w, ":*") for w in words) if words else None


def match_value(dialect: str, query: str) -> str | None:
    """The value to bind to the conditions below for `query`; None when it has no word (then
    nothing can match: callers answer an empty list without querying)."""
    return sqlite_match(query) if dialect == "sqlite" else pg_tsquery(query)


# The conditions take their search expression from a bind parameter of a fixed name, so the
# statements that use them can be built once and reused (see queries.py).
DOCS_PARAM, QUOTES_PARAM, ALIASES_PARAM = "fts_docs_q", "fts_quotes_q", "fts_alias_q"


def _sqlite_hits(fts_name: str, param: str, *map_cols: str) -> Select[Any]:
    fts = table(fts_name, column("rowid"))
    fmap = table(_MAPS[fts_name], column("rowid"), *(column(c) for c in map_cols))
    return (select(*(fmap.c[c] for c in map_cols)).join(fts, fts.c.rowid == fmap.c.rowid)
            .where(literal_column(fts_name).op("MATCH")(bindparam(param))))


_MAPS = {"khr_fts_docs": "khr_fts_doc_map", "khr_fts_quotes": "khr_fts_quote_map",
         "khr_fts_aliases": "khr_fts_alias_map"}


def _pg_match(vector_sql: str, param: str) -> ColumnElement[bool]:
    # The vector is literal SQL (the stored column, or for aliases the very expression of the
    # GIN index), not built from bound parameters, so that the planner can use the index.
    return literal_column(vector_sql).op("@@")(func.to_tsquery(literal_column("'simple'"), bindparam(param)))


def documents_match(dialect: str) -> ColumnElement[bool]:
    """Condition on DOCUMENTS: title or text matches bind parameter DOCS_PARAM."""
    if dialect == "sqlite":
        return DOCUMENTS.c.id.in_(_sqlite_hits("khr_fts_docs", DOCS_PARAM, "doc_id"))
    return _pg_match(f"documents.{FTS_COLUMN}", DOCS_PARAM)


def quotes_match(dialect: str) -> ColumnElement[bool]:
    """Condition on QUOTES: content matches bind parameter QUOTES_PARAM."""
    if dialect == "sqlite":
        # IN over a row value: SQLite runs the MATCH once, not once per candidate quote.
        return tuple_(QUOTES.c.document_id, QUOTES.c.idx).in_(
            _sqlite_hits("khr_fts_quotes", QUOTES_PARAM, "document_id", "idx"))
    return _pg_match(f"quotes.{FTS_COLUMN}", QUOTES_PARAM)


def alias_words(dialect: str) -> Select[Any]:
    """Entity ids with a spelling containing every word of bind parameter ALIASES_PARAM, each as
    a word prefix ("peskov" finds "dmitri peskov"). Bind the match_value of a normalize_alias'ed
    query."""
    if dialect == "sqlite":
        return _sqlite_hits("khr_fts_aliases", ALIASES_PARAM, "entity_id")
    vector: ColumnClause[Any] = literal_column("to_tsvector('simple', entity_aliases.alias_norm)")
    return (select(ALIASES.c.entity_id)
            .where(vector.op("@@")(func.to_tsquery(literal_column("'simple'"), bindparam(ALIASES_PARAM)))))
