"""The Day N brief: the digest of one day of the war, written back from what the store holds.

    from khronika.brief import build_brief, resolve_day
    with Store(db) as store:
        brief = build_brief(store, resolve_day(day=455), "fr")   # CONTRACT.md, "The Day N brief"

collect.py gathers the day's happenings (event clusters of the day's documents), statements and
episodes; names.py names people and places in the brief's language; wording.py holds the FR/EN
templates; compose.py builds the object; render.py writes Markdown and HTML.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from khronika.store import Store
from khronika.store import briefs as q
from khronika.warday import WAR_DAY_ONE

from .collect import Day, collect
from .compose import MAX_STATEMENTS, SCHEMA, compose
from .names import Namer

LANGS = ("fr", "en")


class BriefInputError(ValueError):
    """--day/--date that name no day of the war."""


class NothingStored(LookupError):
    """The store holds nothing about the day asked for."""


def today() -> date:
    # Kyiv is ahead of UTC; a day that has begun there is not "in the future".
    return (datetime.now(UTC) + timedelta(hours=3)).date()


def resolve_day(day: int | None = None, on: str | None = None, *, now: date | None = None) -> date:
    """The date named by a day of the war (day 1 = 2022-02-24) or an ISO date; exactly one of them."""
    if day is not None and on is not None:
        raise BriefInputError("give --day or --date, not both (they name the same day)")
    if day is None and on is None:
        raise BriefInputError("give the day: --day N (day 1 = 2022-02-24) or --date YYYY-MM-DD")
    last = now or today()
    if day is not None:
        if day < 1:
            raise BriefInputError(f"day {day} is not a day of the war: day 1 is 2022-02-24")
        when = q.date_of_day(day)
        if when > last:
            raise BriefInputError(f"day {day} is {when.isoformat()}, in the future (today is day "
                                  f"{q.day_of_war(last)}, {last.isoformat()})")
        return when
    try:
        when = date.fromisoformat(str(on))
    except ValueError:
        raise BriefInputError(f"{on!r} is not a date: use YYYY-MM-DD, e.g. 2023-05-24") from None
    if when < WAR_DAY_ONE:
        raise BriefInputError(f"{when.isoformat()} is before the full-scale war (day 1 is 2022-02-24)")
    if when > last:
        raise BriefInputError(f"{when.isoformat()} is in the future (today is {last.isoformat()})")
    return when


def _load_day(conn: Any, when: date) -> tuple[list[dict[str, Any]], set[str]]:
    dated = set(q.dated_ids(conn, when))
    ids = dated | set(q.undated_ids(conn, when))
    return q.load_documents(conn, ids), dated


def _entities(conn: Any, docs: list[dict[str, Any]], extra: set[str | None]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for doc in docs:
        for e in doc["entities"]:
            geo = e.get("geo") or {}
            row = {"id": e["id"], "type": e["type"], "name": e["name"], "lat": geo.get("lat"), "lon": geo.get("lon"),
                   "country": geo.get("country"), "admin1": geo.get("admin1"), "precision": geo.get("precision"),
                   "feature": geo.get("feature")}
            if e["id"] not in out or (geo and out[e["id"]]["lat"] is None):
                out[e["id"]] = row
    missing = {i for i in extra if i and i not in out}
    if missing:
        out.update(q.entity_rows(conn, missing))
    return out


def _french_surfaces(docs: list[dict[str, Any]]) -> dict[str, list[str]]:
    counts: dict[str, dict[str, int]] = {}
    for doc in docs:
        if doc["document"].get("language") != "fr":
            continue
        for e in doc["entities"]:
            if e["type"] == "PLACE":
                for m in e["mentions"]:
                    c = counts.setdefault(e["id"], {})
                    c[m["text"]] = c.get(m["text"], 0) + 1
    return {k: sorted(c, key=lambda s: (-c[s], s)) for k, c in counts.items()}


def _roles(docs: list[dict[str, Any]], lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for doc in docs:
        if doc["document"].get("language") == lang:
            for e in doc["entities"]:
                for r in e["roles"]:
                    if r not in out.setdefault(e["id"], []):
                        out[e["id"]].append(r)
    return out


def build_brief(store: Store, when: date, lang: str = "fr") -> dict[str, Any]:
    """The brief of `when` in `lang` ("fr" or "en"). Raises NothingStored when no stored document
    is about that day."""
    if lang not in LANGS:
        raise BriefInputError(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    with store.connect() as conn:
        docs, dated = _load_day(conn, when)
        if not docs:
            raise NothingStored(f"nothing stored for day {q.day_of_war(when)} ({when.isoformat()}): "
                                f"ingest reports of that day first (khronika ingest PATH)")
        prev_docs, prev_dated = _load_day(conn, when - timedelta(days=1))
        ids = {d["id"] for d in docs} | {d["id"] for d in prev_docs}
        clusters = q.report_clusters(conn, ids)
        entities = _entities(conn, docs + prev_docs, {c.get("place") for c in clusters.values()})
        day = collect(when, docs, dated, clusters, entities)
        previous: Day | None = collect(when - timedelta(days=1), prev_docs, prev_dated, clusters, entities) \
            if prev_docs else None
        roles = _roles(docs, lang)
        # Only the speakers the brief can show (the most reported first) need a role from elsewhere.
        speakers = [s.speaker for s in day.statements[:2 * MAX_STATEMENTS] if s.speaker not in roles]
        for eid, rs in q.roles_in(conn, speakers, lang).items():
            roles.setdefault(eid, rs)
    namer = Namer(lang, entities, _french_surfaces(docs + prev_docs), roles)
    return compose(day, namer, previous)


def passages(store: Store, brief: dict[str, Any]) -> dict[tuple[str, int, int], str]:
    """The stored words of every citation of `brief`: (document, start, end) -> text[start:end]."""
    spans = {(c["document"], c["start"], c["end"]) for s in brief["sections"] for it in s["items"]
             for c in it["citations"]}
    spans |= {(c["document"], c["start"], c["end"]) for it in brief["since_previous_day"] for c in it["citations"]}
    with store.connect() as conn:
        texts = q.texts(conn, {d for d, _, _ in spans})
    return {(d, a, b): texts[d][a:b] for d, a, b in spans if d in texts}


def neighbours(store: Store, when: date) -> dict[str, str | None]:
    """The nearest earlier and later days that have documents."""
    with store.connect() as conn:
        before, after = q.nearest_days(conn, when)
    return {"previous": before, "next": after}


__all__ = ["LANGS", "SCHEMA", "BriefInputError", "NothingStored", "build_brief", "neighbours", "passages", "resolve_day"]


def brief_schema() -> dict[str, Any]:
    """The JSON Schema of a brief (src/khronika/schema/brief.schema.json)."""
    import json
    from importlib import resources

    with resources.files("khronika.schema").joinpath("brief.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def brief_errors(brief: dict[str, Any]) -> list[str]:
    """Schema violations of `brief` (empty when it is valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(brief_schema())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(brief)]
