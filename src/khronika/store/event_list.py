"""The events list of the HTTP API: filters by type, dates, bounding box, place and actor."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import ARRAY, BindParameter, ColumnElement, Connection, Select, Text, bindparam, literal_column, or_, select, tuple_

from .pages import Page, after_key, cursor_params, cut_page
from .queries import (_DOC_LABELLED, _EVENT_ACTORS, _LIM, EVENT_DAY, _date_conds, _date_params, _doc_of, _names,
                      day_of_war, resolve_entities)
from .write import DOCUMENTS, ENTITIES, EVENTS


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
        etype: BindParameter[str] = bindparam("etype")
        conds.append(or_(EVENTS.c.acled_type == etype, EVENTS.c.acled_subtype == etype, EVENTS.c.plover_event == etype))
    if places:
        conds.append(EVENTS.c.place.in_(bindparam("places", expanding=True)))
    if actors:
        conds.append(_actor_cond(dialect))
    if document:
        conds.append(EVENTS.c.document_id == bindparam("document"))
    if bbox:
        lo: BindParameter[float] = bindparam("min_lon")
        hi: BindParameter[float] = bindparam("max_lon")
        lon = ENTITIES.c.lon
        lon_ok = lon.between(lo, hi) if bbox == "box" else or_(lon >= lo, lon <= hi)  # "wrap": crosses 180°
        in_box = select(ENTITIES.c.id).where(ENTITIES.c.lat.between(bindparam("min_lat"), bindparam("max_lat")), lon_ok)
        conds.append(EVENTS.c.place.in_(in_box))
    order = [EVENT_DAY, EVENTS.c.document_id, EVENTS.c.idx]
    if has_cursor:
        conds.append(after_key(order, descending=True))
    return (select(EVENTS, EVENT_DAY.label("day"), *_DOC_LABELLED)
            .join(DOCUMENTS, DOCUMENTS.c.id == EVENTS.c.document_id)
            .where(*conds).order_by(*(c.desc() for c in order)).limit(_LIM))


def list_events(conn: Connection, *, type: str | None = None, date_from: str | None = None,
                date_to: str | None = None, bbox: BBox | None = None, place: str | None = None,
                actor: str | None = None, document: str | None = None, cursor: str | None = None,
                limit: int = 50, resolved: bool = False) -> Page:
    """Events newest first. `type` is an ACLED event type or sub-type or a PLOVER event;
    `bbox` keeps events whose place lies in it; `place`/`actor` are ids or any spelling
    (`resolved`: they are stored entity ids, the caller has checked: no name lookup)."""
    dialect = conn.dialect.name
    params: dict[str, Any] = {"lim": limit + 1, **_date_params(date_from, date_to),
                              **cursor_params("events", cursor, (str, str, int))}
    if type:
        params["etype"] = type
    if place:
        params["places"] = [place] if resolved else resolve_entities(conn, place, types=("PLACE",))
        if not params["places"]:
            return Page([], None)
    if actor:
        params["actors"] = [actor] if resolved else resolve_entities(conn, actor)
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
    rows, nxt = cut_page(rows, limit, "events", lambda r: (r.day, r.document_id, r.idx))
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
