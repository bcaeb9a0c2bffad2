"""Turning one contract object into rows, and putting them in / taking them out of the tables.

Every function here works inside a transaction the caller opened (`Store` owns transactions),
so a document and all its facts are stored, replaced or deleted together or not at all.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, UTC
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, exists, select, update
from sqlalchemy.sql.dml import Insert

from .models import Document, Entity, EntityAlias, EntityCount, EntityRoleCount, Episode, Event, Mention, Quote, Role
from .normalize import MAX_ALIAS_CHARS, normalize_alias

Row = dict[str, Any]
_CHUNK = 500  # keeps IN (...) lists well under every driver's bound-parameter limit

DOCUMENTS: Table = Document.__table__  # type: ignore[assignment]
ENTITIES: Table = Entity.__table__  # type: ignore[assignment]
ALIASES: Table = EntityAlias.__table__  # type: ignore[assignment]
MENTIONS: Table = Mention.__table__  # type: ignore[assignment]
ROLES: Table = Role.__table__  # type: ignore[assignment]
QUOTES: Table = Quote.__table__  # type: ignore[assignment]
EVENTS: Table = Event.__table__  # type: ignore[assignment]
EPISODES: Table = Episode.__table__  # type: ignore[assignment]
COUNTS: Table = EntityCount.__table__  # type: ignore[assignment]  # kept by store/counts.py
ROLE_COUNTS: Table = EntityRoleCount.__table__  # type: ignore[assignment]
FACT_TABLES = (MENTIONS, ROLES, QUOTES, EVENTS, EPISODES)


def dumps(value: Any) -> str:
    """Compact JSON; NaN/Infinity refused because they are not JSON and other tools choke on them."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; replace it in the index columns on both dialects so they
    # agree. doc_json is unaffected (JSON escapes NUL), so `get` still returns the exact text.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _row(**values: Any) -> Row:
    return {k: _clean(v) for k, v in values.items()}


def insert_ignore(conn: Connection, table: Table, keys: list[str]) -> Insert:
    """INSERT ... ON CONFLICT (keys) DO NOTHING for the connection's dialect.

    Conflict-free upserts make concurrent ingests safe: two processes seeing the same new entity
    both succeed instead of one failing on a duplicate key.
    """
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=keys)
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing(index_elements=keys)
    raise RuntimeError(f"unsupported database dialect {conn.dialect.name!r} (SQLite or PostgreSQL only)")


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_row(doc: dict[str, Any], *, pipeline_version: str | None) -> Row:
    meta = doc["document"]
    return _row(
        id=doc["id"], title=meta["title"], language=meta["language"], published=meta["published"],
        date=meta["date"], day_of_war=meta["day_of_war"], source=meta["source"], url=meta["url"],
        text=doc["text"], content_hash=content_hash(doc["text"]),
        analyzed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        pipeline_version=pipeline_version, doc_json=dumps(doc),
    )


def _geo_columns(geo: dict[str, Any] | None) -> Row:
    if geo is None:
        return {"geo_json": None, "lat": None, "lon": None, "country": None, "admin1": None,
                "precision": None, "feature": None}
    return {"geo_json": dumps(geo), "lat": float(geo["lat"]), "lon": float(geo["lon"]),
            "country": geo["country"], "admin1": geo["admin1"], "precision": geo["precision"],
            "feature": geo["feature"]}


def insert_document(conn: Connection, doc: dict[str, Any], *, pipeline_version: str | None) -> bool:
    """Insert the document and its facts; False (and nothing written) when its id is already stored."""
    # RETURNING rather than rowcount: drivers do not agree on rowcount for ON CONFLICT DO NOTHING
    # (psycopg under SQLAlchemy reports -1), while "no row returned" is unambiguous everywhere.
    stmt = (insert_ignore(conn, DOCUMENTS, ["id"])
            .values(document_row(doc, pipeline_version=pipeline_version))
            .returning(DOCUMENTS.c.id))
    if conn.execute(stmt).scalar() is None:
        return False
    _insert_entities(conn, doc)
    _insert_facts(conn, doc)
    return True


def _insert_entities(conn: Connection, doc: dict[str, Any]) -> None:
    firsts: dict[str, dict[str, Any]] = {}
    first_geo: dict[str, dict[str, Any]] = {}
    aliases: dict[tuple[str, str], str] = {}
    for ent in doc["entities"]:
        firsts.setdefault(ent["id"], ent)
        if ent["geo"] is not None:
            first_geo.setdefault(ent["id"], ent["geo"])
        for surface in [ent["name"], *(m["text"] for m in ent["mentions"])]:
            norm = normalize_alias(surface)
            if norm and len(norm) <= MAX_ALIAS_CHARS:
                aliases.setdefault((ent["id"], norm), surface.strip())
    if not firsts:
        return
    # Sorted so concurrent PostgreSQL writers take row locks in one order and cannot deadlock.
    ids = sorted(firsts)
    conn.execute(insert_ignore(conn, ENTITIES, ["id"]), [
        _row(id=i, type=firsts[i]["type"], name=firsts[i]["name"], wikidata=firsts[i]["wikidata"],
             **_geo_columns(firsts[i]["geo"]))
        for i in ids
    ])
    # An entity first seen without coordinates gets them from the first document that has them.
    if first_geo:
        geo_cols = ["geo_json", "lat", "lon", "country", "admin1", "precision", "feature"]
        stmt = (update(ENTITIES)
                .where(ENTITIES.c.id == bindparam("b_id"), ENTITIES.c.geo_json.is_(None))
                .values({c: bindparam(f"b_{c}") for c in geo_cols}))
        conn.execute(stmt, [
            {"b_id": i, **{f"b_{k}": _clean(v) for k, v in _geo_columns(first_geo[i]).items()}}
            for i in sorted(first_geo)
        ])
    conn.execute(insert_ignore(conn, ALIASES, ["entity_id", "alias_norm"]), [
        _row(entity_id=eid, alias_norm=norm, alias=alias) for (eid, norm), alias in sorted(aliases.items())
    ])


def _insert_facts(conn: Connection, doc: dict[str, Any]) -> None:
    doc_id = doc["id"]
    mentions = [
        _row(document_id=doc_id, entity_id=ent["id"], start=m["start"], end=m["end"], text=m["text"])
        for ent in doc["entities"] for m in ent["mentions"]
    ]
    roles = {(ent["id"], role) for ent in doc["entities"] for role in ent["roles"]}
    quotes = [
        _row(document_id=doc_id, idx=i, kind=q["kind"], content=q["content"],
             content_start=q["content_start"], content_end=q["content_end"], speaker=q["speaker"],
             speaker_text=q["speaker_text"], speaker_start=q["speaker_start"],
             speaker_end=q["speaker_end"], cue=q["cue"], date=q["date"])
        for i, q in enumerate(doc["quotes"])
    ]
    events = [
        _row(document_id=doc_id, idx=i,
             acled_type=(ev["acled"] or {}).get("event_type"),
             acled_subtype=(ev["acled"] or {}).get("sub_event_type"),
             plover_event=(ev["plover"] or {}).get("event"), plover_mode=(ev["plover"] or {}).get("mode"),
             place=ev["place"], date=ev["date"], date_precision=ev["date_precision"],
             evidence_start=ev["evidence"]["start"], evidence_end=ev["evidence"]["end"],
             evidence_text=ev["evidence"]["text"], confidence=float(ev["confidence"]),
             actors_json=dumps(ev["actors"]))
        for i, ev in enumerate(doc["events"])
    ]
    episodes = [
        _row(document_id=doc_id, idx=i, show=ep["show"], number=ep["number"], title=ep["title"],
             guests_json=dumps(ep["guests"]))
        for i, ep in enumerate(doc["episodes"])
    ]
    for table, rows in ((MENTIONS, mentions), (QUOTES, quotes), (EVENTS, events), (EPISODES, episodes)):
        if rows:
            conn.execute(table.insert(), rows)
    if roles:
        conn.execute(ROLES.insert(), [
            _row(entity_id=eid, document_id=doc_id, role=role) for eid, role in sorted(roles)
        ])


def delete_document(conn: Connection, doc_id: str) -> bool:
    """Delete a document, its facts, and entities no other document mentions. False if absent."""
    entity_ids = list(conn.scalars(select(MENTIONS.c.entity_id).where(MENTIONS.c.document_id == doc_id).distinct()))
    # Explicit deletes rather than relying on ON DELETE CASCADE alone: correct even on a
    # connection where SQLite foreign keys were left off.
    for table in FACT_TABLES:
        conn.execute(delete(table).where(table.c.document_id == doc_id))
    found = conn.execute(delete(DOCUMENTS).where(DOCUMENTS.c.id == doc_id).returning(DOCUMENTS.c.id)).first() is not None
    _prune_entities(conn, sorted(entity_ids))
    return found


def _prune_entities(conn: Connection, entity_ids: list[str]) -> None:
    """Drop entities left without any mention, so counts, search and maps show only live data."""
    for chunk in _chunks(entity_ids, _CHUNK):
        unused = ENTITIES.c.id.in_(chunk) & ~exists().where(MENTIONS.c.entity_id == ENTITIES.c.id)
        orphans = list(conn.scalars(select(ENTITIES.c.id).where(unused)))
        if orphans:
            conn.execute(delete(ALIASES).where(ALIASES.c.entity_id.in_(orphans)))
            conn.execute(delete(ROLES).where(ROLES.c.entity_id.in_(orphans)))
            conn.execute(delete(ENTITIES).where(ENTITIES.c.id.in_(orphans)))


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
