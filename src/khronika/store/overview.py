"""Whole-entity and whole-store views of the HTTP API: the entity page, the map, the facets."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, bindparam, func, select

from .event_list import list_events
from .pages import Page
from .queries import (_ENTITY_COLS, DOC_DAY, _aliases_of, _entity_item, _entity_mode, _mentions_entity,
                      list_documents, list_quotes)
from .write import DOCUMENTS, ENTITIES, EVENTS, MENTIONS, QUOTES, ROLES


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
    per_entity: dict[str, int] = dict(conn.execute(_CO_MENTIONED, {"docs": latest}).all()) if latest else {}
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
