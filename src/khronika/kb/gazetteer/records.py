"""The builder's record of one place (also the input of synthetic test builds and GeoNames imports)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PlaceRecord:
    """One place as the builder collects it (also the input format of synthetic test builds)."""
    name: str
    lat: float
    lon: float
    country: str | None
    feature: str
    precision: str
    admin1: str | None = None
    population: int = 0
    geonames_id: int | None = None
    pid: str = ""
    flags: int = 0
    names: dict[str, int] = field(default_factory=dict)   # surface name -> quality
    # builder-only, never written: the region place a record lies in, and a GeoNames dump's raw admin1
    # code (resolved to that region by the builder)
    _region: int | None = field(default=None, repr=False, compare=False)
    _a1code: str | None = field(default=None, repr=False, compare=False)

    def add(self, name: str | None, quality: int) -> None:
        if not name:
            return
        name = name.strip()
        if not name:
            return
        old = self.names.get(name)
        if old is None or quality < old:
            self.names[name] = quality
