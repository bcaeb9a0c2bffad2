"""ACLED-style CSV: one row per stored event cluster with an ACLED type.

Columns follow ACLED's export (event_id_cnty, event_date, year, time_precision, disorder_type,
event_type, sub_event_type, actor1, assoc_actor_1, actor2, assoc_actor_2, country, iso,
admin1, location, latitude, longitude, geo_precision, source, notes, fatalities, tags,
timestamp), then khronika's own: corroboration, reports (document ids), figures (each
source's casualty counts, side by side, never averaged), confidence.
Actor roles are not resolved (who attacked whom): the first two actors become actor1/actor2,
the rest associated actors.
"""
from __future__ import annotations

import csv
import json
from datetime import datetime, UTC
from typing import Any, TextIO

from ..nlp.events.taxonomy import GEO_PRECISION, TIME_PRECISION
from ..store import Store
from ..store.events import iter_clusters

COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "iso", "admin1",
           "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "tags",
           "timestamp", "corroboration", "reports", "figures", "confidence")
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Riots": "Political violence",
            "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}


def acled_row(c: dict[str, Any], stamp: int) -> dict[str, Any]:
    names = c["actor_names"]
    killed = [f["killed"] for f in c["figures"] if "killed" in f]
    notes = " | ".join(dict.fromkeys(r["evidence_text"].replace("\n", " ").strip() for r in c["reports"]))
    return {
        "event_id_cnty": f"KHR{c['id']}", "event_date": c["date"] or "", "year": (c["date"] or "")[:4],
        "time_precision": TIME_PRECISION.get(c["date_precision"], 3), "disorder_type": DISORDER.get(c["acled_type"], ""),
        "event_type": c["acled_type"], "sub_event_type": c["acled_subtype"] or "",
        "actor1": names[0] if names else "", "assoc_actor_1": "; ".join(names[2:]),
        "actor2": names[1] if len(names) > 1 else "", "assoc_actor_2": "",
        "country": c["country"] or "", "iso": c["country"] or "", "admin1": c["admin1"] or "",
        "location": c["place_name"] or "", "latitude": "" if c["lat"] is None else c["lat"],
        "longitude": "" if c["lon"] is None else c["lon"],
        "geo_precision": GEO_PRECISION.get(c["geo_precision"], 3) if c["place"] else "",
        "source": "; ".join(sorted({r["source"] for r in c["reports"]})),
        "notes": notes,
        # ACLED records one conservative count; the lowest reported is the conservative one.
        "fatalities": min(killed) if killed else 0, "tags": "",
        "timestamp": stamp, "corroboration": c["corroboration"],
        "reports": " ".join(dict.fromkeys(r["document_id"] for r in c["reports"])),
        "figures": json.dumps(c["figures"], ensure_ascii=False) if c["figures"] else "",
        "confidence": round(c["confidence"], 3),
    }


def write_acled_csv(store: Store, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    stamp = int(datetime.now(UTC).timestamp())
    n = 0
    with store.connect() as conn:
        for cluster in iter_clusters(conn, acled_only=True):
            writer.writerow(acled_row(cluster, stamp))
            n += 1
    return n
