"""Read queries for the HTTP API: entities, documents and quotes, with keyset cursors (pages.py);
events in event_list.py, the entity page, map and facets in overview.py.

Every list is ordered newest first by a sort key that an index created by `ensure_indexes`
serves directly (a `coalesce(date, '')` expression, then the primary key), so a page costs the
same at the first row as at the fifty-thousandth: the cursor holds the last row's key and the
next page starts strictly after it, where OFFSET would re-read every skipped row.

Statements are built once per *shape* (which filters are present) with bind parameters and
reused (the `@lru_cache` builders below): building a SQLAlchemy select with subqueries costs
about 0.5 ms of Python, ten times what SQLite then takes to answer it.

Functions take an open Connection; the caller owns connection lifetimes.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (BindParameter, ColumnClause, ColumnElement, Connection, Engine, Integer, Select, and_, bindparam, case, exists, func,
                        literal, literal_column, select, text, tuple_, union_all)
from sqlalchemy.sql import column, table

from khronika.warday import date_to_day

from . import fulltext
from .normalize import normalize_alias
from .pages import BadCursor, Page, after_key, cursor_params, cut_page, decode_cursor, encode_cursor  # noqa: F401
from .write import ALIASES, DOCUMENTS, ENTITIES, EVENTS, MENTIONS, QUOTES

MAX_LIMIT = 200
SNIPPET_CHARS = 280
_MAX_RESOLVED = 20  # a speaker/place/actor name resolves to at most this many entities
_FREQUENT = 500  # an entity mentioned in more documents than this counts as frequent
_EMPTY: ColumnClause[str] = literal_column("''")  # a literal, not a bound parameter: expression indexes must match
_LIM = bindparam("lim", type_=Integer)

# coalesce(...) sort keys; written identically in ensure_indexes so the indexes serve them.
DOC_DAY = func.coalesce(DOCUMENTS.c.date, DOCUMENTS.c.published, _EMPTY)
QUOTE_DAY = func.coalesce(QUOTES.c.date, _EMPTY)
EVENT_DAY = func.coalesce(EVENTS.c.date, _EMPTY)

# -- indexes ------------------------------------------------------------------------------------

_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_khr_api_documents_day ON documents (coalesce(date, published, ''), id)",
    "CREATE INDEX IF NOT EXISTS ix_khr_api_quotes_day ON quotes (coalesce(date, ''), document_id, idx)",
    "CREATE INDEX IF NOT EXISTS ix_khr_api_quotes_speaker_day"
    " ON quotes (speaker, coalesce(date, ''), document_id, idx)",
    "CREATE INDEX IF NOT EXISTS ix_khr_api_events_day ON events (coalesce(date, ''), document_id, idx)",
    "CREATE INDEX IF NOT EXISTS ix_khr_api_events_place_day ON events (place, coalesce(date, ''), document_id, idx)",
    "CREATE INDEX IF NOT EXISTS ix_khr_api_mentions_entity_doc ON mentions (entity_id, document_id)",
)
_PG_INDEXES = (
    # PostgreSQL only uses a B-tree for LIKE 'prefix%' under the C collation or with pattern ops.
    "CREATE INDEX IF NOT EXISTS ix_khr_api_alias_prefix ON entity_aliases (alias_norm text_pattern_ops)",
    # "Events with this actor": membership in the JSON list of actor ids, served by GIN.
    "CREATE INDEX IF NOT EXISTS ix_khr_api_events_actors ON events USING gin ((actors_json::jsonb))",
)
# SQLite has no index over JSON list members, so a side table lists (actor, event), kept in sync
# by triggers like the full-text tables: every writer keeps it right without knowing of it.
_SQLITE_ACTORS = (
    "CREATE TABLE IF NOT EXISTS khr_event_actors (entity_id TEXT NOT NULL, document_id TEXT NOT NULL,"
    " idx INTEGER NOT NULL, PRIMARY KEY (entity_id, document_id, idx)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS ix_khr_event_actors_event ON khr_event_actors (document_id, idx)",
    """CREATE TRIGGER IF NOT EXISTS khr_event_actors_ai AFTER INSERT ON events BEGIN
         INSERT OR IGNORE INTO khr_event_actors (entity_id, document_id, idx)
           SELECT value, NEW.document_id, NEW.idx FROM json_each(NEW.actors_json) WHERE type = 'text';
       END""",
    """CREATE TRIGGER IF NOT EXISTS khr_event_actors_ad AFTER DELETE ON events BEGIN
         DELETE FROM khr_event_actors WHERE document_id = OLD.document_id AND idx = OLD.idx;
       END""",
    """CREATE TRIGGER IF NOT EXISTS khr_event_actors_au AFTER UPDATE OF document_id, idx, actors_json ON events BEGIN
         DELETE FROM khr_event_actors WHERE document_id = OLD.document_id AND idx = OLD.idx;
         INSERT OR IGNORE INTO khr_event_actors (entity_id, document_id, idx)
           SELECT value, NEW.document_id, NEW.idx FROM json_each(NEW.actors_json) WHERE type = 'text';
       END""",
)
_SQLITE_ACTORS_BACKFILL = (
    "INSERT OR IGNORE INTO khr_event_actors (entity_id, document_id, idx) SELECT j.value, e.document_id, e.idx"
    " FROM events e, json_each(e.actors_json) j WHERE j.type = 'text'"
)
_EVENT_ACTORS = table("khr_event_actors", column("entity_id"), column("document_id"), column("idx"))


def ensure_indexes(engine: Engine) -> None:
    """Create the indexes the API's filters and sort orders need (idempotent; run at app start-up)."""
    from .engine import WRITE_OPTION

    # The write option makes SQLite take its write lock at BEGIN: no ingest can slip an event in
    # between the actor backfill and the trigger creation.
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": 0x6B686978})  # "khix"
            for ddl in _INDEXES + _PG_INDEXES:
                conn.execute(text(ddl))
            return
        for ddl in _INDEXES:
            conn.execute(text(ddl))
        fresh = not conn.scalar(text("SELECT 1 FROM sqlite_master WHERE name = 'khr_event_actors'"))
        for ddl in _SQLITE_ACTORS:
            conn.exec_driver_sql(ddl)
        if fresh:
            conn.exec_driver_sql(_SQLITE_ACTORS_BACKFILL)


@lru_cache(maxsize=4096)
def day_of_war(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return date_to_day(date.fromisoformat(iso[:10]))
    except ValueError:
        return None


def _date_conds(key: ColumnElement[Any], has_from: bool, has_to: bool) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if has_from:
        conds.append(key >= bindparam("date_from"))
    if has_to:
        # ISO dates compare as text; undated rows ('') are left out of any range.
        conds += [key <= bindparam("date_to"), key != _EMPTY]
    return conds


def _date_params(date_from: str | None, date_to: str | None) -> dict[str, Any]:
    return {k: v for k, v in (("date_from", date_from), ("date_to", date_to)) if v}


# -- entities ---------------------------------------------------------------------------------

_ENTITY_COLS = (ENTITIES.c.id, ENTITIES.c.type, ENTITIES.c.name, ENTITIES.c.wikidata, ENTITIES.c.lat,
                ENTITIES.c.lon, ENTITIES.c.country, ENTITIES.c.admin1, ENTITIES.c.precision, ENTITIES.c.feature)


def _entity_item(row: Any) -> dict[str, Any]:
    geo = None
    if row.lat is not None and row.lon is not None:
        geo = {"lat": row.lat, "lon": row.lon, "country": row.country, "admin1": row.admin1,
               "precision": row.precision, "feature": row.feature}
    return {"id": row.id, "type": row.type, "name": row.name, "wikidata": row.wikidata, "geo": geo}


def _alias_params(dialect: str, norm: str) -> tuple[dict[str, Any], bool]:
    """Bind values for _alias_hits, and whether the query has words for the word search."""
    if dialect == "postgresql":
        escaped = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params: dict[str, Any] = {"norm": norm, "norm_like": escaped + "%"}
    else:
        # SQLite compares text with memcmp on UTF-8, so [norm, norm + U+10FFFF) is exactly the set
        # of strings starting with norm, and an index range (its LIKE would not use the index).
        params = {"norm": norm, "norm_hi": norm + "\U0010ffff"}
    words = fulltext.match_value(dialect, norm)
    if words is not None:
        params[fulltext.ALIASES_PARAM] = words
    return params, words is not None


@lru_cache(maxsize=16)
def _alias_hits(dialect: str, words: bool) -> Select[Any]:
    """(entity_id, rank) for a normalised query: 0 = a spelling equal to it, 1 = a spelling
    starting with it, 2 = a spelling with words starting with each of its words."""
    norm: BindParameter[str] = bindparam("norm")
    prefix: ColumnElement[bool]
    if dialect == "postgresql":
        prefix = ALIASES.c.alias_norm.like(bindparam("norm_like"), escape="\\")
    else:
        prefix = and_(ALIASES.c.alias_norm >= norm, ALIASES.c.alias_norm < bindparam("norm_hi"))
    rank = case((ALIASES.c.alias_norm == norm, 0), else_=1).label("rank")
    exact_or_prefix = select(ALIASES.c.entity_id, rank).where(prefix)
    if not words:
        return exact_or_prefix
    by_word = fulltext.alias_words(dialect).add_columns(literal(2).label("rank"))
    return union_all(exact_or_prefix, by_word)  # type: ignore[return-value]


def _best_hits(dialect: str, words: bool) -> Any:
    raw = _alias_hits(dialect, words).subquery()
    return select(raw.c.entity_id, func.min(raw.c.rank).label("rank")).group_by(raw.c.entity_id).subquery()


@lru_cache(maxsize=64)
def _entities_stmt(dialect: str, has_q: bool, words: bool, typed: bool, has_cursor: bool) -> Select[Any]:
    if has_q:
        hits = _best_hits(dialect, words)
        stmt = select(*_ENTITY_COLS, hits.c.rank).join(hits, hits.c.entity_id == ENTITIES.c.id)
        order: list[ColumnElement[Any]] = [hits.c.rank, ENTITIES.c.id]
    else:
        stmt, order = select(*_ENTITY_COLS, literal(0).label("rank")), [ENTITIES.c.id]
    if typed:
        stmt = stmt.where(ENTITIES.c.type == bindparam("etype"))
    if has_cursor:
        stmt = stmt.where(after_key(order, descending=False))
    return stmt.order_by(*order).limit(_LIM)


_ALIASES_OF = (select(ALIASES.c.entity_id, ALIASES.c.alias)
               .where(ALIASES.c.entity_id.in_(bindparam("ids", expanding=True)))
               .order_by(ALIASES.c.entity_id, ALIASES.c.alias_norm))


def _aliases_of(conn: Connection, ids: list[str], per_entity: int = 30) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if ids:
        for eid, alias in conn.execute(_ALIASES_OF, {"ids": ids}):
            lst = out.setdefault(eid, [])
            if len(lst) < per_entity:
                lst.append(alias)
    return out


def list_entities(conn: Connection, *, q: str | None = None, type: str | None = None,
                  cursor: str | None = None, limit: int = 50) -> Page:
    """Entities known under a spelling matching `q` (after normalize_alias): exact matches
    first, then spellings starting with it, then spellings whose words start with its words;
    each group by id. Without `q`, all entities by id."""
    dialect = conn.dialect.name
    norm = normalize_alias(q) if q else ""
    params: dict[str, Any] = {"lim": limit + 1}
    words = False
    if norm:
        alias_params, words = _alias_params(dialect, norm)
        params.update(alias_params)
        params.update(cursor_params("entities", cursor, (int, str)))
    else:
        params.update(cursor_params("entities", cursor, (str,)))
    if type:
        params["etype"] = type
    rows = conn.execute(_entities_stmt(dialect, bool(norm), words, bool(type), bool(cursor)), params).all()
    rows, nxt = cut_page(rows, limit, "entities", (lambda r: (r.rank, r.id)) if norm else (lambda r: (r.id,)))
    aliases = _aliases_of(conn, [r.id for r in rows])
    items = []
    for r in rows:
        item = _entity_item(r)
        item["aliases"] = aliases.get(r.id, [])
        if norm:
            # Which spelling matched, so a reader sees why "Bakhmut" found "Bakhmout".
            item["matched"] = _matched(item["aliases"], norm)
        items.append(item)
    return Page(items, nxt)


def _matched(aliases: list[str], norm: str) -> str | None:
    normed = [(a, normalize_alias(a)) for a in aliases]
    words = fulltext.terms(norm)
    def by_words(n: str) -> bool:
        return all(any(t.startswith(w) for t in fulltext.terms(n)) for w in words)

    return (next((a for a, n in normed if n == norm), None)
            or next((a for a, n in normed if n.startswith(norm)), None)
            or next((a for a, n in normed if by_words(n)), None))


_ENTITY_EXISTS = select(ENTITIES.c.id).where(ENTITIES.c.id == bindparam("id"))
_AS_ID = -1  # the rank of `name` itself when it is a stored id


@lru_cache(maxsize=16)
def _resolve_stmt(dialect: str, words: bool, typed: bool) -> Select[Any]:
    """The name as a stored id (rank _AS_ID) and its spellings' hits, in one statement."""
    best = _best_hits(dialect, words)
    stmt = select(best.c.entity_id, best.c.rank)
    if typed:
        stmt = (stmt.join(ENTITIES, ENTITIES.c.id == best.c.entity_id)
                .where(ENTITIES.c.type.in_(bindparam("types", expanding=True))))
    as_id = select(ENTITIES.c.id.label("entity_id"), literal(_AS_ID).label("rank")).where(ENTITIES.c.id == bindparam("id"))
    both = union_all(as_id, stmt).subquery()
    return select(both.c.entity_id, both.c.rank).order_by(both.c.rank, both.c.entity_id).limit(4 * _MAX_RESOLVED)


def resolve_entities(conn: Connection, name: str, *, types: Sequence[str] = ()) -> list[str]:
    """Entity ids `name` designates: itself if it is a stored id, else entities with that exact
    spelling, else (only then) spellings starting with it, else spellings with words starting
    with its words ("Peskov" -> the entity spelled "Dmitri Peskov")."""
    name = name.strip()
    if not name:
        return []
    norm = normalize_alias(name)
    if len(norm) < fulltext.MIN_WORD:  # a one-letter prefix would match a large share of all names
        return [name] if conn.scalar(_ENTITY_EXISTS, {"id": name}) else []
    params, words = _alias_params(conn.dialect.name, norm)
    params["id"] = name
    if types:
        params["types"] = list(types)
    rows = conn.execute(_resolve_stmt(conn.dialect.name, words, bool(types)), params).all()
    if rows and rows[0].rank == _AS_ID:
        return [name]  # an id (what the web app sends): its spellings do not count
    return [r.entity_id for r in rows if r.rank == rows[0].rank][:_MAX_RESOLVED]


_NAMES = select(*_ENTITY_COLS).where(ENTITIES.c.id.in_(bindparam("ids", expanding=True)))


def _names(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    return {r.id: _entity_item(r) for r in conn.execute(_NAMES, {"ids": sorted(ids)})}


# -- documents --------------------------------------------------------------------------------

# What a list shows of a document: a reference with display fields, cut in SQL. Ingest caps
# metadata, but a document stored before it did (one had 3.5 MB of title) must not make every
# page of quotes or events citing it hundreds of megabytes.
REF_TITLE_CHARS, REF_SOURCE_CHARS, REF_URL_CHARS = 500, 200, 2048


def _doc_ref_cols() -> list[ColumnElement[Any]]:
    d = DOCUMENTS.c
    url = case((func.length(d.url) > REF_URL_CHARS, None), else_=d.url)  # a cut URL points elsewhere
    return [d.id, func.substr(d.title, 1, REF_TITLE_CHARS).label("title"), d.language, d.published, d.date,
            d.day_of_war, func.substr(d.source, 1, REF_SOURCE_CHARS).label("source"), url.label("url")]


_DOC_COLS = tuple(_doc_ref_cols())
_DOC_LABELLED = tuple(c.label(f"doc_{c.name}") for c in _doc_ref_cols())


def _doc_meta(row: Any) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "language": row.language, "published": row.published,
            "date": row.date, "day_of_war": row.day_of_war, "source": row.source, "url": row.url}


def _doc_of(r: Any) -> dict[str, Any]:
    """The reporting document of a quote/event row (columns labelled doc_*)."""
    return {"id": r.doc_id, "title": r.doc_title, "language": r.doc_language, "date": r.doc_date,
            "published": r.doc_published, "source": r.doc_source, "url": r.doc_url}


_PROBE = select(func.count()).select_from(
    select(MENTIONS.c.document_id).where(MENTIONS.c.entity_id == bindparam("entity")).limit(_FREQUENT).subquery())


def _entity_mode(conn: Connection, entity_id: str, mentions: int | None = None) -> str:
    """How to find the documents mentioning a given entity fast (`mentions`: its number of
    mentions when known, e.g. from store/counts.py, else probed up to _FREQUENT).

    Newest-first pages of a frequent entity's documents are found by walking the date index and
    probing (entity, document) for each: the first page comes after a few dozen probes. For a
    rare entity that walk would cover the whole table, so its few documents are listed instead.
    """
    if mentions is None:
        mentions = conn.scalar(_PROBE, {"entity": entity_id}) or 0
    return "exists" if mentions >= _FREQUENT else "in"


def _mentions_entity(mode: str) -> ColumnElement[bool]:
    entity: BindParameter[str] = bindparam("entity")
    if mode == "exists":
        return exists().where(MENTIONS.c.entity_id == entity, MENTIONS.c.document_id == DOCUMENTS.c.id)
    return DOCUMENTS.c.id.in_(select(MENTIONS.c.document_id).where(MENTIONS.c.entity_id == entity))


@lru_cache(maxsize=256)
def _documents_stmt(dialect: str, language: bool, source: bool, has_from: bool, has_to: bool, q: bool,
                    entity_mode: str | None, has_cursor: bool) -> Select[Any]:
    conds = _date_conds(DOC_DAY, has_from, has_to)
    if language:
        conds.append(DOCUMENTS.c.language == bindparam("language"))
    if source:
        conds.append(DOCUMENTS.c.source == bindparam("source"))
    if q:
        conds.append(fulltext.documents_match(dialect))
    if entity_mode:
        conds.append(_mentions_entity(entity_mode))
    order = [DOC_DAY, DOCUMENTS.c.id]
    if has_cursor:
        conds.append(after_key(order, descending=True))
    return (select(*_DOC_COLS, DOC_DAY.label("day"), func.substr(DOCUMENTS.c.text, 1, SNIPPET_CHARS).label("snippet"))
            .where(*conds).order_by(*(c.desc() for c in order)).limit(_LIM))


def list_documents(conn: Connection, *, language: str | None = None, source: str | None = None,
                   date_from: str | None = None, date_to: str | None = None, q: str | None = None,
                   entity: str | None = None, cursor: str | None = None, limit: int = 50,
                   entity_mentions: int | None = None) -> Page:
    """Documents, newest first (date reported on, else published), with a text snippet.
    `q` searches titles and texts; `entity` keeps documents mentioning that entity id
    (`entity_mentions`: how many times it is mentioned, when the caller knows)."""
    dialect = conn.dialect.name
    params: dict[str, Any] = {"lim": limit + 1, "language": language, "source": source, "entity": entity,
                              **_date_params(date_from, date_to), **cursor_params("documents", cursor, (str, str))}
    if q:
        value = fulltext.match_value(dialect, q)
        if value is None:
            return Page([], None)
        params[fulltext.DOCS_PARAM] = value
    mode = _entity_mode(conn, entity, entity_mentions) if entity else None
    stmt = _documents_stmt(dialect, bool(language), bool(source), bool(date_from), bool(date_to), bool(q), mode,
                           bool(cursor))
    rows = conn.execute(stmt, {k: v for k, v in params.items() if v is not None}).all()
    rows, nxt = cut_page(rows, limit, "documents", lambda r: (r.day, r.id))
    return Page([{**_doc_meta(r), "snippet": r.snippet} for r in rows], nxt)


_DOC_JSON = select(DOCUMENTS.c.doc_json).where(DOCUMENTS.c.id == bindparam("id"))


def get_document_json(conn: Connection, doc_id: str) -> str | None:
    """The stored contract object as its JSON text (sent as is: no decode/encode round trip)."""
    return conn.scalar(_DOC_JSON, {"id": doc_id})


# -- quotes -----------------------------------------------------------------------------------

@lru_cache(maxsize=512)
def _quotes_stmt(dialect: str, n_speakers: int, q: bool, has_from: bool, has_to: bool, document: bool,
                 has_cursor: bool) -> Select[Any]:
    conds = _date_conds(QUOTE_DAY, has_from, has_to)
    if q:
        conds.append(fulltext.quotes_match(dialect))
    if document:
        conds.append(QUOTES.c.document_id == bindparam("document"))
    order = [QUOTE_DAY, QUOTES.c.document_id, QUOTES.c.idx]
    desc = [c.desc() for c in order]
    if has_cursor:
        conds.append(after_key(order, descending=True))
    if n_speakers > 1:
        # A name shared by several people: one short index walk per speaker, merged, rather than
        # sorting every quote of all of them ("speaker IN (...)" makes SQLite sort them all).
        per_speaker = [select(QUOTES.c.document_id, QUOTES.c.idx).where(QUOTES.c.speaker == bindparam(f"sp{i}"), *conds)
                       .order_by(*desc).limit(_LIM).subquery() for i in range(n_speakers)]
        keys = union_all(*(select(sub) for sub in per_speaker)).subquery()
        conds = [tuple_(QUOTES.c.document_id, QUOTES.c.idx).in_(select(keys.c.document_id, keys.c.idx))]
    elif n_speakers == 1:
        conds.append(QUOTES.c.speaker == bindparam("sp0"))
    return (select(QUOTES, QUOTE_DAY.label("day"), *_DOC_LABELLED, *_SPEAKER_LABELLED)
            .join(DOCUMENTS, DOCUMENTS.c.id == QUOTES.c.document_id)
            .outerjoin(_SPEAKER, _SPEAKER.c.id == QUOTES.c.speaker)
            .where(*conds).order_by(*desc).limit(_LIM))


# The speaker entity, read with its quotes (a quote's speaker need not be a stored entity).
_SPEAKER = ENTITIES.alias("speaker_entity")
_SPEAKER_LABELLED = tuple(_SPEAKER.c[c.name].label(f"sp_{c.name}") for c in _ENTITY_COLS)


def _speaker_item(r: Any, seen: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The speaker entity of a quote row, built once per speaker of a page (`seen`)."""
    if r.sp_id is None:
        return None
    if r.sp_id not in seen:
        seen[r.sp_id] = _entity_item(SimpleNamespace(**{c.name: getattr(r, f"sp_{c.name}") for c in _ENTITY_COLS}))
    return seen[r.sp_id]


def list_quotes(conn: Connection, *, speaker: str | None = None, q: str | None = None,
                date_from: str | None = None, date_to: str | None = None, document: str | None = None,
                cursor: str | None = None, limit: int = 50, resolved: bool = False) -> Page:
    """Quotes newest first, with the speaker entity and the reporting document.

    `speaker` is an entity id or any spelling of its name (`resolved`: a stored entity id, the
    caller has checked: no name lookup); `q` searches the quoted words."""
    dialect = conn.dialect.name
    params: dict[str, Any] = {"lim": limit + 1, **_date_params(date_from, date_to),
                              **cursor_params("quotes", cursor, (str, str, int))}
    ids: list[str] = []
    if speaker:
        ids = [speaker] if resolved else resolve_entities(conn, speaker)
        if not ids:
            return Page([], None)
        params.update({f"sp{i}": v for i, v in enumerate(ids)})
    if q:
        value = fulltext.match_value(dialect, q)
        if value is None:
            return Page([], None)
        params[fulltext.QUOTES_PARAM] = value
    if document:
        params["document"] = document
    stmt = _quotes_stmt(dialect, len(ids), bool(q), bool(date_from), bool(date_to), bool(document), bool(cursor))
    rows = conn.execute(stmt, params).all()
    rows, nxt = cut_page(rows, limit, "quotes", lambda r: (r.day, r.document_id, r.idx))
    items = []
    speakers: dict[str, dict[str, Any]] = {}
    for r in rows:
        items.append({
            "id": f"{r.document_id}#q{r.idx}", "document_id": r.document_id, "idx": r.idx, "kind": r.kind,
            "content": r.content, "content_start": r.content_start, "content_end": r.content_end,
            "speaker": r.speaker, "speaker_entity": _speaker_item(r, speakers),
            "speaker_text": r.speaker_text, "speaker_start": r.speaker_start, "speaker_end": r.speaker_end,
            "cue": r.cue, "date": r.date, "day_of_war": day_of_war(r.date or r.doc_date or r.doc_published),
            "document": _doc_of(r),
        })
    return Page(items, nxt)


_N_DOCUMENTS = select(func.count()).select_from(DOCUMENTS)


def count_documents(conn: Connection) -> int:
    return int(conn.scalar(_N_DOCUMENTS) or 0)
