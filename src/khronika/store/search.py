"""Read-side queries over the fact tables: entity lookup by any spelling, and the streams the
exporters consume. Each takes an open Connection so `Store` decides connection lifetimes.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, case, func, select

from .normalize import normalize_alias
from .write import ALIASES, DOCUMENTS, ENTITIES, MENTIONS

_STREAM = 1000  # rows fetched at a time when streaming (a server-side cursor on PostgreSQL)

ENTITY_FIELDS = ("id", "type", "name", "wikidata", "lat", "lon", "country", "admin1", "precision", "feature")


def _entity(row: Any) -> dict[str, Any]:
    return {k: getattr(row, k) for k in ENTITY_FIELDS}


def find_entities(conn: Connection, query: str, *, type: str | None = None, prefix: bool = True,
                  limit: int = 50) -> list[dict[str, Any]]:
    """Entities one of whose known spellings matches `query` after `normalize_alias`.

    Exact matches come first, then (with `prefix`) spellings that start with the query; ties
    are broken by how often the entity is mentioned, then by id, so results are stable.
    """
    norm = normalize_alias(query)
    if not norm:
        return []
    match = ALIASES.c.alias_norm == norm
    if prefix:
        match = match | ALIASES.c.alias_norm.startswith(norm, autoescape=True)
    exact = func.max(case((ALIASES.c.alias_norm == norm, 1), else_=0)).label("exact")
    hits = (select(ALIASES.c.entity_id, exact).where(match).group_by(ALIASES.c.entity_id).subquery())
    n_mentions = (select(func.count()).select_from(MENTIONS)
                  .where(MENTIONS.c.entity_id == ENTITIES.c.id).scalar_subquery())
    stmt = (select(*(ENTITIES.c[k] for k in ENTITY_FIELDS), n_mentions.label("mentions"))
            .join(hits, hits.c.entity_id == ENTITIES.c.id)
            .order_by(hits.c.exact.desc(), n_mentions.desc(), ENTITIES.c.id)
            .limit(limit))
    if type:
        stmt = stmt.where(ENTITIES.c.type == type)
    out = []
    for row in conn.execute(stmt):
        item = _entity(row)
        item["mentions"] = row.mentions
        out.append(item)
    if out:
        aliases: dict[str, list[str]] = {}
        rows = conn.execute(select(ALIASES.c.entity_id, ALIASES.c.alias)
                            .where(ALIASES.c.entity_id.in_([e["id"] for e in out]))
                            .order_by(ALIASES.c.entity_id, ALIASES.c.alias_norm))
        for eid, alias in rows:
            aliases.setdefault(eid, []).append(alias)
        for item in out:
            item["aliases"] = aliases.get(item["id"], [])
    return out


def iter_mention_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """One row per entity mention with its document's date and its entity's fields, in
    (document id, offset) order. `document_date` is the date reported on, else the published date."""
    stmt = (select(MENTIONS.c.document_id,
                   func.coalesce(DOCUMENTS.c.date, DOCUMENTS.c.published).label("document_date"),
                   MENTIONS.c.entity_id, ENTITIES.c.type, ENTITIES.c.name, ENTITIES.c.wikidata,
                   MENTIONS.c.text.label("mention_text"), MENTIONS.c.start, MENTIONS.c.end,
                   ENTITIES.c.lat, ENTITIES.c.lon, ENTITIES.c.country, ENTITIES.c.admin1)
            .join(DOCUMENTS, DOCUMENTS.c.id == MENTIONS.c.document_id)
            .join(ENTITIES, ENTITIES.c.id == MENTIONS.c.entity_id)
            .order_by(MENTIONS.c.document_id, MENTIONS.c.start, MENTIONS.c.end, MENTIONS.c.id))
    for row in conn.execution_options(yield_per=_STREAM).execute(stmt):
        yield dict(row._mapping)


def iter_places(conn: Connection) -> Iterator[dict[str, Any]]:
    """PLACE entities with coordinates, each with `mention_count` and the sorted `documents`
    that mention it, in entity id order."""
    stmt = (select(*(ENTITIES.c[k] for k in ENTITY_FIELDS), MENTIONS.c.document_id,
                   func.count().label("n"))
            .join(MENTIONS, MENTIONS.c.entity_id == ENTITIES.c.id)
            .where(ENTITIES.c.type == "PLACE", ENTITIES.c.lat.is_not(None), ENTITIES.c.lon.is_not(None))
            .group_by(*(ENTITIES.c[k] for k in ENTITY_FIELDS), MENTIONS.c.document_id)
            .order_by(ENTITIES.c.id, MENTIONS.c.document_id))
    current: dict[str, Any] | None = None
    # Rows arrive grouped by entity; fold each group into one place without loading them all.
    for row in conn.execution_options(yield_per=_STREAM).execute(stmt):
        if current is None or current["id"] != row.id:
            if current is not None:
                yield current
            current = {**_entity(row), "mention_count": 0, "documents": []}
        current["mention_count"] += row.n
        current["documents"].append(row.document_id)
    if current is not None:
        yield current


_SAME_TEXT = select(DOCUMENTS.c.text == bindparam("text")).where(DOCUMENTS.c.id == bindparam("id"))


def stored_with_other_text(engine: Engine, doc_id: str, text: str) -> bool:
    """True when `doc_id` is stored with a text other than `text`: a second document reusing an
    id, which must be reported, not taken for the same document already stored. (The database
    compares: the stored text is not sent back.)"""
    with engine.connect() as conn:
        same = conn.scalar(_SAME_TEXT, {"id": doc_id, "text": text})
    return same is not None and not same
