"""Read queries for the HTTP API: filtered lists with keyset cursors, entity pages, map data.

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

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (ARRAY, ColumnElement, Connection, Engine, Integer, Select, Text, and_, bindparam, case,
                        exists, func, literal, literal_column, or_, select, text, tuple_, union_all)
from sqlalchemy.sql import column, table

from . import fulltext
from .normalize import normalize_alias
from .write import ALIASES, DOCUMENTS, ENTITIES, EVENTS, MENTIONS, QUOTES, ROLES

WAR_DAY_ONE = date(2022, 2, 24)  # day 1 of the full-scale invasion, as in the contract
MAX_LIMIT = 200
SNIPPET_CHARS = 280
_MAX_RESOLVED = 20  # a speaker/place/actor name resolves to at most this many entities
_FREQUENT = 500  # an entity mentioned in more documents than this counts as frequent
_EMPTY = literal_column("''")  # a literal, not a bound parameter: expression indexes must match
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


# -- cursors and pages --------------------------------------------------------------------------

class BadCursor(ValueError):
    """A cursor this module did not make (or made for another list)."""


@dataclass
class Page:
    items: list[dict[str, Any]]
    next: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "next": self.next}


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, types: Sequence[type]) -> list[Any]:
    """The key in `cursor`, checked to be a `kind` cursor whose values have `types`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("malformed cursor") from None
    if (not isinstance(value, list) or len(value) != len(types) + 1 or value[0] != kind
            or not all(type(v) is t for v, t in zip(value[1:], types, strict=True))):
        raise BadCursor(f"not a cursor of this {kind} list")
    return value[1:]


def _after(columns: Sequence[ColumnElement[Any]], descending: bool) -> ColumnElement[bool]:
    """Rows strictly after the cursor key (bind parameters c0, c1, ...) in (columns) order: a
    row-value comparison, which SQLite and PostgreSQL both answer with an index range scan."""
    left, right = tuple_(*columns), tuple_(*(bindparam(f"c{i}") for i in range(len(columns))))
    return left < right if descending else left > right


def _cursor_params(kind: str, cursor: str | None, types: Sequence[type]) -> dict[str, Any]:
    return {f"c{i}": v for i, v in enumerate(decode_cursor(kind, cursor, types))} if cursor else {}


def _page(rows: list[Any], limit: int, kind: str, key_of: Any) -> tuple[list[Any], str | None]:
    """Rows of this page and the cursor of the next (we fetch limit+1 rows to know if there is one)."""
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_cursor(kind, key_of(rows[-1]))
    return rows, None


@lru_cache(maxsize=4096)
def day_of_war(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return (date.fromisoformat(iso[:10]) - WAR_DAY_ONE).days + 1
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
    norm = bindparam("norm")
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
        stmt = stmt.where(_after(order, descending=False))
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
        params.update(_cursor_params("entities", cursor, (int, str)))
    else:
        params.update(_cursor_params("entities", cursor, (str,)))
    if type:
        params["etype"] = type
    rows = conn.execute(_entities_stmt(dialect, bool(norm), words, bool(type), bool(cursor)), params).all()
    rows, nxt = _page(rows, limit, "entities", (lambda r: (r.rank, r.id)) if norm else (lambda r: (r.id,)))
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


@lru_cache(maxsize=16)
def _resolve_stmt(dialect: str, words: bool, typed: bool) -> Select[Any]:
    best = _best_hits(dialect, words)
    stmt = select(best.c.entity_id, best.c.rank)
    if typed:
        stmt = (stmt.join(ENTITIES, ENTITIES.c.id == best.c.entity_id)
                .where(ENTITIES.c.type.in_(bindparam("types", expanding=True))))
    return stmt.order_by(best.c.rank, best.c.entity_id).limit(4 * _MAX_RESOLVED)


def resolve_entities(conn: Connection, name: str, *, types: Sequence[str] = ()) -> list[str]:
    """Entity ids `name` designates: itself if it is a stored id, else entities with that exact
    spelling, else (only then) spellings starting with it, else spellings with words starting
    with its words ("Peskov" -> the entity spelled "Dmitri Peskov")."""
    name = name.strip()
    if not name:
        return []
    if conn.scalar(_ENTITY_EXISTS, {"id": name}):
        return [name]  # an id (what the web app sends): no name search at all
    norm = normalize_alias(name)
    if not norm:
        return []
    params, words = _alias_params(conn.dialect.name, norm)
    if types:
        params["types"] = list(types)
    rows = conn.execute(_resolve_stmt(conn.dialect.name, words, bool(types)), params).all()
    return [r.entity_id for r in rows if r.rank == rows[0].rank][:_MAX_RESOLVED]


_NAMES = select(*_ENTITY_COLS).where(ENTITIES.c.id.in_(bindparam("ids", expanding=True)))


def _names(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    return {r.id: _entity_item(r) for r in conn.execute(_NAMES, {"ids": sorted(ids)})}


# -- documents --------------------------------------------------------------------------------

_DOC_COLS = (DOCUMENTS.c.id, DOCUMENTS.c.title, DOCUMENTS.c.language, DOCUMENTS.c.published, DOCUMENTS.c.date,
             DOCUMENTS.c.day_of_war, DOCUMENTS.c.source, DOCUMENTS.c.url)
_DOC_LABELLED = tuple(c.label(f"doc_{c.name}") for c in _DOC_COLS)


def _doc_meta(row: Any) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "language": row.language, "published": row.published,
            "date": row.date, "day_of_war": row.day_of_war, "source": row.source, "url": row.url}


def _doc_of(r: Any) -> dict[str, Any]:
    """The reporting document of a quote/event row (columns labelled doc_*)."""
    return {"id": r.doc_id, "title": r.doc_title, "language": r.doc_language, "date": r.doc_date,
            "published": r.doc_published, "source": r.doc_source, "url": r.doc_url}


_PROBE = select(func.count()).select_from(
    select(MENTIONS.c.document_id).where(MENTIONS.c.entity_id == bindparam("entity")).limit(_FREQUENT).subquery())


def _entity_mode(conn: Connection, entity_id: str) -> str:
    """How to find the documents mentioning a given entity fast.

    Newest-first pages of a frequent entity's documents are found by walking the date index and
    probing (entity, document) for each: the first page comes after a few dozen probes. For a
    rare entity that walk would cover the whole table, so its few documents are listed instead.
    """
    return "exists" if (conn.scalar(_PROBE, {"entity": entity_id}) or 0) >= _FREQUENT else "in"


def _mentions_entity(mode: str) -> ColumnElement[bool]:
    entity = bindparam("entity")
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
        conds.append(_after(order, descending=True))
    return (select(*_DOC_COLS, DOC_DAY.label("day"), func.substr(DOCUMENTS.c.text, 1, SNIPPET_CHARS).label("snippet"))
            .where(*conds).order_by(*(c.desc() for c in order)).limit(_LIM))


def list_documents(conn: Connection, *, language: str | None = None, source: str | None = None,
                   date_from: str | None = None, date_to: str | None = None, q: str | None = None,
                   entity: str | None = None, cursor: str | None = None, limit: int = 50) -> Page:
    """Documents, newest first (date reported on, else published), with a text snippet.
    `q` searches titles and texts; `entity` keeps documents mentioning that entity id."""
    dialect = conn.dialect.name
    params: dict[str, Any] = {"lim": limit + 1, "language": language, "source": source, "entity": entity,
                              **_date_params(date_from, date_to), **_cursor_params("documents", cursor, (str, str))}
    if q:
        value = fulltext.match_value(dialect, q)
        if value is None:
            return Page([], None)
        params[fulltext.DOCS_PARAM] = value
    mode = _entity_mode(conn, entity) if entity else None
    stmt = _documents_stmt(dialect, bool(language), bool(source), bool(date_from), bool(date_to), bool(q), mode,
                           bool(cursor))
    rows = conn.execute(stmt, {k: v for k, v in params.items() if v is not None}).all()
    rows, nxt = _page(rows, limit, "documents", lambda r: (r.day, r.id))
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
        conds.append(_after(order, descending=True))
    if n_speakers > 1:
        # A name shared by several people: one short index walk per speaker, merged, rather than
        # sorting every quote of all of them ("speaker IN (...)" makes SQLite sort them all).
        per_speaker = [select(QUOTES.c.document_id, QUOTES.c.idx).where(QUOTES.c.speaker == bindparam(f"sp{i}"), *conds)
                       .order_by(*desc).limit(_LIM).subquery() for i in range(n_speakers)]
        keys = union_all(*(select(sub) for sub in per_speaker)).subquery()
        conds = [tuple_(QUOTES.c.document_id, QUOTES.c.idx).in_(select(keys.c.document_id, keys.c.idx))]
    elif n_speakers == 1:
        conds.append(QUOTES.c.speaker == bindparam("sp0"))
    return (select(QUOTES, QUOTE_DAY.label("day"), *_DOC_LABELLED)
            .join(DOCUMENTS, DOCUMENTS.c.id == QUOTES.c.document_id)
            .where(*conds).order_by(*desc).limit(_LIM))


def list_quotes(conn: Connection, *, speaker: str | None = None, q: str | None = None,
                date_from: str | None = None, date_to: str | None = None, document: str | None = None,
                cursor: str | None = None, limit: int = 50) -> Page:
    """Quotes newest first, with the speaker entity and the reporting document.

    `speaker` is an entity id or any spelling of its name; `q` searches the quoted words."""
    dialect = conn.dialect.name
    params: dict[str, Any] = {"lim": limit + 1, **_date_params(date_from, date_to),
                              **_cursor_params("quotes", cursor, (str, str, int))}
    ids: list[str] = []
    if speaker:
        ids = resolve_entities(conn, speaker)
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
    rows, nxt = _page(rows, limit, "quotes", lambda r: (r.day, r.document_id, r.idx))
    speakers = _names(conn, {r.speaker for r in rows if r.speaker})
    items = []
    for r in rows:
        items.append({
            "id": f"{r.document_id}#q{r.idx}", "document_id": r.document_id, "idx": r.idx, "kind": r.kind,
            "content": r.content, "content_start": r.content_start, "content_end": r.content_end,
            "speaker": r.speaker, "speaker_entity": speakers.get(r.speaker) if r.speaker else None,
            "speaker_text": r.speaker_text, "speaker_start": r.speaker_start, "speaker_end": r.speaker_end,
            "cue": r.cue, "date": r.date, "day_of_war": day_of_war(r.date or r.doc_date or r.doc_published),
            "document": _doc_of(r),
        })
    return Page(items, nxt)


# -- events -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def _actor_cond(dialect: str) -> ColumnElement[bool]:
    """Events listing one of bind parameter `actors` (entity ids) among their actors, by index."""
    if dialect == "postgresql":
        # jsonb ?| text[]: any of the strings is an element of the array (GIN-indexed).
        return literal_column("(events.actors_json::jsonb)").op("?|")(bindparam("actors", type_=ARRAY(Text)))
    return tuple_(EVENTS.c.document_id, EVENTS.c.idx).in_(
        select(_EVENT_ACTORS.c.document_id, _EVENT_ACTORS.c.idx)
        .where(_EVENT_ACTORS.c.entity_id.in_(bindparam("actors", expanding=True))))


@lru_cache(maxsize=512)
def _events_stmt(dialect: str, typed: bool, has_from: bool, has_to: bool, bbox: str | None, places: bool,
                 actors: bool, document: bool, has_cursor: bool) -> Select[Any]:
    conds = _date_conds(EVENT_DAY, has_from, has_to)
    if typed:
        etype = bindparam("etype")
        conds.append(or_(EVENTS.c.acled_type == etype, EVENTS.c.acled_subtype == etype, EVENTS.c.plover_event == etype))
    if places:
        conds.append(EVENTS.c.place.in_(bindparam("places", expanding=True)))
    if actors:
        conds.append(_actor_cond(dialect))
    if document:
        conds.append(EVENTS.c.document_id == bindparam("document"))
    if bbox:
        lon, lo, hi = ENTITIES.c.lon, bindparam("min_lon"), bindparam("max_lon")
        lon_ok = lon.between(lo, hi) if bbox == "box" else or_(lon >= lo, lon <= hi)  # "wrap": crosses 180°
        in_box = select(ENTITIES.c.id).where(ENTITIES.c.lat.between(bindparam("min_lat"), bindparam("max_lat")), lon_ok)
        conds.append(EVENTS.c.place.in_(in_box))
    order = [EVENT_DAY, EVENTS.c.document_id, EVENTS.c.idx]
    if has_cursor:
        conds.append(_after(order, descending=True))
    return (select(EVENTS, EVENT_DAY.label("day"), *_DOC_LABELLED)
            .join(DOCUMENTS, DOCUMENTS.c.id == EVENTS.c.document_id)
            .where(*conds).order_by(*(c.desc() for c in order)).limit(_LIM))


def list_events(conn: Connection, *, type: str | None = None, date_from: str | None = None,
                date_to: str | None = None, bbox: BBox | None = None, place: str | None = None,
                actor: str | None = None, document: str | None = None, cursor: str | None = None,
                limit: int = 50) -> Page:
    """Events newest first. `type` is an ACLED event type or sub-type or a PLOVER event;
    `bbox` keeps events whose place lies in it; `place`/`actor` are ids or any spelling."""
    dialect = conn.dialect.name
    params: dict[str, Any] = {"lim": limit + 1, **_date_params(date_from, date_to),
                              **_cursor_params("events", cursor, (str, str, int))}
    if type:
        params["etype"] = type
    if place:
        params["places"] = resolve_entities(conn, place, types=("PLACE",))
        if not params["places"]:
            return Page([], None)
    if actor:
        params["actors"] = resolve_entities(conn, actor)
        if not params["actors"]:
            return Page([], None)
    if document:
        params["document"] = document
    mode = None
    if bbox:
        mode = "box" if bbox.min_lon <= bbox.max_lon else "wrap"
        params.update(min_lon=bbox.min_lon, max_lon=bbox.max_lon, min_lat=bbox.min_lat, max_lat=bbox.max_lat)
    stmt = _events_stmt(dialect, bool(type), bool(date_from), bool(date_to), mode, bool(place), bool(actor),
                        bool(document), bool(cursor))
    rows = conn.execute(stmt, params).all()
    rows, nxt = _page(rows, limit, "events", lambda r: (r.day, r.document_id, r.idx))
    actors = [json.loads(r.actors_json) for r in rows]
    known = _names(conn, {a for lst in actors for a in lst} | {r.place for r in rows if r.place})
    return Page([_event_item(r, ids, known) for r, ids in zip(rows, actors, strict=True)], nxt)


def _unknown(eid: str, etype: str | None = None) -> dict[str, Any]:
    return {"id": eid, "type": etype, "name": eid, "wikidata": None, "geo": None}


def _event_item(r: Any, actor_ids: list[str], known: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": f"{r.document_id}#e{r.idx}", "document_id": r.document_id, "idx": r.idx,
        "acled": {"event_type": r.acled_type, "sub_event_type": r.acled_subtype} if r.acled_type else None,
        "plover": {"event": r.plover_event, "mode": r.plover_mode} if r.plover_event else None,
        "actors": [known.get(a) or _unknown(a) for a in actor_ids],
        "place": (known.get(r.place) or _unknown(r.place, "PLACE")) if r.place else None,
        "date": r.date, "date_precision": r.date_precision,
        "day_of_war": day_of_war(r.date or r.doc_date or r.doc_published),
        "evidence": {"start": r.evidence_start, "end": r.evidence_end, "text": r.evidence_text},
        "confidence": r.confidence, "document": _doc_of(r),
    }


# -- entity page ------------------------------------------------------------------------------

_ENTITY_ROW = select(*_ENTITY_COLS, ENTITIES.c.geo_json).where(ENTITIES.c.id == bindparam("id"))
_ROLE_DOCS = func.count(func.distinct(ROLES.c.document_id))
_ROLES = (select(ROLES.c.role, _ROLE_DOCS).where(ROLES.c.entity_id == bindparam("id"))
          .group_by(ROLES.c.role).order_by(_ROLE_DOCS.desc(), ROLES.c.role).limit(100))
_N_MENTIONS = select(func.count()).select_from(MENTIONS).where(MENTIONS.c.entity_id == bindparam("id"))
_N_DOCS = select(func.count(func.distinct(MENTIONS.c.document_id))).where(MENTIONS.c.entity_id == bindparam("id"))
_N_QUOTES = select(func.count()).select_from(QUOTES).where(QUOTES.c.speaker == bindparam("id"))


def entity_detail(conn: Connection, entity_id: str, *, recent: int = 20) -> dict[str, Any] | None:
    """What the entity page shows: the entity, its spellings and roles, counts, its latest
    quotes and events (first pages, with cursors for more), places and documents."""
    row = conn.execute(_ENTITY_ROW, {"id": entity_id}).first()
    if row is None:
        return None
    key = {"id": entity_id}
    out = _entity_item(row)
    if row.geo_json:
        out["geo"] = json.loads(row.geo_json)
    out["aliases"] = _aliases_of(conn, [entity_id], per_entity=500).get(entity_id, [])
    out["roles"] = [{"role": role, "documents": n} for role, n in conn.execute(_ROLES, key)]
    out["counts"] = {"mentions": conn.scalar(_N_MENTIONS, key), "documents": conn.scalar(_N_DOCS, key),
                     "quotes": conn.scalar(_N_QUOTES, key)}
    out["quotes"] = list_quotes(conn, speaker=entity_id, limit=50).as_dict()
    at_place = list_events(conn, place=entity_id, limit=50) if row.type == "PLACE" else Page([], None)
    as_actor = list_events(conn, actor=entity_id, limit=50)
    out["events"] = {"at_place": at_place.as_dict(), "as_actor": as_actor.as_dict()}
    out["places"] = _places_for(conn, entity_id, [*at_place.items, *as_actor.items])
    out["documents"] = list_documents(conn, entity=entity_id, limit=recent).as_dict()
    return out


@lru_cache(maxsize=4)
def _latest_docs_stmt(mode: str) -> Select[Any]:
    return (select(DOCUMENTS.c.id).where(_mentions_entity(mode))
            .order_by(DOC_DAY.desc(), DOCUMENTS.c.id.desc()).limit(200))


_DOCS_PER_ENTITY = func.count(func.distinct(MENTIONS.c.document_id))
_CO_MENTIONED = (select(MENTIONS.c.entity_id, _DOCS_PER_ENTITY)
                 .where(MENTIONS.c.document_id.in_(bindparam("docs", expanding=True)))
                 .group_by(MENTIONS.c.entity_id))
_PLACES_AMONG = select(*_ENTITY_COLS).where(ENTITIES.c.id.in_(bindparam("ids", expanding=True)),
                                            ENTITIES.c.type == "PLACE")


def _places_for(conn: Connection, entity_id: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Places of the entity's events, then places named in the latest documents mentioning it."""
    counts: dict[str, dict[str, Any]] = {}
    for ev in events:
        p = ev["place"]
        if p and p["id"] != entity_id:
            counts.setdefault(p["id"], {**p, "events": 0, "documents": 0})["events"] += 1
    # Ids first, as a plain list: the planner then reads mentions by document (200 documents)
    # rather than probing every place entity against the list.
    latest = list(conn.scalars(_latest_docs_stmt(_entity_mode(conn, entity_id)), {"entity": entity_id}))
    per_entity = dict(conn.execute(_CO_MENTIONED, {"docs": latest}).all()) if latest else {}
    per_entity.pop(entity_id, None)
    places = conn.execute(_PLACES_AMONG, {"ids": list(per_entity)}).all() if per_entity else []
    for r in sorted(places, key=lambda r: (-per_entity[r.id], r.id))[:20]:
        counts.setdefault(r.id, {**_entity_item(r), "events": 0, "documents": 0})["documents"] = per_entity[r.id]
    return sorted(counts.values(), key=lambda p: (-p["events"], -p["documents"], p["id"]))


# -- map and facets ---------------------------------------------------------------------------

def places_geojson(conn: Connection) -> dict[str, Any]:
    """A FeatureCollection of PLACE entities with coordinates, with counts of mentions,
    documents and events (counts, not id lists: the map of a large store stays small)."""
    mentions = (select(MENTIONS.c.entity_id, func.count().label("mentions"),
                       func.count(func.distinct(MENTIONS.c.document_id)).label("documents"))
                .group_by(MENTIONS.c.entity_id).subquery())
    events = select(EVENTS.c.place, func.count().label("events")).group_by(EVENTS.c.place).subquery()
    stmt = (select(*_ENTITY_COLS, mentions.c.mentions, mentions.c.documents, events.c.events)
            .join(mentions, mentions.c.entity_id == ENTITIES.c.id)
            .outerjoin(events, events.c.place == ENTITIES.c.id)
            .where(ENTITIES.c.type == "PLACE", ENTITIES.c.lat.is_not(None), ENTITIES.c.lon.is_not(None))
            .order_by(ENTITIES.c.id))
    features = []
    for r in conn.execute(stmt):
        props = _entity_item(r)
        geo = props.pop("geo")
        props.update(country=geo["country"], admin1=geo["admin1"], precision=geo["precision"],
                     feature=geo["feature"], mentions=r.mentions, documents=r.documents, events=r.events or 0)
        features.append({"type": "Feature", "id": r.id, "properties": props,
                         "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]}})
    return {"type": "FeatureCollection", "features": features}


def facets(conn: Connection) -> dict[str, Any]:
    """Values the UI offers as filters: languages, sources, event types, with counts."""
    def counted(col: ColumnElement[Any], table_: Any, limit: int = 100) -> list[dict[str, Any]]:
        n = func.count().label("n")
        rows = conn.execute(select(col.label("value"), n).select_from(table_).where(col.is_not(None))
                            .group_by(col).order_by(n.desc(), col).limit(limit))
        return [{"value": v, "count": c} for v, c in rows]

    return {
        "languages": counted(DOCUMENTS.c.language, DOCUMENTS),
        "sources": counted(DOCUMENTS.c.source, DOCUMENTS),
        "acled_types": counted(EVENTS.c.acled_type, EVENTS),
        "acled_subtypes": counted(EVENTS.c.acled_subtype, EVENTS),
        "plover_events": counted(EVENTS.c.plover_event, EVENTS),
        "entity_types": counted(ENTITIES.c.type, ENTITIES),
    }


_N_DOCUMENTS = select(func.count()).select_from(DOCUMENTS)


def count_documents(conn: Connection) -> int:
    return int(conn.scalar(_N_DOCUMENTS) or 0)
