"""Read access to the built gazetteer index.

Layout of the pickle (protocol 5): sorted keys joined by newlines plus CSR postings
(``off``/``post``, a posting being ``place * 8 + quality``) for the exact keys and, with an
``l`` prefix, for the loose keys; one numpy column per place attribute. Loading splits two
strings and unpickles a few arrays, which takes well under a second.
"""
from __future__ import annotations

import bisect
import os
import pickle
import threading
from dataclasses import dataclass
from pathlib import Path

from .normalize import loose_key, normalize_name
from .schema import FLAG_ADMIN_SEAT, FLAG_APPROX, FLAG_CAPITAL, FLAG_GOV, FLAG_KATOTTG, FLAG_NO_COORDS, QUALITIES
from .version import default_index_path


@dataclass(frozen=True)
class Place:
    index: int
    name: str
    pid: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    feature: str
    precision: str
    population: int
    geonames_id: int | None
    flags: int

    @property
    def is_capital(self) -> bool:
        return bool(self.flags & FLAG_CAPITAL)

    @property
    def is_gov_seat(self) -> bool:
        return bool(self.flags & FLAG_GOV)

    @property
    def has_coords(self) -> bool:
        return not self.flags & FLAG_NO_COORDS

    @property
    def approximate(self) -> bool:
        return bool(self.flags & FLAG_APPROX)

    @property
    def admin_seat(self) -> bool:
        return bool(self.flags & FLAG_ADMIN_SEAT)

    @property
    def in_katottg(self) -> bool:
        return bool(self.flags & FLAG_KATOTTG)


class Gazetteer:
    """Lookups by normalised name; ``lookup`` returns ``[(place_index, quality_name)]``."""

    def __init__(self, data: dict, path: Path | None = None):
        self.path = path
        self.version = data.get("version")
        self.built = data.get("built")
        self.counts = data.get("counts", {})
        self._keys = data["keys"].split("\n") if data["keys"] else []
        self._off = data["off"]
        self._post = data["post"]
        self._lkeys = data["lkeys"].split("\n") if data["lkeys"] else []
        self._loff = data["loff"]
        self._lpost = data["lpost"]
        self._names = data["names"].split("\n")
        self._pids = data["pids"].split("\n")
        self.lat = data["lat"]
        self.lon = data["lon"]
        self._cc_codes = [None] + list(data["country_codes"])
        self.cc = data["cc"]
        self._a1_names = list(data["admin1_names"])
        self.a1 = data["a1"]
        self.feat = data["feat"]
        self.prec = data["prec"]
        self.pop = data["pop"]
        self.gid = data["gid"]
        self.flags = data["flags"]
        self.region = data["region"]
        self.features = tuple(data["features"])
        self.precisions = tuple(data["precisions"])
        self.qualities = tuple(data.get("qualities", QUALITIES))
        self._pid_index: dict[str, int] | None = None
        # tables the geocoder derives from this index (e.g. its region priors), kept with it so
        # that they live and die with the index they were computed from
        self.derived: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self._names)

    # -- lookups ----------------------------------------------------------------------------
    @staticmethod
    def _find(keys, off, post, key: str) -> list[tuple[int, int]]:
        j = bisect.bisect_left(keys, key)
        if j < len(keys) and keys[j] == key:
            return [(int(p) >> 3, int(p) & 7) for p in post[off[j]:off[j + 1]]]
        return []

    def lookup_key(self, key: str) -> list[tuple[int, int]]:
        """Postings of an already normalised key: [(place, quality code)]."""
        return self._find(self._keys, self._off, self._post, key)

    def lookup(self, name: str) -> list[tuple[int, int]]:
        return self.lookup_key(normalize_name(name))

    def lookup_loose(self, name: str) -> list[tuple[int, int]]:
        key = loose_key(name)
        return self._find(self._lkeys, self._loff, self._lpost, key) if key else []

    def has_key(self, key: str) -> bool:
        j = bisect.bisect_left(self._keys, key)
        return j < len(self._keys) and self._keys[j] == key

    def has_prefix(self, prefix: str) -> bool:
        j = bisect.bisect_left(self._keys, prefix)
        return j < len(self._keys) and self._keys[j].startswith(prefix)

    # -- places -----------------------------------------------------------------------------
    def name(self, i: int) -> str:
        return self._names[i]

    def pid(self, i: int) -> str:
        return self._pids[i]

    def country(self, i: int) -> str | None:
        return self._cc_codes[int(self.cc[i])]

    def admin1(self, i: int) -> str | None:
        a = int(self.a1[i])
        return self._a1_names[a] if a >= 0 else None

    def feature(self, i: int) -> str:
        return self.features[int(self.feat[i])]

    def place(self, i: int) -> Place:
        gid = int(self.gid[i])
        return Place(index=i, name=self._names[i], pid=self._pids[i], lat=float(self.lat[i]),
                     lon=float(self.lon[i]), country=self.country(i), admin1=self.admin1(i),
                     feature=self.features[int(self.feat[i])], precision=self.precisions[int(self.prec[i])],
                     population=int(self.pop[i]), geonames_id=gid or None, flags=int(self.flags[i]))

    def by_pid(self, pid: str) -> Place | None:
        if self._pid_index is None:
            self._pid_index = {p: i for i, p in enumerate(self._pids)}
        i = self._pid_index.get(pid)
        return self.place(i) if i is not None else None

    def search(self, name: str, limit: int = 10) -> list[Place]:
        """Places carrying this name (exact key, else loose key), most populous first."""
        hits = self.lookup(name) or self.lookup_loose(name)
        seen: dict[int, int] = {}
        for i, q in hits:
            seen.setdefault(i, q)
        order = sorted(seen, key=lambda i: (seen[i], -int(self.pop[i])))
        return [self.place(i) for i in order[:limit]]


# ---------------------------------------------------------------------------------------
_lock = threading.Lock()
_cached: dict[str, Gazetteer] = {}


def load_index(path: str | os.PathLike | None = None, *, build: bool = True) -> Gazetteer:
    """Load the index (building it first when missing and ``build`` is true)."""
    p = Path(path) if path is not None else default_index_path()
    if not p.exists():
        if not build:
            raise FileNotFoundError(f"gazetteer index not built: {p} (run `khronika gazetteer build`)")
        from .build import build_index     # only when missing: the reader needs no builder otherwise
        build_index(p if path is not None else None)
    with open(p, "rb") as fh:
        data = pickle.load(fh)
    return Gazetteer(data, p)


def get_gazetteer(path: str | os.PathLike | None = None) -> Gazetteer:
    """The process-wide gazetteer (loaded once, built on first use)."""
    key = str(path) if path is not None else ""
    g = _cached.get(key)
    if g is None:
        with _lock:
            g = _cached.get(key)
            if g is None:
                g = load_index(path)
                _cached[key] = g
    return g
