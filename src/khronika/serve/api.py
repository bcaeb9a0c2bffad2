"""The /api routes (CONTRACT.md, "The command line and the HTTP API").

Read endpoints are `async def` that run their (synchronous, millisecond) queries inline on the
event loop. Measured under load, FastAPI's thread pool made things much worse, not better: the
loop thread and the pool threads queue for the GIL, so each socket send waited for a pool
thread's time slice (p99 of hundreds of ms at 300 req/s). Several worker processes
(`khronika serve --workers N`) give the parallelism instead. The write endpoints, which run the
NLP pipeline for seconds, stay plain `def` on the pool.

Responses are ready JSON: the items are already plain dicts, so FastAPI's per-field response
encoding would only add latency.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status
from sqlalchemy import Connection

from .. import __version__
from ..store import queries
from . import params, schemas
from .ingest import IngestRefused
from .security import require_token
from .state import ServerState

router = APIRouter(prefix="/api")


def state(request: Request) -> ServerState:
    return request.app.state.khronika


@contextmanager
def connection(request: Request) -> Iterator[Connection]:
    with state(request).store.engine.connect() as conn:
        yield conn


def json_response(obj: Any, status_code: int = 200, headers: Optional[dict[str, str]] = None) -> Response:
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status_code, media_type="application/json", headers=headers)


def page(request: Request, fn: Any, **kwargs: Any) -> Response:
    try:
        with connection(request) as conn:
            return json_response(fn(conn, **kwargs).as_dict())
    except queries.BadCursor as exc:
        raise HTTPException(422, f"'cursor': {exc}") from None


@router.get("/health", response_model=schemas.Health, summary="Is the server up, and what does it serve")
async def health(request: Request) -> Response:
    st = state(request)
    with connection(request) as conn:
        return json_response({"status": "ok", "version": __version__, "store": conn.dialect.name,
                              "documents": queries.count_documents(conn), "writable": bool(st.token)})


@router.get("/config", response_model=schemas.Config, summary="Settings the web app needs (map tiles)")
async def config(request: Request) -> Response:
    st = state(request)
    return json_response({"tiles": st.tiles_url, "max_native_zoom": st.tiles_max_zoom,
                          "attribution": st.tiles_attribution, "writable": bool(st.token)})


@router.get("/facets", summary="Filter values with counts: languages, sources, event types")
async def facets(request: Request) -> Response:
    with connection(request) as conn:
        return json_response(state(request).cached("facets", lambda: queries.facets(conn)))


# -- documents --------------------------------------------------------------------------------

@router.get("/documents", response_model=schemas.Page[schemas.DocumentItem], summary="Documents, newest first")
async def list_documents(
    request: Request,
    language: Optional[str] = Query(None, max_length=20),
    source: Optional[str] = params.Text,
    date_from: Optional[str] = Query(None, alias="from", description="YYYY-MM-DD (document date, inclusive)"),
    date_to: Optional[str] = Query(None, alias="to", description="YYYY-MM-DD (inclusive)"),
    q: Optional[str] = Query(None, max_length=500, description="Full-text search in titles and texts"),
    entity: Optional[str] = Query(None, max_length=500, description="Only documents mentioning this entity id"),
    cursor: Optional[str] = params.Cursor,
    limit: int = params.Limit,
) -> Response:
    lo, hi = params.date_range(date_from, date_to)
    return page(request, queries.list_documents, language=language, source=source, date_from=lo, date_to=hi,
                q=q, entity=entity, cursor=cursor, limit=limit)


@router.get("/documents/{doc_id:path}", summary="One document: the contract object, as stored",
            responses={200: {"content": {"application/json": {}}}, 404: {"description": "No such document"}})
async def get_document(request: Request, doc_id: str = Path(max_length=1000)) -> Response:
    with connection(request) as conn:
        raw = queries.get_document_json(conn, doc_id)
    if raw is None:
        raise HTTPException(404, "no such document")
    return Response(raw, media_type="application/json")


@router.post("/documents", status_code=201, dependencies=[Depends(require_token)],
             summary="Analyse and store a document (bearer token required)",
             responses={200: {"description": "Already stored: the stored object"},
                        201: {"description": "Stored: the contract object"},
                        401: {"description": "No bearer token"},
                        403: {"description": "Wrong token or read-only server"},
                        413: {"description": "Body over 5 MB"}})
def post_document(body: schemas.DocumentInput, request: Request) -> Response:
    st = state(request)
    try:
        doc, stored = st.ingestor.ingest(body.model_dump(exclude_none=True))
    except IngestRefused as exc:
        raise HTTPException(422, str(exc)) from None
    st.invalidate()
    return json_response(doc, status.HTTP_201_CREATED if stored else status.HTTP_200_OK,
                         headers={"Location": f"/api/documents/{doc['id']}"})


@router.delete("/documents/{doc_id:path}", status_code=204, dependencies=[Depends(require_token)],
               summary="Delete a document and its facts (bearer token required)")
def delete_document(request: Request, doc_id: str = Path(max_length=1000)) -> Response:
    st = state(request)
    if not st.store.delete(doc_id):
        raise HTTPException(404, "no such document")
    st.invalidate()
    return Response(status_code=204)


# -- entities, quotes, events, places ------------------------------------------------------------

@router.get("/entities", response_model=schemas.Page[schemas.EntityItem],
            summary="Entities by any spelling (Bakhmut finds Bakhmout, Бахмут, Artemivsk)")
async def list_entities(
    request: Request,
    q: Optional[str] = Query(None, max_length=200, description="A name in any known spelling (prefix match)"),
    type: Optional[str] = Query(None, pattern="^(PERSON|ORG|PLACE|UNIT|EVENT|MISC)$"),
    cursor: Optional[str] = params.Cursor,
    limit: int = params.Limit,
) -> Response:
    return page(request, queries.list_entities, q=q, type=type, cursor=cursor, limit=limit)


@router.get("/entities/{entity_id:path}", summary="An entity page: roles, aliases, quotes, places, events, documents")
async def get_entity(request: Request, entity_id: str = Path(max_length=500)) -> Response:
    with connection(request) as conn:
        detail = queries.entity_detail(conn, entity_id)
    if detail is None:
        raise HTTPException(404, "no such entity")
    return json_response(detail)


@router.get("/quotes", response_model=schemas.Page[schemas.QuoteItem], summary="Who said what, newest first")
async def list_quotes(
    request: Request,
    speaker: Optional[str] = Query(None, max_length=200, description="Entity id or any spelling of the name"),
    q: Optional[str] = Query(None, max_length=500, description="Full-text search in the quoted words"),
    date_from: Optional[str] = Query(None, alias="from", description="YYYY-MM-DD"),
    date_to: Optional[str] = Query(None, alias="to", description="YYYY-MM-DD"),
    document: Optional[str] = Query(None, max_length=1000),
    cursor: Optional[str] = params.Cursor,
    limit: int = params.Limit,
) -> Response:
    lo, hi = params.date_range(date_from, date_to)
    return page(request, queries.list_quotes, speaker=speaker, q=q, date_from=lo, date_to=hi,
                document=document, cursor=cursor, limit=limit)


@router.get("/events", response_model=schemas.Page[schemas.EventItem], summary="Events, newest first")
async def list_events(
    request: Request,
    type: Optional[str] = Query(None, max_length=200, description="ACLED event type or sub-type, or PLOVER event"),
    date_from: Optional[str] = Query(None, alias="from", description="YYYY-MM-DD"),
    date_to: Optional[str] = Query(None, alias="to", description="YYYY-MM-DD"),
    bbox: Optional[str] = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat"),
    place: Optional[str] = Query(None, max_length=200, description="Place entity id or any spelling"),
    actor: Optional[str] = Query(None, max_length=200, description="Actor entity id or any spelling"),
    document: Optional[str] = Query(None, max_length=1000),
    cursor: Optional[str] = params.Cursor,
    limit: int = params.Limit,
) -> Response:
    lo, hi = params.date_range(date_from, date_to)
    return page(request, queries.list_events, type=type, date_from=lo, date_to=hi, bbox=params.bbox(bbox),
                place=place, actor=actor, document=document, cursor=cursor, limit=limit)


@router.get("/places.geojson", summary="Places with coordinates, as a GeoJSON FeatureCollection",
            responses={200: {"content": {"application/geo+json": {}}}})
async def places_geojson(request: Request) -> Response:
    with connection(request) as conn:
        body = state(request).cached("places", lambda: json.dumps(queries.places_geojson(conn), ensure_ascii=False,
                                                                  separators=(",", ":")))
    return Response(body, media_type="application/geo+json")
