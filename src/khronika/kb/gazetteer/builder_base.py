"""State every source of the gazetteer builder adds to: the place records, the indexes of
countries and regions by code and name, the synthetic keys (adjectives, codes)."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from .normalize import normalize_name
from .records import PlaceRecord
from .schema import FLAG_ADMIN_SEAT, Q_BASE, Q_TRANSLIT


def load_json(package: str, *parts: str) -> Any:
    """A JSON file shipped inside an installed package."""
    with open(package_dir(package).joinpath(*parts), encoding="utf-8") as fh:
        return json.load(fh)


def package_dir(package: str) -> Path:
    import importlib.util
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"the gazetteer builder needs the package {package}", name=package)
    return Path(spec.origin).parent


class BuilderBase:
    # filled by the source mixins (builder_world, builder_cities) and read by the others
    capitals: dict[str, str | None]
    csc_states: dict[int, int]
    city_idx: dict[int, int]
    a1map: dict[tuple[str, str | None], int]   # (cc, GeoNames admin1 code) -> region place

    def __init__(self, log=None):
        self.places: list[PlaceRecord] = []
        self.log = log or (lambda msg: None)
        self.country_idx: dict[str, int] = {}
        self.region_idx: dict[tuple[str, str], int] = {}       # (cc, csc state code) -> place
        self.region_by_name: dict[tuple[str, str], int] = {}   # (cc, normalized name) -> place
        self.adj_keys: list[tuple[str, int]] = []              # (key, place)
        self.code_keys: list[tuple[str, int]] = []             # (key, place)

    def add(self, rec: PlaceRecord) -> int:
        self.places.append(rec)
        return len(self.places) - 1

    def mark_admin_seat(self, region: int, cands: list[int]) -> int:
        """The most populous of `cands` (the first of equals) is the seat of `region`: flagged, and
        its good names become base names of the region ("région de Zaporijjia"). Returns it."""
        city = max(cands, key=lambda i: self.places[i].population)
        self.places[city].flags |= FLAG_ADMIN_SEAT
        for n, q in list(self.places[city].names.items()):
            if q <= Q_TRANSLIT:
                self.places[region].add(n, Q_BASE)
        return city

    def settlement_keys(self) -> dict[tuple[str | None, str], list[int]]:
        """(country, normalized good name) -> settlement places (built once, after katottg)."""
        if getattr(self, "_skeys", None) is None:
            out: dict[tuple[str | None, str], list[int]] = defaultdict(list)
            for i, r in enumerate(self.places):
                if r.feature in ("city", "town", "village"):
                    for n, q in r.names.items():
                        if q <= Q_TRANSLIT:
                            out[(r.country, normalize_name(n))].append(i)
            self._skeys = out
        return self._skeys
