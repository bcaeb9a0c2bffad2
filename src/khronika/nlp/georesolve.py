"""Resolution of a document's place entities: each entity (a group of its mentions) gets the
candidate that scores best on its prior (:mod:`khronika.nlp.geoprior`) plus the document's
context (:mod:`khronika.nlp.geocontext`) and qualifiers (:mod:`khronika.nlp.geoqualify`),
iterating until the choices are stable; a site the gazetteer lacks is placed in the enclosing
place its sentence names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from khronika.kb.gazetteer import (FLAG_CAPITAL, FLAG_NO_COORDS, Q_DEMONYM, Q_TRANSLIT, Gazetteer, get_gazetteer,
                                   normalize_name)
from khronika.nlp.geocandidates import Cand
from khronika.nlp.geocontext import Context, JointSupport, context_score
from khronika.nlp.geoguards import is_person_like, metonymic_mention
from khronika.nlp.geomention import SITE_WORDS, Mention, PlaceMention, analyse, clean, mention_marker
from khronika.nlp.geoprior import SETTLEMENT_FEATURES, choice_confidence, namesake_penalty, pop_of, score_group
from khronika.nlp.geoqualify import QUALIFIED_BONUS, in_qualifier, named_region, qualifier_groups
from khronika.nlp.geotheatre import in_theatre

__all__ = ["GeoResolution", "geocode_entities", "group_mentions"]


@dataclass
class GeoResolution:
    name: str                      # canonical English / official name
    geo: dict                      # the contract's geo object
    metonymy: bool = False         # the place stands for its government (Kremlin, Pékin said ...)
    kind: str = "toponym"          # toponym | demonym | enclosing (a site placed in its enclosing place)
    place_id: str | None = None    # gn:<geonames id>, ua:<KATOTTG code>, iso:<ISO code>, site:..., area:...
    matched: str | None = None     # the mention text that resolved
    alternatives: list[str] = field(default_factory=list)   # runner-up place ids


class _Doc:
    """Sentences and paragraphs of a text, split when first asked (only sites need them)."""

    def __init__(self, text: str):
        self.text = text
        self._paragraphs: list[tuple[int, int]] | None = None
        self._sent_bounds: list[int] | None = None

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        if self._paragraphs is None:
            self._paragraphs = [m.span() for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", self.text)]
        return self._paragraphs

    @property
    def sent_bounds(self) -> list[int]:
        if self._sent_bounds is None:
            self._sent_bounds = [0] + [m.end() for m in re.finditer(
                r"(?<=[.!?…])[\"”»)]?\s+(?=[\"“«(]?[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ0-9])|\n+", self.text)]
        return self._sent_bounds

    def sentence_of(self, pos: int) -> int:
        import bisect
        return bisect.bisect_right(self.sent_bounds, pos) - 1

    def paragraph_of(self, pos: int) -> int:
        for i, (a, b) in enumerate(self.paragraphs):
            if a <= pos < b:
                return i
        return -1


def _honour_named_region(gaz: Gazetteer, text: str, ms: list[Mention], scored: dict[int, tuple[Cand, float]]) -> None:
    """A settlement with its oblast written after it ("Oleksandrivka, Kherson region"): the
    candidates in that oblast gain the qualifier's bonus, whether or not the oblast is a mention."""
    if not text:
        return
    regions = {r for m in ms if (r := named_region(gaz, text, m.end)) is not None}
    for p, (c, pr) in list(scored.items()):
        if gaz.feature(p) in SETTLEMENT_FEATURES and any(in_qualifier(gaz, p, r) for r in regions):
            scored[p] = (c, pr + QUALIFIED_BONUS)


def _geo(gaz: Gazetteer, p: int, *, confidence: float, lat=None, lon=None, precision=None, feature=None) -> dict:
    gid = int(gaz.gid[p])
    return {
        "lat": round(float(gaz.lat[p] if lat is None else lat), 5),
        "lon": round(float(gaz.lon[p] if lon is None else lon), 5),
        "country": gaz.country(p),
        "admin1": gaz.admin1(p),
        "feature": feature or gaz.feature(p),
        "precision": precision or gaz.precisions[int(gaz.prec[p])],
        "geonames_id": gid or None,
        "confidence": round(max(0.0, min(1.0, confidence)), 3),
    }


_COARSER = {"point": "settlement", "settlement": "region", "region": "region", "country": "country"}


def geocode_entities(groups: list[list[PlaceMention]], text: str, lang: str = "en", *,
                     gazetteer: Gazetteer | None = None) -> list[GeoResolution | None]:
    """Resolve each entity (a group of its mentions in ``text``) to a place, or ``None``."""
    return prepare_entities(groups, text, lang, gazetteer=gazetteer).resolve()


def prepare_entities(groups: list[list[PlaceMention]], text: str, lang: str = "en", *,
                     gazetteer: Gazetteer | None = None) -> _Resolver:
    """The entities analysed and their candidates scored, not yet resolved (``.resolve()``): a caller
    may first ask whether any candidate matters to it (``.candidate_places()``)."""
    return _Resolver(gazetteer or get_gazetteer(), text, (lang or "en").lower()[:2], groups)


class _Resolver:
    """The entities of one document: their analysed mentions, scored candidates and choices,
    chosen in turns until stable, as each choice is context for the others."""

    def __init__(self, gaz: Gazetteer, text: str, lang: str, groups: list[list[PlaceMention]]):
        self.gaz, self.text, self.lang = gaz, text, lang
        self.doc = _Doc(text or "")
        self.analysed: list[list[Mention]] = []
        self.cands: list[list[tuple[Cand, float]]] = []
        self.blocked: list[bool] = []
        for group in groups:
            self._add(group)
        self.ctx = Context(gaz)
        self.support = JointSupport(gaz, self.cands)
        self.quals = qualifier_groups(self.analysed, text or "")
        self.choice: list[int | None] = [None] * len(groups)
        self.final: list[float] = [0.0] * len(groups)
        self.margin: list[float] = [0.0] * len(groups)

    def _add(self, group: list[PlaceMention]) -> None:
        gaz, text, lang = self.gaz, self.text, self.lang
        ms = [analyse(m, text) for m in group]
        self.analysed.append(ms)
        person = bool(ms) and all(is_person_like(m, text) for m in ms)
        self.blocked.append(person)
        scored: dict[int, tuple[Cand, float]] = {}
        if not person:
            score_group(gaz, ms, lang, scored)
            if not scored and any(m.marker in ("region", "district") for m in ms):
                # "la région de Lytak": the area around a place, not a region of that name
                for m in ms:
                    if m.marker in ("region", "district"):
                        m.marker, m.adj_key = "vicinity", None
                score_group(gaz, ms, lang, scored)
        _honour_named_region(gaz, text, ms, scored)
        ranked = sorted(scored.values(), key=lambda x: -x[1])[:60]
        self.cands.append(namesake_penalty(gaz, ranked, ms, text))

    def candidate_places(self) -> set[int]:
        """Every place some entity may resolve to (its choice is one of them, or none)."""
        return {c.place for cs in self.cands for c, _ in cs}

    def resolve(self) -> list[GeoResolution | None]:
        self.choose()
        self.drop_far_homonyms()
        capitals_in_doc = set()
        for gi, p in enumerate(self.choice):
            if p is not None and int(self.gaz.flags[p]) & FLAG_CAPITAL:
                for m in self.analysed[gi]:
                    capitals_in_doc.add(normalize_name(m.base))
        return [self.result(gi, capitals_in_doc) for gi in range(len(self.analysed))]

    def _weight(self, gi: int, mar: float) -> float:
        n = len(self.analysed[gi])
        w = (0.5 + min(mar, 2.0) / 2.0) * (1.0 + 0.3 * min(n - 1, 3))
        c = self.cands[gi][0][0] if self.cands[gi] else None
        if c is not None and c.quality == Q_DEMONYM:
            # "Russian forces shelled Pokrovsk": the actor's nationality, rarely the place's; in a war
            # report never (the theatre's towns would otherwise lean to their Russian namesakes)
            w *= 0.0 if self.analysed[gi] and self.analysed[gi][0].theatre else 0.05
        return w

    def choose(self) -> None:
        """Priors first, then up to four rounds of prior + context until no choice changes."""
        gaz, ctx, choice = self.gaz, self.ctx, self.choice
        for gi, cs in enumerate(self.cands):
            if cs:
                choice[gi] = cs[0][0].place
                mar = cs[0][1] - cs[1][1] if len(cs) > 1 else 3.0
                ctx.set(gi, choice[gi], self._weight(gi, mar))
        for _ in range(4):
            changed = False
            for gi, cs in enumerate(self.cands):
                if not cs:
                    continue
                ranked = []
                own = ctx.own(gi)
                for c, pr in cs:
                    s = pr + context_score(gaz, c.place, ctx, gi, own) + self.support.bonus(ctx.info(c.place), gi)
                    if gi in self.quals and any((cq := choice[q]) is not None and in_qualifier(gaz, c.place, cq)
                                                for q in self.quals[gi]):
                        s += QUALIFIED_BONUS
                    ranked.append((s, c.place))
                ranked.sort(key=lambda x: -x[0])
                best_s, best = ranked[0]
                mar = best_s - ranked[1][0] if len(ranked) > 1 else 3.0
                if best != choice[gi]:
                    changed = True
                choice[gi] = best
                self.final[gi] = best_s
                self.margin[gi] = mar
                ctx.set(gi, best, self._weight(gi, mar))
            if not changed:
                break

    def drop_far_homonyms(self) -> None:
        """Far-away homonyms of small places: dropped when the document is elsewhere."""
        gaz, ctx = self.gaz, self.ctx
        for gi, p in enumerate(self.choice):
            if p is None:
                continue
            feat = gaz.feature(p)
            if feat not in SETTLEMENT_FEATURES and feat != "district":
                continue
            if pop_of(gaz, p) >= 50000 or int(gaz.flags[p]) & FLAG_CAPITAL:
                continue
            if self.analysed[gi][0].theatre and in_theatre(gaz, p):
                continue    # a war report's town of the theatre is where the report is
            pts = [(q, w) for q, w in ctx.points(gi)
                   if w > 0 and gaz.feature(q) not in ("continent", "area", "sea")]
            if len(pts) < 2:
                continue
            share = ctx.country_share(gaz.country(p), gi)
            near = ctx.nearest_km(p, gi)
            if share < 0.15 and (near is None or near > 800):
                self.choice[gi] = None
                ctx.set(gi, None, 0)

    def result(self, gi: int, capitals_in_doc: set[str]) -> GeoResolution | None:
        gaz, text, p, ms = self.gaz, self.text, self.choice[gi], self.analysed[gi]
        if self.blocked[gi] or not ms:
            return None
        if p is None:
            return _enclosing(gaz, gi, ms, self.choice, self.analysed, self.doc, text, self.lang)
        outside = [cq for q in self.quals.get(gi, ()) if (cq := self.choice[q]) is not None
                   and in_qualifier(gaz, p, cq) is False and gaz.feature(p) not in ("region", "country")]
        if outside:     # "Greenwood, W. Va." and no Greenwood in West Virginia: the state, not a namesake
            q = outside[0]
            return GeoResolution(name=clean(ms[0].base), geo=_geo(gaz, q, confidence=0.4, feature="site",
                                                                   precision="region"),
                                 kind="enclosing", place_id=gaz.pid(q), matched=ms[0].surface)
        c = next(c for c, _ in self.cands[gi] if c.place == p)
        conf = choice_confidence(gaz, p, c, self.final[gi], self.margin[gi], len(self.cands[gi]))
        if ms[c.mention].marker in ("region", "district") and gaz.feature(p) in ("region", "district"):
            conf = max(conf, 0.8)
        lat = lon = None
        precision = None
        if int(gaz.flags[p]) & FLAG_NO_COORDS:   # no coordinates of its own: the document's places in it
            pts = [(float(gaz.lat[q]), float(gaz.lon[q])) for q, _ in self.ctx.points(gi)
                   if int(gaz.a1[q]) == int(gaz.a1[p]) and gaz.feature(q) in SETTLEMENT_FEATURES]
            if pts:
                lat = sum(x for x, _ in pts) / len(pts)
                lon = sum(y for _, y in pts) / len(pts)
            conf *= 0.6
        m0 = ms[c.mention]
        feature = None
        kind = "demonym" if c.quality == Q_DEMONYM else "toponym"
        if (m0.marker == "vicinity" and gaz.feature(p) in SETTLEMENT_FEATURES) or c.via == "part":
            precision = "region"
        if m0.site_number is not None:
            kind, feature, precision = "toponym", "site", _COARSER[gaz.precisions[int(gaz.prec[p])]]
        metonymy = any(metonymic_mention(gaz, p, m, text, capitals_in_doc) for m in ms)
        alts = [gaz.pid(q) for q in [x[1] for x in sorted(((s_c[1], s_c[0].place) for s_c in self.cands[gi]),
                                                            reverse=True)] if q != p][:3]
        return GeoResolution(
            name=gaz.name(p), geo=_geo(gaz, p, confidence=conf, lat=lat, lon=lon, precision=precision,
                                       feature=feature),
            metonymy=metonymy, kind=kind, place_id=gaz.pid(p), matched=m0.surface, alternatives=alts)


def _enclosing(gaz, gi, ms, choice, analysed, doc: _Doc, text, lang) -> GeoResolution | None:
    """A site the gazetteer lacks: the enclosing place the sentence (or, failing that, the
    paragraph before it) names, at a coarser precision; None when there is none."""
    m = ms[0]
    if not text:
        return None
    strong = any(x.marker or x.site_number or SITE_WORDS.search(x.surface) for x in ms)
    weak = any(x.label in ("GPE", "FAC") for x in ms)
    if not (strong or weak):
        return None     # an unknown bare name ("Zelenskyi" tagged LOC) is not a site
    sent = doc.sentence_of(m.start)
    para = doc.paragraph_of(m.start)
    # Belgorod-22: the place it is named after, preferring the region the sentence names
    if m.site_number is not None:
        base_key = normalize_name(re.sub(r"[\s-]+\d+$", "", m.base))
        hits = gaz.lookup_key(base_key)
        in_doc = [p for p in choice if p is not None and p in {h for h, _ in hits}]
        pick = None
        for p in in_doc:
            if gaz.feature(p) == "region":
                pick = p
        if pick is None and in_doc:
            pick = in_doc[0]
        if pick is None and hits:
            pick = max((h for h, q in hits if q <= Q_TRANSLIT), key=lambda h: pop_of(gaz, h), default=None)
        if pick is not None:
            prec = gaz.precisions[int(gaz.prec[pick])]
            return GeoResolution(name=m.base, geo=_geo(gaz, pick, confidence=0.45, feature="site",
                                                       precision="region" if prec != "country" else prec),
                                 kind="enclosing", place_id=gaz.pid(pick), matched=m.surface)
    candidates = []
    for gj, p in enumerate(choice):
        if p is None or gj == gi:
            continue
        feat = gaz.feature(p)
        if feat in ("country", "continent", "sea"):
            continue
        for mm in analysed[gj]:
            if doc.sentence_of(mm.start) == sent:
                candidates.append((0, abs(mm.start - m.start), p, mm))
            elif strong and mm.start < m.start and para >= 0 and doc.paragraph_of(mm.start) == para \
                    and feat in SETTLEMENT_FEATURES | {"district"}:
                candidates.append((1, m.start - mm.start, p, mm))
    if not candidates:
        return None
    # in the same sentence prefer settlements, then regions; otherwise the nearest before it
    candidates.sort(key=lambda x: (x[0], 0 if gaz.feature(x[2]) in SETTLEMENT_FEATURES else 1, x[1]))
    _, _, p, _ = candidates[0]
    prec = gaz.precisions[int(gaz.prec[p])]
    prec = "settlement" if prec == "point" else prec
    if gaz.feature(p) in SETTLEMENT_FEATURES:
        prec = "settlement"
    return GeoResolution(name=clean(m.base), geo=_geo(gaz, p, confidence=0.35, feature="site", precision=prec),
                         kind="enclosing", place_id=gaz.pid(p), matched=m.surface)


def group_mentions(mentions: list[PlaceMention], text: str | None = None) -> list[list[PlaceMention]]:
    """One entity per normalised name (one sense per discourse); with ``text``, a name the text
    makes a region ("région de Donetsk", "Donetsk Oblast") is another entity than the bare name
    (the city of Donetsk)."""
    groups: dict[tuple[str, str | None], list[PlaceMention]] = {}
    for m in mentions:
        marker = None
        if text:
            marker = mention_marker(m, text)
            marker = marker if marker in ("region", "district") else None
        k = (normalize_name(clean(m.text)), marker)
        groups.setdefault(k, []).append(m)
    return list(groups.values())
