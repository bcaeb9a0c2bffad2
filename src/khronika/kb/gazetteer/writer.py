"""The index file: exact and loose key postings (CSR) and one numpy column per place attribute
(see :mod:`.index` for the layout), written atomically."""
from __future__ import annotations

import os
import pickle
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from .normalize import loose_key, normalize_name
from .records import PlaceRecord
from .schema import FEATURES, PRECISIONS, QUALITIES, Q_ABBR, Q_ADJ, F, P
from .version import source_versions


def write_index(places: list[PlaceRecord], adj_keys: list[tuple[str, int]], code_keys: list[tuple[str, int]],
                path: Path, version: str, extra: dict | None = None) -> dict:
    """Write the index of ``places`` to ``path`` (a temporary file renamed over it, so that a
    concurrent reader sees the old file or the new one, never half of one); returns its counts."""
    exact: dict[str, dict[int, int]] = defaultdict(dict)
    loose: dict[str, dict[int, int]] = defaultdict(dict)
    for i, rec in enumerate(places):
        for n, q in rec.names.items():
            k = normalize_name(n)
            if not k:
                continue
            old = exact[k].get(i)
            if old is None or q < old:
                exact[k][i] = q
            if rec.country in ("UA", "RU", "BY") or rec.feature in ("country", "region", "continent"):
                lk = loose_key(n)
                if lk:
                    old = loose[lk].get(i)
                    if old is None or q < old:
                        loose[lk][i] = q
    for key, i in adj_keys:
        exact[key][i] = Q_ADJ
    for key, i in code_keys:
        exact[key][i] = Q_ABBR
    data: dict[str, Any] = {  # the pickled index: arrays, strings and the counts, by name
        "format": 1, "version": version, "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "sources": source_versions(),
    }
    data.update(_postings("", exact))
    data.update(_postings("l", loose))
    admin1_names = sorted({r.admin1 for r in places if r.admin1})
    a1_index = {n: i for i, n in enumerate(admin1_names)}
    countries = sorted({r.country for r in places if r.country})
    cc_index = {c: i + 1 for i, c in enumerate(countries)}
    region_of = np.full(len(places), -1, dtype=np.int32)
    for i, r in enumerate(places):
        reg = r._region
        if reg is not None:
            region_of[i] = reg
    data.update({
        "names": "\n".join(r.name.replace("\n", " ") for r in places),
        "pids": "\n".join(r.pid or f"x:{i}" for i, r in enumerate(places)),
        "lat": np.array([r.lat for r in places], dtype=np.float64),
        "lon": np.array([r.lon for r in places], dtype=np.float64),
        "country_codes": countries,
        "cc": np.array([cc_index.get(r.country or "", 0) for r in places], dtype=np.uint16),
        "admin1_names": admin1_names,
        "a1": np.array([a1_index.get(r.admin1 or "", -1) for r in places], dtype=np.int32),
        "feat": np.array([F[r.feature] for r in places], dtype=np.uint8),
        "prec": np.array([P[r.precision] for r in places], dtype=np.uint8),
        "pop": np.array([min(r.population or 0, 2**31 - 1) for r in places], dtype=np.int64),
        "gid": np.array([r.geonames_id or 0 for r in places], dtype=np.int64),
        "flags": np.array([r.flags for r in places], dtype=np.uint8),
        "region": region_of,
        "features": FEATURES, "precisions": PRECISIONS, "qualities": QUALITIES,
        "counts": {"places": len(places), "keys": len(exact), "loose_keys": len(loose),
                   "by_feature": dict(Counter(r.feature for r in places))},
    })
    if extra:
        data.update(extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=5)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return data["counts"]


def _postings(prefix: str, table: dict[str, dict[int, int]]) -> dict:
    keys = sorted(table)
    off = np.zeros(len(keys) + 1, dtype=np.int64)
    flat: list[int] = []
    for j, k in enumerate(keys):
        flat.extend(i * 8 + q for i, q in sorted(table[k].items()))
        off[j + 1] = len(flat)
    return {prefix + "keys": "\n".join(keys), prefix + "off": off, prefix + "post": np.array(flat, dtype=np.int64)}
