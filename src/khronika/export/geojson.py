"""GeoJSON FeatureCollection of the places the documents mention.

One Point feature per PLACE entity with coordinates (`[lon, lat]`, the GeoJSON order), with
properties `id`, `name`, `country`, `admin1`, `precision`, `feature`, `mention_count` (mentions
across all documents) and `documents` (ids of the documents mentioning it, sorted).
"""
from __future__ import annotations

import json
from typing import Any, TextIO

from ..store import Store


def place_feature(place: dict[str, Any]) -> dict[str, Any]:
    """The GeoJSON Feature for one row of `Store.iter_places()`."""
    return {
        "type": "Feature",
        "id": place["id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
        "properties": {k: place[k] for k in ("id", "name", "country", "admin1", "precision", "feature",
                                             "mention_count", "documents")},
    }


def write_geojson(store: Store, out: TextIO) -> int:
    """Write the FeatureCollection, streaming one feature at a time; returns how many features."""
    out.write('{"type":"FeatureCollection","features":[')
    n = 0
    for place in store.iter_places():
        if n:
            out.write(",")
        out.write("\n")
        out.write(json.dumps(place_feature(place), ensure_ascii=False, separators=(",", ":")))
        n += 1
    out.write("\n]}\n")
    return n
