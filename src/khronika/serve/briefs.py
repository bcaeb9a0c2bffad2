"""GET /api/briefs/{YYYY-MM-DD}?lang=fr|en: the Day N brief (CONTRACT.md), the same JSON as
`khronika brief --format json`; and the nearest days that have one, for the web app's day picker.

A brief reads a day's documents whole and takes tens of milliseconds (hundreds on a busy day):
like every other read it runs on the query pool with the query time budget (api.read), never on
the event loop nor on the thread pool that serves static files, and a brief past the budget is
stopped with a 503. The brief's indexes are made when the app starts (app.py)."""
from __future__ import annotations

from datetime import date
from typing import Any, cast

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from sqlalchemy import Connection

from ..brief import BriefInputError, NothingStored, build_brief, neighbours, resolve_day
from ..store import Store
from .api import BUSY, json_response, read

router = APIRouter(prefix="/api")
DAY = Path(pattern=r"^\d{4}-\d{2}-\d{2}$", description="The day, YYYY-MM-DD (day 1 of the war = 2022-02-24)")


class _OneConnection:
    """What the brief asks of a Store (`connect()`), answered with the one connection the request's
    time budget watches: stopping it stops the brief's query in progress."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def connect(self) -> Any:
        return _Borrowed(self._conn)


def _store(conn: Connection) -> Store:
    return cast(Store, _OneConnection(conn))  # the brief only calls connect()


class _Borrowed:
    """`with store.connect() as conn:` without closing the connection the request owns."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def __enter__(self) -> Connection:
        return self._conn

    def __exit__(self, *_: object) -> None:
        if self._conn.in_transaction():
            self._conn.rollback()  # a read's implicit transaction: end it, as closing would


def _day(value: str) -> date:
    try:
        return resolve_day(on=value)
    except BriefInputError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get("/briefs/{day}", summary="The Day N brief: the day's digest, every item citing stored text",
            responses={**BUSY, 200: {"content": {"application/json": {}}},
                       404: {"description": "Nothing stored for that day"},
                       422: {"description": "Not a day of the war (before 2022-02-24, in the future, not a date)"}})
async def get_brief(request: Request, day: str = DAY,
                    lang: str = Query("fr", pattern="^(fr|en)$", description="Language of the brief")) -> Response:
    when = _day(day)
    st = request.app.state.khronika

    def brief(conn: Connection) -> Response:
        try:
            # A day's brief changes only when documents are written: the server's short cache
            # (cleared by its own writes) spares rebuilding it for every reader.
            body = st.cached(f"brief:{when.isoformat()}:{lang}", lambda: build_brief(_store(conn), when, lang))
        except NothingStored as exc:
            raise HTTPException(404, str(exc)) from None
        return json_response(body)

    return await read(request, brief)


@router.get("/briefs/{day}/neighbours", summary="The nearest earlier and later days with stored documents",
            responses=BUSY)
async def get_neighbours(request: Request, day: str = DAY) -> Response:
    when = _day(day)
    return await read(request, lambda conn: json_response(neighbours(_store(conn), when)))
