"""PLOVER JSON Lines: one record per stored event cluster, in PLOVER's field names.

PLOVER-typed clusters keep their event/mode; ACLED-typed ones are read into PLOVER through
taxonomy.ACLED_TO_PLOVER (an armed clash is an ASSAULT, an arrest COERCE/arrest, ...); clusters
with no PLOVER reading are left out. Source and recipient actors are not told apart: all are
listed as source actors (PLOVER's rule for events where the roles are not distinct).
"""
from __future__ import annotations

import json
from typing import Any, TextIO

from ..nlp.events.taxonomy import ACLED_TO_PLOVER
from ..store import Store
from ..store.events import iter_clusters


def plover_record(c: dict[str, Any]) -> dict[str, Any] | None:
    event, mode = c["plover_event"], c["plover_mode"]
    if event is None and c["acled_subtype"]:
        mapped = ACLED_TO_PLOVER.get(c["acled_subtype"])
        if mapped is None:
            return None
        event, mode = mapped
    if event is None:
        return None
    killed = [f["killed"] for f in c["figures"] if "killed" in f]
    injured = [f["injured"] for f in c["figures"] if "injured" in f]
    return {
        "id": f"khronika-{c['id']}",
        "date": c["date"], "date_end": c["date_end"], "date_precision": c["date_precision"],
        "event_type": event, "mode": mode, "context": [],
        "source_actor": c["actor_names"], "source_actor_ids": c["actors"], "target_actor": [],
        "geolocation": {"place_id": c["place"], "place_name": c["place_name"], "lat": c["lat"], "lon": c["lon"],
                        "country": c["country"], "admin1": c["admin1"], "precision": c["geo_precision"]},
        "dead": min(killed) if killed else None, "injured": min(injured) if injured else None,
        "figures": c["figures"],
        "acled": {"event_type": c["acled_type"], "sub_event_type": c["acled_subtype"]} if c["acled_type"] else None,
        "corroboration": c["corroboration"], "confidence": round(c["confidence"], 3),
        "sources": sorted({r["source"] for r in c["reports"]}),
        "reports": [{"document_id": r["document_id"], "event_index": r["idx"], "source": r["source"],
                     "text": r["evidence_text"]} for r in c["reports"]],
    }


def write_plover_jsonl(store: Store, out: TextIO) -> int:
    n = 0
    with store.connect() as conn:
        for cluster in iter_clusters(conn):
            rec = plover_record(cluster)
            if rec is not None:
                out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
                n += 1
    return n
