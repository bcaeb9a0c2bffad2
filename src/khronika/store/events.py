"""One event, many reports: grouping the events of stored documents into event clusters.

Two reports are of the same event when their types are compatible (same ACLED event type; for
PLOVER-only events the same PLOVER event and compatible modes), their dates are within a day,
their places match (within PLACE_KM when both have coordinates, else the same place id or the
same folded place name, so "Kupiansk" and "Koupiansk" agree before geocoding), and their actors
are compatible (shared, or one side names none; a PLOVER event needs a shared actor).

Everything runs inside the caller's write transaction (Store.save/replace/delete), so a
document's reports and the clusters they change are committed together.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select

from .models import EventCluster, EventReport
from .normalize import normalize_alias
from .write import ENTITIES, dumps

CLUSTERS: Table = EventCluster.__table__  # type: ignore[assignment]
REPORTS: Table = EventReport.__table__  # type: ignore[assignment]
PLACE_KM = 10.0          # "within a few km": one town, or a strike site and the town it is in
DATE_SLACK = timedelta(days=1)

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
    source = meta.get("source") or doc["id"]
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
                          "country": geo.get("country"), "admin1": geo.get("admin1"), "precision": geo.get("precision")}
        acled, plover = ev.get("acled") or {}, ev.get("plover") or {}
        rows.append({
            "document_id": doc["id"], "idx": i, "source": source,
            "acled_type": acled.get("event_type"), "acled_subtype": acled.get("sub_event_type"),
            "plover_event": plover.get("event"), "plover_mode": plover.get("mode"),
            "date": ev.get("date"), "date_precision": ev.get("date_precision"), "place": ev.get("place"),
            "place_key": place_key(place["name"]) if place else place_key((ev.get("place") or "").split(":")[-1]),
            "place_json": dumps(place_info) if place_info else None,
            "actors_json": dumps(ev.get("actors") or []), "confidence": float(ev.get("confidence") or 0.0),
            "figures_json": dumps(ev["figures"]) if ev.get("figures") else None,
            "evidence_text": ev["evidence"]["text"],
        })
    return rows


def _coords(row: dict[str, Any]) -> tuple[float, float] | None:
    info = json.loads(row["place_json"]) if row.get("place_json") else None
    if info and info.get("lat") is not None and info.get("lon") is not None:
        return float(info["lat"]), float(info["lon"])
    return None


def same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two report rows can be reports of one event."""
    if a["acled_type"] or b["acled_type"]:
        if a["acled_type"] != b["acled_type"]:
            return False
    elif a["plover_event"] != b["plover_event"] or (a["plover_mode"] and b["plover_mode"]
                                                    and a["plover_mode"] != b["plover_mode"]):
        return False
    da, db = _day(a["date"]), _day(b["date"])
    if da is None or db is None or abs(da - db) > DATE_SLACK:
        return False
    ca, cb = _coords(a), _coords(b)
    if ca and cb:
        if _km(ca, cb) > PLACE_KM:
            return False
    elif a["place"] or b["place"]:
        if not (a["place"] == b["place"] or (a["place_key"] and a["place_key"] == b["place_key"])):
            return False
    actors_a, actors_b = set(json.loads(a["actors_json"])), set(json.loads(b["actors_json"]))
    if not a["acled_type"]:
        return bool(actors_a & actors_b)
    return not actors_a or not actors_b or bool(actors_a & actors_b)


# -- clustering -----------------------------------------------------------------------------

def _candidates(conn: Connection, row: dict[str, Any]) -> list[dict[str, Any]]:
    d = _day(row["date"])
    if d is None:
        return []
    stmt = select(REPORTS).where(REPORTS.c.date >= (d - DATE_SLACK).isoformat(),
                                 REPORTS.c.date <= (d + DATE_SLACK).isoformat())
    if row["acled_type"]:
        stmt = stmt.where(REPORTS.c.acled_type == row["acled_type"])
    else:
        stmt = stmt.where(REPORTS.c.acled_type.is_(None), REPORTS.c.plover_event == row["plover_event"])
    return [dict(r._mapping) for r in conn.execute(stmt)]


def _assign(conn: Connection, row: dict[str, Any]) -> int:
    """Put one report in the cluster most of whose matching reports it agrees with, or a new one."""
    votes: Counter[int] = Counter()
    for other in _candidates(conn, row):
        if same_event(row, other):
            votes[other["cluster_id"]] += 1
    if votes:
        cluster_id = min(votes, key=lambda c: (-votes[c], c))
    else:
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
    best = max(rows, key=lambda r: (r["confidence"], r["acled_subtype"] is not None))
    subtypes = Counter(r["acled_subtype"] for r in rows if r["acled_subtype"])
    modes = Counter(r["plover_mode"] for r in rows if r["plover_mode"])
    actors: Counter[str] = Counter()
    for r in rows:
        actors.update(json.loads(r["actors_json"]))
    dates = sorted(r["date"] for r in rows if r["date"])
    placed = [r for r in rows if r["place"]]
    geo = next((r for r in placed if _coords(r)), placed[0] if placed else None)
    info = json.loads(geo["place_json"]) if geo and geo["place_json"] else {}
    figures, seen = [], set()
    for r in rows:
        if r["figures_json"]:
            f = json.loads(r["figures_json"])
            key = (r["source"], tuple(sorted(f.items())))
            if key not in seen:
                seen.add(key)
                figures.append({"source": r["source"], "document_id": r["document_id"], **f})
    conn.execute(CLUSTERS.update().where(CLUSTERS.c.id == cluster_id).values(
        acled_type=best["acled_type"],
        acled_subtype=subtypes.most_common(1)[0][0] if subtypes else None,
        plover_event=best["plover_event"], plover_mode=modes.most_common(1)[0][0] if modes else best["plover_mode"],
        date=dates[0] if dates else None, date_end=dates[-1] if dates else None,
        date_precision=min((r["date_precision"] for r in rows if r["date_precision"]),
                           key=["day", "week", "month"].index, default=None),
        place=geo["place"] if geo else None, place_name=info.get("name"), lat=info.get("lat"), lon=info.get("lon"),
        country=info.get("country"), admin1=info.get("admin1"), geo_precision=info.get("precision"),
        actors_json=dumps([a for a, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))]),
        corroboration=len({r["source"] for r in rows}), n_reports=len(rows),
        confidence=max(r["confidence"] for r in rows), figures_json=dumps(figures),
    ))


def add_document(conn: Connection, doc: dict[str, Any]) -> None:
    """Cluster the events of a just-inserted document."""
    touched = {_assign(conn, row) for row in report_rows(doc)}
    for cid in sorted(touched):
        _refresh(conn, cid)


def remove_document(conn: Connection, doc_id: str) -> None:
    """Take a document's reports out of their clusters, before the document is deleted. The
    clusters it belonged to are rebuilt from their other reports, which may now fall apart."""
    cluster_ids = sorted(set(conn.scalars(select(REPORTS.c.cluster_id).where(REPORTS.c.document_id == doc_id))))
    conn.execute(delete(REPORTS).where(REPORTS.c.document_id == doc_id))
    if not cluster_ids:
        return
    rest = [dict(r._mapping) for r in conn.execute(
        select(REPORTS).where(REPORTS.c.cluster_id.in_(cluster_ids)).order_by(REPORTS.c.document_id, REPORTS.c.idx))]
    conn.execute(delete(REPORTS).where(REPORTS.c.cluster_id.in_(cluster_ids)))
    conn.execute(delete(CLUSTERS).where(CLUSTERS.c.id.in_(cluster_ids)))
    touched = set()
    for row in rest:
        row.pop("cluster_id", None)
        touched.add(_assign(conn, row))
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
