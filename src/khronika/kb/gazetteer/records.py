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

    def add(self, name: str | None, quality: int) -> None:
        if not name:
            return
        name = name.strip()
        if not name:
            return
        old = self.names.get(name)
        if old is None or quality < old:
            self.names[name] = quality
