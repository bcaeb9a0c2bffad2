"""One event, many reports: grouping the events of stored documents into event clusters.

Two reports are of the same event when their types are compatible (same ACLED event type, a
strike with an attack on civilians; for PLOVER-only events the same PLOVER event and compatible
modes), they fall on the same day (within DATE_SLACK; a week or month only matches the same
period), their places match (within PLACE_KM when both have coordinates, a region and a town in
it, else the same place id or the same folded place name, so "Kupiansk" and "Koupiansk" agree
before geocoding; a violent event placed nowhere or only in a country joins nothing), and their
actors are compatible (shared, or one side names none, or no two different states as authors of
one-sided violence; a PLOVER event needs a shared actor). A report joins a cluster only when it
agrees with every report in it, so clusters do not chain day after day along a front line.

Corroboration is the number of distinct sources (store/sources.py): one outlet, or one text
stored under several ids, counts once; a copy's reports join its original's clusters.

Everything runs inside the caller's write transaction (Store.save/replace/delete), so a
document's reports and the clusters they change are committed together.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select

from khronika.kb.actors import load_kb

from . import sources
from .models import EventCluster, EventReport
from .normalize import normalize_alias
from .write import DOCUMENTS, ENTITIES, dumps

CLUSTERS: Table = EventCluster.__table__  # type: ignore[assignment]
REPORTS: Table = EventReport.__table__  # type: ignore[assignment]
PLACE_KM = 10.0          # "within a few km": one town, or a strike site and the town it is in
DATE_SLACK = timedelta(days=1)  # a night strike is dated by one report to the evening, by another to the morning
BATTLES = "Battles"
STRATEGIC = "Strategic developments"
ATTACK = "Attack"
REMOTE = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
_PRECISION_RANK = {"site": 0, "settlement": 1, "region": 2, "country": 4}

# Latin spellings of one name across French/English/Ukrainian transliteration habits.
_FOLD = [(r"[’'ʼ`]", ""), (r"kh", "h"), (r"ou", "u"), (r"y", "i"), (r"j", "i"), (r"w", "v"), (r"(\w)\1", r"\1")]


def place_key(name: str | None) -> str | None:
    if not name:
        return None
    s = normalize_alias(name)
    for pattern, repl in _FOLD:
        s = re.sub(pattern, repl, s)
    return s or None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# -- reports --------------------------------------------------------------------------------

def report_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The clusterable events of a contract document, as event_reports rows (cluster_id unset)."""
    meta = doc["document"]
    source = meta.get("source") or sources.host_key(meta.get("url")) or doc["id"]
    ents = {e["id"]: e for e in doc["entities"]}
    rows = []
    for i, ev in enumerate(doc["events"]):
        if not (ev.get("acled") or ev.get("plover")):
            continue
        place = ents.get(ev["place"]) if ev.get("place") else None
        geo = (place or {}).get("geo") or {}
        place_info = None
        if ev.get("place"):
            place_info = {"name": place["name"] if place else None, "lat": geo.get("lat"), "lon": geo.get("lon"),
                          "country": geo.get("country"), "admin1": geo.get("admin1"), "precision": geo.get("precision"),
                          "feature": geo.get("feature")}
        acled, plover = ev.get("acled") or {}, ev.get("plover") or {}
        rows.append({
            "document_id": doc["id"], "idx": i, "source": source,
            "acled_type": acled.get("event_type"), "acled_subtype": acled.get("sub_event_type"),
            "plover_event": plover.get("event"), "plover_mode": plover.get("mode"),
            "date": ev.get("date"), "date_precision": ev.get("date_precision"), "place": ev.get("place"),
            "place_key": place_key(place["name"]) if place else place_key((ev.get("place") or "").split(":")[-1]),
            "place_json": dumps(place_info) if place_info else None,
            "actors_json": dumps(ev.get("actors") or []), "confidence": float(ev.get("confidence") or 0.0),
            "figures_json": _report_figures(ev),
            "evidence_text": ev["evidence"]["text"],
        })
    return rows


def _coords(row: dict[str, Any]) -> tuple[float, float] | None:
    info = json.loads(row["place_json"]) if row.get("place_json") else None
    if info and info.get("lat") is not None and info.get("lon") is not None:
        return float(info["lat"]), float(info["lon"])
    return None


def compatible_types(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two reports' types can name one happening: the same ACLED event type (a strategic
    development only with the same sub-type: the type is a grab-bag), a remote-violence report
    with one of an attack on civilians (a strike that killed civilians is told both ways), or for
    PLOVER-only reports the same PLOVER event with compatible modes."""
    ta, tb = a["acled_type"], b["acled_type"]
    if ta or tb:
        if ta == tb:
            return ta != STRATEGIC or a["acled_subtype"] == b["acled_subtype"]
        if {ta, tb} == {REMOTE, CIVILIANS}:
            return (a if ta == CIVILIANS else b)["acled_subtype"] == ATTACK
        return False
    return a["plover_event"] == b["plover_event"] and not (
        a["plover_mode"] and b["plover_mode"] and a["plover_mode"] != b["plover_mode"])


def _same_day(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Dates within DATE_SLACK when both are days; a week or a month only matches the same
    period (it cannot tell which day, so it cannot join a day's event)."""
    da, db = _day(a["date"]), _day(b["date"])
    if da is None or db is None:
        return False
    pa, pb = a["date_precision"] or "day", b["date_precision"] or "day"
    if pa != pb:
        return False
    return abs(da - db) <= DATE_SLACK if pa == "day" else da == db


def _sides(actors: set[str]) -> set[str]:
    """The states the actors act for, where known: "iso:RU" itself, a knowledge-base actor's country."""
    out = set()
    kb = None
    for a in actors:
        if re.fullmatch(r"iso:[A-Z]{2}", a):
            out.add(a[4:])
        elif a.startswith("kb:"):
            kb = kb or load_kb()
            actor = kb.get(a)
            if actor and actor.country:
                out.add(actor.country)
    return out


def _place(row: dict[str, Any]) -> dict[str, Any]:
    return json.loads(row["place_json"]) if row.get("place_json") else {}


def _too_wide(row: dict[str, Any]) -> bool:
    """No place, or a whole country: too vague to say two reports tell one violent happening."""
    return not row["place"] or _place(row).get("precision") == "country"


def _inside(narrow: dict[str, Any], wide: dict[str, Any]) -> bool:
    """Whether `narrow` lies in the region `wide`: a town (or a district) in its oblast."""
    if wide.get("precision") != "region" or not wide.get("admin1"):
        return False
    if (narrow.get("country"), narrow.get("admin1")) != (wide.get("country"), wide.get("admin1")):
        return False
    if narrow.get("precision") not in ("region", "country", None):
        return True
    # two districts of one oblast are two places; a district is inside its oblast
    return narrow.get("precision") == "region" and narrow.get("feature") == "district" and wide.get("feature") == "region"


def same_place(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """One place or nearby ones: within PLACE_KM when both have coordinates, or a region (oblast,
    district) and a place in it ("in Kharkiv Oblast" and "in Kupiansk"); without coordinates the
    same place id or folded name. A country is too wide to say where."""
    if a["place"] == b["place"]:
        return True
    ca, cb = _coords(a), _coords(b)
    if ca and cb:
        if _km(ca, cb) <= PLACE_KM:
            return True
        pa, pb = _place(a), _place(b)
        return _inside(pa, pb) or _inside(pb, pa)
    if a["place"] or b["place"]:
        return bool(a["place_key"] and a["place_key"] == b["place_key"])
    return True


def same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two report rows can be reports of one event."""
    if not compatible_types(a, b) or not _same_day(a, b):
        return False
    if a["acled_type"] and (_too_wide(a) or _too_wide(b)):
        return False                          # "in Ukraine": no place to tell two strikes apart
    if not same_place(a, b):
        return False
    actors_a, actors_b = set(json.loads(a["actors_json"])), set(json.loads(b["actors_json"]))
    if not a["acled_type"]:
        return bool(actors_a & actors_b)      # who met whom is what a meeting is
    if not actors_a or not actors_b or actors_a & actors_b or a["acled_type"] == BATTLES:
        return True
    # One-sided violence at one place on one day: apart only when the two name different sides
    # as its authors (a mis-tagged name must not split one strike into two).
    sides_a, sides_b = _sides(actors_a), _sides(actors_b)
    return not (sides_a and sides_b and not sides_a & sides_b)


# -- clustering -----------------------------------------------------------------------------

def _candidate_clusters(conn: Connection, row: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    """Clusters with a report of a compatible type within DATE_SLACK of `row`, each with all its
    reports (a report joins a cluster only if it agrees with every one of them)."""
    d = _day(row["date"])
    if d is None:
        return {}
    stmt = select(REPORTS.c.cluster_id, REPORTS.c.acled_type, REPORTS.c.acled_subtype, REPORTS.c.plover_event,
                  REPORTS.c.plover_mode).where(REPORTS.c.date >= (d - DATE_SLACK).isoformat(),
                                               REPORTS.c.date <= (d + DATE_SLACK).isoformat())
    ids = sorted({r.cluster_id for r in conn.execute(stmt) if compatible_types(row, dict(r._mapping))})
    out: dict[int, list[dict[str, Any]]] = {}
    for i in range(0, len(ids), 500):
        for r in conn.execute(select(REPORTS).where(REPORTS.c.cluster_id.in_(ids[i:i + 500]))):
            out.setdefault(r.cluster_id, []).append(dict(r._mapping))
    return out


def _evidence_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["acled_type"], row["acled_subtype"], row["plover_event"], row["plover_mode"],
            sources.normalized_text(row["evidence_text"]))


def _copy_cluster(conn: Connection, row: dict[str, Any], copies: list[str]) -> int | None:
    """The cluster of the same report in a stored copy of the row's text: a copy's events go
    where the original's went (even undated ones), and add no source."""
    if not copies:
        return None
    key = _evidence_key(row)
    stmt = select(REPORTS).where(REPORTS.c.document_id.in_(copies)).order_by(REPORTS.c.document_id, REPORTS.c.idx)
    for other in conn.execute(stmt):
        if _evidence_key(dict(other._mapping)) == key:
            return int(other.cluster_id)
    return None


def _assign(conn: Connection, row: dict[str, Any], copies: Sequence[str] = ()) -> int:
    """Put one report in the cluster of its copy's report, else in the largest (then closest in
    time) cluster all of whose reports it agrees with, or a new one."""
    cluster_id = _copy_cluster(conn, row, list(copies))
    if cluster_id is None:
        d = _day(row["date"])
        best: tuple[int, int, int] | None = None
        for cid, members in _candidate_clusters(conn, row).items():
            if d is not None and all(same_event(row, other) for other in members):
                gap = sum(abs((_day(m["date"]) or d) - d).days for m in members)
                rank = (-len(members), gap, cid)
                best = rank if best is None or rank < best else best
        if best is not None:
            cluster_id = best[2]
    if cluster_id is None:
        cluster_id = int(conn.execute(CLUSTERS.insert().values(
            actors_json="[]", corroboration=0, n_reports=0, confidence=0.0, figures_json="[]",
        ).returning(CLUSTERS.c.id)).scalar_one())
    conn.execute(REPORTS.insert().values(**row, cluster_id=cluster_id))
    return cluster_id


def _refresh(conn: Connection, cluster_id: int) -> None:
    """Recompute a cluster's summary from its reports (deleting it when it has none)."""
    rows = [dict(r._mapping) for r in conn.execute(
        select(REPORTS).where(REPORTS.c.cluster_id == cluster_id).order_by(REPORTS.c.document_id, REPORTS.c.idx))]
    if not rows:
        conn.execute(delete(CLUSTERS).where(CLUSTERS.c.id == cluster_id))
        return
    fps = sources.fingerprints(conn, (r["document_id"] for r in rows))
    group = sources.source_groups([fps[d] for d in sorted(fps)])
    types = Counter(r["acled_type"] for r in rows)
    best = max(rows, key=lambda r: (types[r["acled_type"]], r["confidence"], r["acled_subtype"] is not None))
    subtypes = Counter(r["acled_subtype"] for r in rows if r["acled_subtype"] and r["acled_type"] == best["acled_type"])
    modes = Counter(r["plover_mode"] for r in rows if r["plover_mode"])
    actors: Counter[str] = Counter()
    for r in rows:
        actors.update(json.loads(r["actors_json"]))
    dates = sorted(r["date"] for r in rows if r["date"])
    # The day most sources give (then the earliest): one late or early report does not move it.
    by_sources = Counter({d: len({group.get(r["document_id"]) for r in rows if r["date"] == d}) for d in dates})
    day = min(by_sources, key=lambda d: (-by_sources[d], d)) if dates else None
    placed = [r for r in rows if r["place"]]
    # The narrowest place any report gives: the town, not the region around it.
    placed.sort(key=lambda r: (_coords(r) is None, _PRECISION_RANK.get(_place(r).get("precision") or "", 3)))
    geo = placed[0] if placed else None
    info = json.loads(geo["place_json"]) if geo and geo["place_json"] else {}
    # Within one source the first published (then first stored) document speaks for it: the
    # original, not the press review that republished it.
    first = {d.id: (d.published or "", d.analyzed_at or "", d.id) for d in conn.execute(
        select(DOCUMENTS.c.id, DOCUMENTS.c.published, DOCUMENTS.c.analyzed_at)
        .where(DOCUMENTS.c.id.in_(sorted(fps))))} if len(fps) > 1 else {}
    per_source: dict[Any, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for r in sorted(rows, key=lambda r: (first.get(r["document_id"], ()), r["idx"])):
        for f in _figure_dicts(json.loads(r["figures_json"]) if r["figures_json"] else None):
            per_source.setdefault(group.get(r["document_id"], r["source"]), []).append((r, f))
    figures = []
    for told in per_source.values():
        # One source's figures, each once: a copy repeats its original's, and "three killed" in
        # the headline is inside "three killed and 11 injured" in the lede. Counts that differ
        # within a source (a toll revised) stay, side by side like any other.
        kept: list[dict[str, Any]] = []
        for _r, f in told:
            if any(f.items() <= k.items() for k in kept):
                continue
            kept = [k for k in kept if not k.items() <= f.items()] + [f]
        for r, f in told:
            if any(k is f for k in kept):
                figures.append({"source": r["source"], "document_id": r["document_id"], **f})
    conn.execute(CLUSTERS.update().where(CLUSTERS.c.id == cluster_id).values(
        acled_type=best["acled_type"],
        acled_subtype=subtypes.most_common(1)[0][0] if subtypes else None,
        plover_event=best["plover_event"], plover_mode=modes.most_common(1)[0][0] if modes else best["plover_mode"],
        date=day, date_end=dates[-1] if dates else None,
        date_precision=min((r["date_precision"] for r in rows if r["date_precision"]),
                           key=["day", "week", "month"].index, default=None),
        place=geo["place"] if geo else None, place_name=info.get("name"), lat=info.get("lat"), lon=info.get("lon"),
        country=info.get("country"), admin1=info.get("admin1"), geo_precision=info.get("precision"),
        actors_json=dumps([a for a, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))]),
        corroboration=len(set(group.values())), n_reports=len(rows),
        confidence=max(r["confidence"] for r in rows), figures_json=dumps(figures),
    ))


def _figure_dicts(figs: Any) -> list[dict[str, Any]]:
    """Figures as a list of {kind: count, "by"?: speaker id}: one dict, or a list of them; anything
    else is not a figure."""
    if isinstance(figs, dict):
        figs = [figs]
    out = []
    for f in figs if isinstance(figs, list) else []:
        if isinstance(f, dict):
            counts = {k: v for k, v in f.items() if k != "by"}
            if counts and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in counts.values()):
                out.append(f)
    return out


def _report_figures(ev: dict[str, Any]) -> str | None:
    """The counts an event states, then the ones its claims attribute to a speaker ("selon le
    parquet, deux morts et huit blessés"), each with who gave it."""
    figs = _figure_dicts(ev.get("figures"))
    for claim in ev.get("claims") or []:
        if isinstance(claim, dict):
            figs += [{**f, "by": claim.get("by")} if claim.get("by") else f
                     for f in _figure_dicts(claim.get("figures"))]
    return dumps(figs) if figs else None


def add_document(conn: Connection, doc: dict[str, Any]) -> None:
    """Record a just-inserted document as a source and cluster its events."""
    fp = sources.add(conn, doc)
    copies = sources.copies_of(conn, fp)
    touched = {_assign(conn, row, copies) for row in report_rows(doc)}
    for cid in sorted(touched):
        _refresh(conn, cid)


def remove_document(conn: Connection, doc_id: str) -> None:
    """Take a document's reports out of their clusters, before the document is deleted. The
    clusters it belonged to are rebuilt from their other reports, which may now fall apart."""
    cluster_ids = sorted(set(conn.scalars(select(REPORTS.c.cluster_id).where(REPORTS.c.document_id == doc_id))))
    conn.execute(delete(REPORTS).where(REPORTS.c.document_id == doc_id))
    sources.remove(conn, doc_id)
    if not cluster_ids:
        return
    rest = [dict(r._mapping) for r in conn.execute(
        select(REPORTS).where(REPORTS.c.cluster_id.in_(cluster_ids)).order_by(REPORTS.c.document_id, REPORTS.c.idx))]
    conn.execute(delete(REPORTS).where(REPORTS.c.cluster_id.in_(cluster_ids)))
    conn.execute(delete(CLUSTERS).where(CLUSTERS.c.id.in_(cluster_ids)))
    fps = sources.fingerprints(conn, {r["document_id"] for r in rest})
    copies = {d: sources.copies_of(conn, fp) for d, fp in fps.items()}
    touched = set()
    for row in rest:
        row.pop("cluster_id", None)
        touched.add(_assign(conn, row, copies.get(row["document_id"], [])))
    for cid in sorted(touched):
        _refresh(conn, cid)


# -- reading --------------------------------------------------------------------------------

def iter_clusters(conn: Connection, *, acled_only: bool = False) -> Iterator[dict[str, Any]]:
    """Every cluster with its reports (document, source, evidence) and actor names, by date."""
    stmt = select(CLUSTERS).order_by(CLUSTERS.c.date, CLUSTERS.c.id)
    if acled_only:
        stmt = stmt.where(CLUSTERS.c.acled_type.is_not(None))
    clusters = [dict(r._mapping) for r in conn.execute(stmt)]
    if not clusters:
        return
    names = dict(conn.execute(select(ENTITIES.c.id, ENTITIES.c.name)).all())
    reports: dict[int, list[dict[str, Any]]] = {}
    for r in conn.execute(select(REPORTS).order_by(REPORTS.c.cluster_id, REPORTS.c.document_id, REPORTS.c.idx)):
        reports.setdefault(r.cluster_id, []).append(dict(r._mapping))
    for c in clusters:
        c["actors"] = json.loads(c.pop("actors_json"))
        c["actor_names"] = [names.get(a, a) for a in c["actors"]]
        c["figures"] = json.loads(c.pop("figures_json"))
        c["reports"] = reports.get(c["id"], [])
        if c["place"] and not c["place_name"]:
            c["place_name"] = names.get(c["place"])
        yield c


def count(conn: Connection) -> int:
    return int(conn.scalar(select(func.count()).select_from(CLUSTERS)) or 0)
