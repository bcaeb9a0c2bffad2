"""GET /api/briefs/{YYYY-MM-DD}?lang=fr|en: the Day N brief (CONTRACT.md), the same JSON as
`khronika brief --format json`; and the nearest days that have one, for the web app's day picker.

Plain `def` endpoints: a brief reads a day's documents whole and takes tens of milliseconds, which
the event loop should not wait for (the /api list endpoints answer in a millisecond or two)."""
from __future__ import annotations

import threading
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from ..brief import BriefInputError, NothingStored, build_brief, neighbours, resolve_day
from ..store.briefs import ensure_brief_indexes
from .api import json_response

router = APIRouter(prefix="/api")
DAY = Path(pattern=r"^\d{4}-\d{2}-\d{2}$", description="The day, YYYY-MM-DD (day 1 of the war = 2022-02-24)")
_indexed: set[int] = set()
_lock = threading.Lock()


def _store(request: Request) -> Any:
    store = request.app.state.khronika.store
    with _lock:
        if id(store) not in _indexed:
            ensure_brief_indexes(store.engine)   # once per store, at the first brief asked for
            _indexed.add(id(store))
    return store


def _day(value: str) -> date:
    try:
        return resolve_day(on=value)
    except BriefInputError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/briefs/{day}", summary="The Day N brief: the day's digest, every item citing stored text",
            responses={200: {"content": {"application/json": {}}},
                       404: {"description": "Nothing stored for that day"},
                       422: {"description": "Not a day of the war (before 2022-02-24, in the future, not a date)"}})
def get_brief(request: Request, day: str = DAY,
              lang: str = Query("fr", pattern="^(fr|en)$", description="Language of the brief")) -> Response:
    when = _day(day)
    store = _store(request)
    try:
        # A day's brief changes only when documents are written: the server's short cache (cleared
        # by its own writes) spares rebuilding it for every reader.
        body = request.app.state.khronika.cached(f"brief:{when.isoformat()}:{lang}",
                                                 lambda: build_brief(store, when, lang))
    except NothingStored as exc:
        raise HTTPException(404, str(exc)) from None
    return json_response(body)


@router.get("/briefs/{day}/neighbours", summary="The nearest earlier and later days with stored documents")
def get_neighbours(request: Request, day: str = DAY) -> Response:
    return json_response(neighbours(_store(request), _day(day)))
