"""The /api routes (CONTRACT.md, "The command line and the HTTP API").

Every store query runs on the query pool (pools.py), never on the event loop, with a time
budget: one slow search cannot hold the server. Analyses of posted documents run on a pool of
their own. Answers are built (as ready JSON: the items are already plain dicts, FastAPI's
per-field encoding would only add latency) on the pool thread too.

Refusals are plain 4xx: a malformed or foreign cursor, a search with no word of two letters, an
id that cannot be a document id; 503 with Retry-After when the server is busy or a query ran
out of time.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status
from sqlalchemy import Connection

from .. import __version__
from ..store import overview, queries
from ..store.event_list import list_events as _list_events
from ..store.pages import BadCursor
from . import params, schemas
from .ingest import IngestConflict, IngestRefused
from .pools import Budget, Busy, OverBudget
from .security import require_token
from .state import ServerState

log = logging.getLogger("khronika.serve")
router = APIRouter(prefix="/api")

BUSY: dict[int | str, dict[str, Any]] = {503: {"description": "Busy, or the query ran out of time: retry later (Retry-After)"}}
_RETRY = {"Retry-After": "1"}


def state(request: Request) -> ServerState:
    return request.app.state.khronika


@contextmanager
def connection(st: ServerState, budget: Budget) -> Iterator[Connection]:
    try:
        with st.store.engine.connect() as conn:
            budget.attach(conn)
            yield conn
    finally:
        budget.finish()


def json_response(obj: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status_code, media_type="application/json", headers=headers)


async def read(request: Request, fn: Callable[[Connection], Response]) -> Response:
    """Run `fn` with a connection on the query pool, within the time budget."""
    st = state(request)
    budget = Budget()

    def work() -> Response:
        with connection(st, budget) as conn:
            return fn(conn)

    try:
        return await st.queries.run(work, budget=budget, seconds=st.query_budget)
    except Busy:
        raise HTTPException(503, "busy: too many queries waiting; retry shortly", headers=_RETRY) from None
    except OverBudget:
        log.warning("query over its %.1f s budget, stopped: %s", st.query_budget, request.url.path)
        raise HTTPException(503, f"the query took longer than {st.query_budget:g} s and was stopped; "
                            "narrow it down", headers=_RETRY) from None
    except BadCursor as exc:
        raise params.invalid("cursor", f"'cursor': {exc}") from None


async def page(request: Request, fn: Any, **kwargs: Any) -> Response:
    return await read(request, lambda conn: json_response(fn(conn, **kwargs).as_dict()))


def location(doc_id: str) -> str:
    """The URL of a document: ids are any Unicode text, a header is Latin-1, so percent-encode."""
    return "/api/documents/" + quote(doc_id, safe="")


@router.get("/health", response_model=schemas.Health, responses=BUSY,
            summary="Is the server up, and what does it serve")
async def health(request: Request) -> Response:
    # The count is recounted at most once a second, on a thread of its own: health answers
    # while the query pool is saturated, and the event loop never waits for the database.
    st = state(request)

    def count() -> int:
        with st.store.engine.connect() as conn:
            return queries.count_documents(conn)

    n = st.peek("health", st.health_seconds)
    if n is None:
        try:
            n = await st.checks.run(count)
        except Busy:
            raise HTTPException(503, "busy: the store does not answer fast enough", headers=_RETRY) from None
        st.put("health", n)
    return json_response({"status": "ok", "version": __version__, "store": st.store.engine.dialect.name,
                          "documents": n, "writable": bool(st.token)})


@router.get("/config", response_model=schemas.Config, summary="Settings the web app needs (map tiles)")
async def config(request: Request) -> Response:
    st = state(request)
    return json_response({"tiles": st.tiles_url, "max_native_zoom": st.tiles_max_zoom,
                          "attribution": st.tiles_attribution, "writable": bool(st.token)})


@router.get("/facets", summary="Filter values with counts: languages, sources, event types", responses=BUSY)
async def facets(request: Request) -> Response:
    st = state(request)
    return await read(request, lambda conn: json_response(st.cached("facets", lambda: overview.facets(conn))))


# -- documents --------------------------------------------------------------------------------

@router.get("/documents", response_model=schemas.Page[schemas.DocumentItem], summary="Documents, newest first",
            responses=BUSY)
async def list_documents(
    request: Request,
    language: str | None = Query(None, max_length=20),
    source: str | None = params.Text,
    date_from: str | None = Query(None, alias="from", description="YYYY-MM-DD (document date, inclusive)"),
    date_to: str | None = Query(None, alias="to", description="YYYY-MM-DD (inclusive)"),
    q: str | None = Query(None, min_length=2, max_length=500, description="Full-text search in titles and "
                             "texts (words of 2+ letters; prefixes from 3)"),
    entity: str | None = Query(None, max_length=500, description="Only documents mentioning this entity id"),
    cursor: str | None = params.Cursor,
    limit: int = params.Limit,
) -> Response:
    lo, hi = params.date_range(date_from, date_to)
    return await page(request, queries.list_documents, language=language, source=source, date_from=lo, date_to=hi,
                      q=params.search(q), entity=entity, cursor=cursor, limit=limit)


@router.get("/documents/{doc_id:path}", summary="One document: the contract object, as stored",
            responses={200: {"content": {"application/json": {}}}, 404: {"description": "No such document"}, **BUSY})
async def get_document(request: Request, doc_id: str = Path(max_length=1000)) -> Response:
    def one(conn: Connection) -> Response:
        raw = queries.get_document_json(conn, doc_id)
        if raw is None:
            raise HTTPException(404, "no such document")
        return Response(raw, media_type="application/json")

    return await read(request, one)


@router.post("/documents", status_code=201, dependencies=[Depends(require_token)],
             summary="Analyse and store a document (bearer token required)",
             responses={200: {"description": "Already stored: the stored object"},
                        201: {"description": "Stored: the contract object"},
                        400: {"description": "The body is not JSON"},
                        401: {"description": "No bearer token"},
                        403: {"description": "Wrong token or read-only server"},
                        409: {"description": "The id is already used by a document with another text"},
                        413: {"description": "Body over 5 MB"},
                        429: {"description": "Too many wrong tokens from this client: wait (Retry-After)"},
                        503: {"description": "Too many analyses waiting: retry later (Retry-After)"}})
async def post_document(body: schemas.DocumentInput, request: Request) -> Response:
    st = state(request)
    try:
        doc, stored = await st.analyses.run(st.ingestor.ingest, body.model_dump(exclude_none=True))
    except Busy:
        raise HTTPException(503, "busy: too many analyses waiting; retry later", headers={"Retry-After": "5"}) from None
    except IngestConflict as exc:
        raise HTTPException(409, str(exc)) from None
    except IngestRefused as exc:
        if exc.error is not None:  # the analysis failed: the error object, as `khronika analyze` gives it
            detail = [{"type": "value_error", "loc": ["body", "document"], "msg": str(exc)}]
            return Response(json.dumps({"detail": detail, "error": exc.error}, ensure_ascii=True),
                            status_code=422, media_type="application/json")
        raise params.invalid("document", str(exc), where="body") from None
    st.invalidate()
    return json_response(doc, status.HTTP_201_CREATED if stored else status.HTTP_200_OK,
                         headers={"Location": location(doc["id"])})


@router.delete("/documents/{doc_id:path}", status_code=204, dependencies=[Depends(require_token)],
               summary="Delete a document and its facts (bearer token required)",
               responses={401: {"description": "No bearer token"},
                          403: {"description": "Wrong token or read-only server"},
                          404: {"description": "No such document"},
                          429: {"description": "Too many wrong tokens from this client: wait (Retry-After)"},
                          503: {"description": "Too many writes waiting: retry later (Retry-After)"}})
async def delete_document(request: Request, doc_id: str = Path(max_length=1000)) -> Response:
    st = state(request)
    try:
        deleted = await st.analyses.run(st.store.delete, doc_id)
    except Busy:
        raise HTTPException(503, "busy: too many writes waiting; retry later", headers={"Retry-After": "5"}) from None
    if not deleted:
        raise HTTPException(404, "no such document")
    st.invalidate()
    return Response(status_code=204)


# -- entities, quotes, events, places ------------------------------------------------------------

@router.get("/entities", response_model=schemas.Page[schemas.EntityItem], responses=BUSY,
            summary="Entities by any spelling (Bakhmut finds Bakhmout, Бахмут, Artemivsk)")
async def list_entities(
    request: Request,
    q: str | None = Query(None, min_length=2, max_length=200, description="A name in any known spelling "
                             "(prefix match, 2+ letters)"),
    type: str | None = Query(None, pattern="^(PERSON|ORG|PLACE|UNIT|EVENT|MISC)$"),
    cursor: str | None = params.Cursor,
    limit: int = params.Limit,
) -> Response:
    return await page(request, queries.list_entities, q=params.name_prefix(q), type=type, cursor=cursor, limit=limit)


@router.get("/entities/{entity_id:path}", responses={404: {"description": "No such entity"}, **BUSY},
            summary="An entity page: roles, aliases, quotes, places, events, documents")
async def get_entity(request: Request, entity_id: str = Path(max_length=500)) -> Response:
    def one(conn: Connection) -> Response:
        detail = overview.entity_detail(conn, entity_id)
        if detail is None:
            raise HTTPException(404, "no such entity")
        return json_response(detail)

    return await read(request, one)


@router.get("/quotes", response_model=schemas.Page[schemas.QuoteItem], summary="Who said what, newest first",
            responses=BUSY)
async def list_quotes(
    request: Request,
    speaker: str | None = Query(None, max_length=200, description="Entity id or any spelling of the name"),
    q: str | None = Query(None, min_length=2, max_length=500, description="Full-text search in the quoted "
                             "words (words of 2+ letters; prefixes from 3)"),
    date_from: str | None = Query(None, alias="from", description="YYYY-MM-DD"),
    date_to: str | None = Query(None, alias="to", description="YYYY-MM-DD"),
    document: str | None = Query(None, max_length=1000),
    cursor: str | None = params.Cursor,
    limit: int = params.Limit,
) -> Response:
    lo, hi = params.date_range(date_from, date_to)
    return await page(request, queries.list_quotes, speaker=speaker, q=params.search(q), date_from=lo, date_to=hi,
                      document=document, cursor=cursor, limit=limit)


@router.get("/events", response_model=schemas.Page[schemas.EventItem], summary="Events, newest first",
            responses=BUSY)
async def list_events(
    request: Request,
    type: str | None = Query(None, max_length=200, description="ACLED event type or sub-type, or PLOVER event"),
    date_from: str | None = Query(None, alias="from", description="YYYY-MM-DD"),
    date_to: str | None = Query(None, alias="to", description="YYYY-MM-DD"),
    bbox: str | None = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat"),
    place: str | None = Query(None, max_length=200, description="Place entity id or any spelling"),
    actor: str | None = Query(None, max_length=200, description="Actor entity id or any spelling"),
    document: str | None = Query(None, max_length=1000),
    cursor: str | None = params.Cursor,
    limit: int = params.Limit,
) -> Response:
    lo, hi = params.date_range(date_from, date_to)
    return await page(request, _list_events, type=type, date_from=lo, date_to=hi, bbox=params.bbox(bbox),
                      place=place, actor=actor, document=document, cursor=cursor, limit=limit)


@router.get("/places.geojson", summary="Places with coordinates, as a GeoJSON FeatureCollection",
            responses={200: {"content": {"application/geo+json": {}}}, **BUSY})
async def places_geojson(request: Request) -> Response:
    st = state(request)

    def geojson(conn: Connection) -> Response:
        body = st.cached("places", lambda: json.dumps(overview.places_geojson(conn), ensure_ascii=False,
                                                      separators=(",", ":")))
        return Response(body, media_type="application/geo+json")

    return await read(request, geojson)
