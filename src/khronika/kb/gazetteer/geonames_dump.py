"""Extend the gazetteer from a GeoNames dump (``allCountries.txt`` or a country file such as
``UA.txt``, optionally with ``alternateNamesV2.txt``), for users who have one.

    from khronika.kb.gazetteer.geonames_dump import import_geonames
    import_geonames("UA.txt", alternate_names="alternateNamesV2.txt")   # rebuilds the index

The records are kept (pickled) under the user data dir and folded into every later build:
places already in the index (same geonames id) gain the new names, the others are added.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from .build import build_index
from .extras import extras_dir, extras_signature, load_extra_records, save_extra_records
from .records import PlaceRecord
from .schema import Q_ALT, Q_OFFICIAL

__all__ = ["read_geonames_dump", "import_geonames", "count_by_feature", "extras_dir", "extras_signature",
           "load_extra_records"]

# GeoNames feature class / code -> (feature, precision)
_CLASS = {"P": ("town", "settlement"), "S": ("site", "point"), "T": ("site", "point"), "L": ("area", "region"),
          "H": ("area", "region"), "V": ("area", "region"), "R": ("site", "point"), "U": ("area", "region")}
_LANGS = {"", "en", "fr", "uk", "ru", "de", "pl", "es", "it"}


def _feature(fclass: str, fcode: str, population: int) -> tuple[str, str] | None:
    if fclass == "A":
        if fcode.startswith("PCL"):
            return ("country", "country")
        if fcode == "ADM1":
            return ("region", "region")
        if fcode.startswith("ADM"):
            return ("district", "region")
        return ("area", "region")
    if fclass == "P":
        if fcode in ("PPLX", "PPLH", "PPLQ", "PPLW"):
            return ("site", "point") if fcode == "PPLX" else None
        return ("city" if population >= 10000 else "town" if population >= 1000 else "village", "settlement")
    return _CLASS.get(fclass)


def read_geonames_dump(path: str | os.PathLike, alternate_names: str | os.PathLike | None = None, *,
                       feature_classes: str = "APSTLHV", min_population: int = 0) -> list[PlaceRecord]:
    """PlaceRecords of a GeoNames dump (19 tab-separated columns), names from its alternate
    names column and, when given, from ``alternateNamesV2.txt`` (its languages of interest)."""
    records: dict[int, PlaceRecord] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15 or not cols[0].isdigit():
                continue
            fclass, fcode = cols[6], cols[7]
            if fclass not in feature_classes:
                continue
            pop = int(cols[14] or 0)
            if fclass == "P" and pop < min_population:
                continue
            feat = _feature(fclass, fcode, pop)
            if feat is None:
                continue
            gid = int(cols[0])
            rec = PlaceRecord(name=cols[1], lat=float(cols[4]), lon=float(cols[5]), country=cols[8] or None,
                              feature=feat[0], precision=feat[1], population=pop, geonames_id=gid,
                              pid=f"gn:{gid}")
            rec._a1code = cols[10]          # resolved to a region name by the builder
            rec.add(cols[1], Q_OFFICIAL)
            rec.add(cols[2], Q_ALT)
            for alt in cols[3].split(","):
                rec.add(alt, Q_ALT)
            records[gid] = rec
    if alternate_names:
        with open(alternate_names, encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4 or not cols[1].isdigit():
                    continue
                named = records.get(int(cols[1]))
                if named is None or cols[2] not in _LANGS:
                    continue
                historic = len(cols) > 7 and cols[7] == "1"
                preferred = len(cols) > 4 and cols[4] == "1"
                named.add(cols[3], Q_OFFICIAL if preferred and not historic else Q_ALT)
    return list(records.values())


def import_geonames(path: str | os.PathLike, alternate_names: str | os.PathLike | None = None, *,
                    rebuild: bool = True, log=None) -> int:
    """Keep the records of a GeoNames dump for every later build and (by default) rebuild the
    index now. Returns the number of records imported."""
    records = read_geonames_dump(path, alternate_names)
    save_extra_records(Path(path).stem, records)
    if rebuild:
        build_index(log=log)     # the builder reads the kept records back (see .extras)
    return len(records)


def count_by_feature(records: list[PlaceRecord]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for r in records:
        out[r.feature] += 1
    return dict(out)
