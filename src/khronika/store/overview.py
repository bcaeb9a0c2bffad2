"""Whole-entity and whole-store views of the HTTP API: the entity page, the map, the facets."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, func, select

from .event_list import list_events
from .pages import Page
from .queries import _ENTITY_COLS, _aliases_of, _entity_item, list_documents, list_quotes
from .write import COUNTS, DOCUMENTS, ENTITIES, EVENTS, MENTIONS, ROLE_COUNTS


_ENTITY_ROW = (select(*_ENTITY_COLS, ENTITIES.c.geo_json, COUNTS.c.mentions, COUNTS.c.documents, COUNTS.c.quotes)
               .outerjoin(COUNTS, COUNTS.c.entity_id == ENTITIES.c.id).where(ENTITIES.c.id == bindparam("id")))
_ROLES = (select(ROLE_COUNTS.c.role, ROLE_COUNTS.c.documents).where(ROLE_COUNTS.c.entity_id == bindparam("id"))
          .order_by(ROLE_COUNTS.c.documents.desc(), ROLE_COUNTS.c.role).limit(100))


def entity_detail(conn: Connection, entity_id: str, *, recent: int = 20) -> dict[str, Any] | None:
    """What the entity page shows: the entity, its spellings and roles, counts, its latest
    quotes and events (first pages, with cursors for more), places and documents.

    Its cost does not grow with the entity: the counts and the roles' document counts are the
    totals every write keeps (store/counts.py), the lists are first pages, and the places are
    those named in the latest documents listed. Seven or eight statements (two more for a
    place), where counting took eighteen to twenty."""
    row = conn.execute(_ENTITY_ROW, {"id": entity_id}).first()
    if row is None:
        return None
    key = {"id": entity_id}
    out = _entity_item(row)
    if row.geo_json:
        out["geo"] = json.loads(row.geo_json)
    out["aliases"] = _aliases_of(conn, [entity_id], per_entity=500).get(entity_id, [])
    out["roles"] = [{"role": role, "documents": n} for role, n in conn.execute(_ROLES, key)]
    mentions = row.mentions or 0
    out["counts"] = {"mentions": mentions, "documents": row.documents or 0, "quotes": row.quotes or 0}
    out["quotes"] = list_quotes(conn, speaker=entity_id, limit=50, resolved=True).as_dict()
    at_place = (list_events(conn, place=entity_id, limit=50, resolved=True) if row.type == "PLACE"
                else Page([], None))
    as_actor = list_events(conn, actor=entity_id, limit=50, resolved=True)
    out["events"] = {"at_place": at_place.as_dict(), "as_actor": as_actor.as_dict()}
    documents = list_documents(conn, entity=entity_id, limit=recent, entity_mentions=mentions)
    out["places"] = _places_for(conn, entity_id, [d["id"] for d in documents.items],
                                [*at_place.items, *as_actor.items])
    out["documents"] = documents.as_dict()
    return out


_DOCS_PER_PLACE = func.count(func.distinct(MENTIONS.c.document_id))
# Places named in the given documents, with in how many of them (PostgreSQL takes the other
# entity columns as grouped by the primary key).
_PLACES_IN_DOCS = (select(*_ENTITY_COLS, _DOCS_PER_PLACE.label("n"))
                   .join(ENTITIES, ENTITIES.c.id == MENTIONS.c.entity_id)
                   .where(MENTIONS.c.document_id.in_(bindparam("docs", expanding=True)),
                          ENTITIES.c.type == "PLACE", ENTITIES.c.id != bindparam("id"))
                   .group_by(ENTITIES.c.id).order_by(_DOCS_PER_PLACE.desc(), ENTITIES.c.id).limit(20))


def _places_for(conn: Connection, entity_id: str, latest: list[str],
                events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Places of the entity's events, then places named in its `latest` documents (those the page
    lists: finding more, newest first, walks the date index past every document between them,
    1,500 for an entity named in one document in eight of 50k, 20 ms on PostgreSQL)."""
    counts: dict[str, dict[str, Any]] = {}
    for ev in events:
        p = ev["place"]
        if p and p["id"] != entity_id:
            counts.setdefault(p["id"], {**p, "events": 0, "documents": 0})["events"] += 1
    # The ids as a plain list: the planner reads mentions by document rather than probing every
    # place entity against the list.
    places = conn.execute(_PLACES_IN_DOCS, {"docs": latest, "id": entity_id}).all() if latest else []
    for r in places:
        counts.setdefault(r.id, {**_entity_item(r), "events": 0, "documents": 0})["documents"] = r.n
    return sorted(counts.values(), key=lambda p: (-p["events"], -p["documents"], p["id"]))


# -- map and facets ---------------------------------------------------------------------------

def places_geojson(conn: Connection) -> dict[str, Any]:
    """A FeatureCollection of PLACE entities with coordinates, with counts of mentions,
    documents and events (counts, not id lists: the map of a large store stays small).
    Mentions and documents are the totals writes keep (store/counts.py)."""
    events = select(EVENTS.c.place, func.count().label("events")).group_by(EVENTS.c.place).subquery()
    stmt = (select(*_ENTITY_COLS, COUNTS.c.mentions, COUNTS.c.documents, events.c.events)
            .join(COUNTS, COUNTS.c.entity_id == ENTITIES.c.id)
            .outerjoin(events, events.c.place == ENTITIES.c.id)
            .where(ENTITIES.c.type == "PLACE", ENTITIES.c.lat.is_not(None), ENTITIES.c.lon.is_not(None),
                   COUNTS.c.mentions > 0)
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
