"""Document context for the geocoder (:mod:`khronika.nlp.geocode`): what the other entities'
current choices and plausible candidates say about one candidate place.

A candidate gains from sharing the country and first-level region of the document's other places,
from a region the document names, from being near its other places, and (:class:`JointSupport`)
from the regions the other entities' plausible readings share, whichever they currently pick.
"""
from __future__ import annotations

import math
from typing import Any

from khronika.kb.gazetteer import Gazetteer
from khronika.nlp.geocandidates import name_cache

__all__ = ["W", "Context", "JointSupport", "context_score"]


W = {"country": 2.2, "country_self": 0.8, "admin1": 1.3, "names_region": 1.2, "region_admin1": 0.8,
     "near30": 1.2, "near100": 0.9, "near250": 0.5, "near600": 0.2, "far3000": -0.3, "region_near": 0.0,
     "joint_admin1": 0.6}
_NO_ADMIN1 = ("country", "continent", "area", "sea")
_JOINT_DELTA = 0.6   # a candidate this close to its group's best is a live reading (swept on the even halves)
# only settlements and counties give and take it: a region named outright is already in the current
# choices' evidence, and letting regions give it lowered the world-news scores (GeoVirus)
_JOINT_FEATURES = _LOCAL_FEATURES = ("city", "town", "village", "district")
_NO_POINT = ("country", "continent", "area", "sea", "region")
_EARTH_KM = 6371.0088


def context_score(gaz: Gazetteer, p: int, ctx: Context, gi: int, own: tuple | None = None) -> float:
    """``own``: the group's current choice (``ctx.own(gi)``), passed in when scoring many candidates."""
    ev = ctx.ev
    if own is None:
        own = ctx.own(gi)
    info = ctx.info(p)
    cc, feat, a1 = info.cc, info.feat, info.a1
    s = (W["country_self"] if feat in ("country", "continent") else W["country"]) * ev.country_share(cc, own)
    if a1 >= 0 and feat not in ("country", "continent", "region"):
        s += W["admin1"] * ev.admin1_share(a1, own, exclude=p)
        if ev.names_region(a1, own):
            s += W["names_region"]
    if feat == "region" and a1 >= 0:
        s += W["region_admin1"] * ev.admin1_share(a1, own)
    if feat not in _NO_POINT:
        d = ev.nearest_km(info, gi, exclude=p)
        if d is not None:
            if d < 30:
                s += W["near30"]
            elif d < 100:
                s += W["near100"]
            elif d < 250:
                s += W["near250"]
            elif d < 600:
                s += W["near600"]
            elif d > 3000:
                s += W["far3000"]
    return s


class _Info:
    """The attributes of one place the context reads, fetched from the index arrays once."""
    __slots__ = ("cc", "cc_code", "feat", "a1", "flags", "lat", "lon", "rlat", "rlon", "coslat")

    def __init__(self, gaz: Gazetteer, p: int):
        self.cc_code = int(gaz.cc[p])
        self.cc, self.feat, self.a1, self.flags = gaz.country(p), gaz.feature(p), int(gaz.a1[p]), int(gaz.flags[p])
        self.lat, self.lon = float(gaz.lat[p]), float(gaz.lon[p])
        self.rlat, self.rlon = math.radians(self.lat), math.radians(self.lon)
        self.coslat = math.cos(self.rlat)


class _Evidence:
    """Sums over the current choices of all groups, kept up to date as choices change; a query
    leaves one group out by subtracting its own share (rebuilding the sums for every group and
    round cost most of the scoring time)."""

    def __init__(self):
        self.cc_w: dict[str, float] = {}
        self.cc_tot = 0.0
        self.a1_w: dict[int, float] = {}
        self.a1_tot = 0.0
        self.place_w: dict[int, float] = {}     # weight of each place in the admin1 sums (for exclusion)
        self.region_a1: dict[int, int] = {}     # admin1 -> number of chosen regions
        self.points: dict[int, tuple[int, _Info]] = {}   # group -> its chosen point place
        # the points as flat tuples for nearest_km (asked for every candidate), rebuilt after a change
        self._flat: list[tuple[int, int, float, float, float]] | None = None

    def change(self, gi: int, p: int, w: float, info: _Info, sign: int) -> None:
        w *= sign
        if info.cc is not None:
            self.cc_tot += w
            self.cc_w[info.cc] = self.cc_w.get(info.cc, 0.0) + w
        if info.feat not in _NO_ADMIN1:
            self.a1_tot += w
            self.a1_w[info.a1] = self.a1_w.get(info.a1, 0.0) + w
            self.place_w[p] = self.place_w.get(p, 0.0) + w
        if info.feat == "region":
            self.region_a1[info.a1] = self.region_a1.get(info.a1, 0) + sign
        elif info.feat not in _NO_POINT and not info.flags & 4:
            if sign > 0:
                self.points[gi] = (p, info)
            else:
                self.points.pop(gi, None)
            self._flat = None

    def country_share(self, cc: str | None, own: tuple | None = None) -> float:
        if cc is None:
            return 0.0
        tot, hit = self.cc_tot, self.cc_w.get(cc, 0.0)
        if own is not None and own[2].cc is not None:
            tot -= own[1]
            if own[2].cc == cc:
                hit -= own[1]
        return max(hit, 0.0) / (tot + 0.5) if tot > 1e-9 else 0.0

    def admin1_share(self, a1: int, own: tuple | None = None, exclude: int | None = None) -> float:
        tot, hit = self.a1_tot, self.a1_w.get(a1, 0.0)
        ex = self.place_w.get(exclude, 0.0) if exclude is not None else 0.0
        if own is not None and own[2].feat not in _NO_ADMIN1:
            tot -= own[1]
            if own[2].a1 == a1:
                hit -= own[1]
            if own[0] == exclude:
                ex -= own[1]
        if ex > 1e-12:
            # another name for the same place is no evidence for this one (it shares its admin1)
            tot -= ex
            hit -= ex
        return max(hit, 0.0) / (tot + 0.5) if tot > 1e-9 else 0.0

    def names_region(self, a1: int, own: tuple | None = None) -> bool:
        n = self.region_a1.get(a1, 0)
        if own is not None and own[2].feat == "region" and own[2].a1 == a1:
            n -= 1
        return n > 0

    def nearest_km(self, info: _Info, gi: int, exclude: int | None = None) -> float | None:
        flat = self._flat
        if flat is None:
            flat = self._flat = [(g, p, o.rlat, o.rlon, o.coslat) for g, (p, o) in self.points.items()]
        best = None
        rlat, rlon, coslat, sin = info.rlat, info.rlon, info.coslat, math.sin
        for g, p, la, lo, co in flat:
            if g == gi or p == exclude:
                continue
            h = sin((la - rlat) / 2) ** 2 + coslat * co * sin((lo - rlon) / 2) ** 2
            if best is None or h < best:
                best = h
        return None if best is None else _EARTH_KM * 2 * math.asin(min(1.0, math.sqrt(best)))


class JointSupport:
    """Evidence from the other groups' plausible candidates, not only their current choices.

    Local news names homonyms together ("Columbus", "Norfolk", "Platte County"): each is ambiguous
    and the first choices (Columbus, Ohio; Norfolk, Virginia) support each other, while the
    first-level region all of them have a candidate in (Nebraska) is the one the paper means. Each
    group spreads one unit of support evenly over the first-level regions of its candidates within
    ``_JOINT_DELTA`` of its best prior; a settlement or county candidate gains the support the other
    groups give its own region."""

    def __init__(self, gaz: Gazetteer, cands: list[list[tuple[Any, float]]]):
        self.units: list[dict[tuple[int, int], float]] = []
        self.total: dict[tuple[int, int], float] = {}
        for cs in cands:
            regions: set[tuple[int, int]] = set()
            if cs:
                top = cs[0][1]
                for c, pr in cs:
                    a1 = int(gaz.a1[c.place])
                    if pr >= top - _JOINT_DELTA and a1 >= 0 and gaz.feature(c.place) in _JOINT_FEATURES:
                        regions.add((int(gaz.cc[c.place]), a1))
            unit = {r: 1.0 / len(regions) for r in regions}
            self.units.append(unit)
            for r, u in unit.items():
                self.total[r] = self.total.get(r, 0.0) + u

    def bonus(self, info: _Info, gi: int) -> float:
        if info.a1 < 0 or info.feat not in _LOCAL_FEATURES:
            return 0.0
        key = (info.cc_code, info.a1)
        got = self.total.get(key, 0.0) - self.units[gi].get(key, 0.0)
        return W["joint_admin1"] * min(got, 2.0)


class Context:
    """Evidence from the current choices of all groups (leave-one-out by group index)."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.choice: dict[int, tuple[int, float]] = {}   # group -> (place, weight)
        # a place's attributes are the index's: shared by the documents (bounded, see name_cache)
        self._info: dict[int, _Info] = name_cache(gaz, "context_info")
        self.ev = _Evidence()

    def info(self, p: int) -> _Info:
        i = self._info.get(p)
        if i is None:
            i = self._info[p] = _Info(self.gaz, p)
        return i

    def own(self, gi: int) -> tuple[int, float, _Info] | None:
        c = self.choice.get(gi)
        return (c[0], c[1], self.info(c[0])) if c is not None else None

    def set(self, gi: int, place: int | None, weight: float):
        old = self.choice.pop(gi, None)
        if old is not None:
            self.ev.change(gi, old[0], old[1], self.info(old[0]), -1)
        if place is not None:
            self.choice[gi] = (place, weight)
            self.ev.change(gi, place, weight, self.info(place), 1)

    def country_share(self, cc, gi) -> float:
        return self.ev.country_share(cc, self.own(gi))

    def nearest_km(self, p: int, gi: int) -> float | None:
        return self.ev.nearest_km(self.info(p), gi)

    def points(self, gi):
        return [(p, w) for g, (p, w) in self.choice.items() if g != gi]
