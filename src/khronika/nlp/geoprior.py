"""Scoring of a mention's candidates before document context: the prior of each place
(feature type, population, capital, how well the name matched, what the words around the
mention make it, the language's own country), the filters of abbreviations, demonyms and NORP
mentions, the penalty of a town named after the country or state its name officially names,
and the confidence of the final choice.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from khronika.kb.gazetteer import (FLAG_ADMIN_SEAT, FLAG_APPROX, FLAG_CAPITAL, Q_ABBR, Q_ADJ, Q_ALT, Q_BASE,
                                   Q_DEMONYM, Q_OFFICIAL, Q_TRANSLIT, Gazetteer)
from khronika.nlp.geocandidates import ABBR_OK, Cand, mention_candidates, mention_key, name_cache
from khronika.nlp.geomention import STRONG_SETTLEMENT_CUE, Mention, clean_keep_dot
from khronika.nlp.geotheatre import THEATRE

__all__ = ["SETTLEMENT_FEATURES", "THEATRE_BONUS", "NAMESAKE_PENALTY", "NAMESAKE_MIN_LEAD", "pop_of", "prior", "region_prior",
           "score_group", "namesake_penalty", "choice_confidence"]

_FEATURE_PRIOR = {"country": 3.3, "continent": 3.0, "area": 3.0, "sea": 2.5, "landmark": 3.0, "site": 3.0,
                  "district": 1.0}
_KATOTTG_POP = {"city": 8000, "town": 1500, "village": 300}
_QUALITY_PRIOR = {Q_OFFICIAL: 0.0, Q_ALT: -0.9, Q_TRANSLIT: -0.15, Q_BASE: -1.6, Q_DEMONYM: -0.1, Q_ABBR: -0.4,
                  Q_ADJ: 0.0}
_VIA_PRIOR = {"demonym": -0.1, "exact": 0.0, "base": 0.0, "adj": 0.0, "lemma": -0.15, "loose": -0.8, "part": -0.5,
              "fuzzy": -0.3}
THEATRE_BONUS = 0.6     # a war report's town is the theatre's namesake (tuned on the dev half of the captions)
SETTLEMENT_FEATURES = {"city", "town", "village"}


def region_prior(gaz: Gazetteer, cc: str | None) -> float:
    """First-level regions weigh by the average population per region of their country:
    US states and Ukrainian oblasts above the districts of small countries."""
    table = gaz.derived.get("region_prior")
    if not isinstance(table, dict):     # first call on this gazetteer: the table is kept on it
        table = gaz.derived["region_prior"] = _region_prior_table(gaz)
    return table.get(cc, 2.3)


def _region_prior_table(gaz: Gazetteer) -> dict[str | None, float]:
    import numpy as np
    fr = gaz.features.index("region")
    fc = gaz.features.index("country")
    regions = Counter(int(x) for x in gaz.cc[gaz.feat == fr])
    table: dict[str | None, float] = {}
    for i in np.nonzero(gaz.feat == fc)[0]:
        code = int(gaz.cc[i])
        n = regions.get(code, 0)
        pop = int(gaz.pop[i])
        if n and pop:
            table[gaz.country(int(i))] = max(1.8, min(3.4, 0.5 * math.log10(pop / n) - 0.3))
    return table


def pop_of(gaz: Gazetteer, p: int) -> int:
    pop = int(gaz.pop[p])
    if pop <= 0:
        pop = _KATOTTG_POP.get(gaz.feature(p), 0)
    return pop


def prior(gaz: Gazetteer, c: Cand, m: Mention, lang: str) -> float | None:
    feat = gaz.feature(c.place)
    flags = int(gaz.flags[c.place])
    q = c.quality
    marker = m.marker
    # marker filters
    if marker == "region" and feat not in ("region", "area") and c.via != "exact":
        return None
    if marker == "district" and feat not in ("district", "region") and c.via != "exact":
        return None
    if marker == "settlement" and feat not in SETTLEMENT_FEATURES:
        return None
    if m.site_number is not None and c.via != "exact":
        return None
    if q == Q_ABBR and not (ABBR_OK.match(m.base.strip()) or ABBR_OK.match(clean_keep_dot(m.surface))):
        return None
    if q == Q_DEMONYM and feat not in ("country", "continent", "region"):
        return None
    if feat == "region":
        s = region_prior(gaz, gaz.country(c.place))
    elif feat in _FEATURE_PRIOR:
        s = _FEATURE_PRIOR[feat]
    else:
        s = 0.45 * math.log10(pop_of(gaz, c.place) + 10)
    if flags & FLAG_CAPITAL and q == Q_OFFICIAL:   # capital (by its own name: "Mexico" is the country)
        s += 1.2
    if flags & FLAG_ADMIN_SEAT:
        s += 0.3
    if flags & FLAG_APPROX:
        s -= 0.15
    if q == Q_BASE and marker in ("region", "district"):
        s += 0.0
    elif q == Q_ALT and m.theatre and gaz.country(c.place) == THEATRE and feat in SETTLEMENT_FEATURES:
        s += _QUALITY_PRIOR[Q_TRANSLIT]     # "Volchansk": the Russian spelling of a theatre town, no stray alternate
    else:
        s += _QUALITY_PRIOR.get(q, 0.0)
    if q == Q_BASE and feat == "district" and marker is None:
        s -= 0.8    # bare "Douglas" is rarely Douglas County
    s += _VIA_PRIOR.get(c.via, 0.0)
    if marker == "region" and feat in ("region", "area"):
        s += 1.5
    elif marker in ("region", "district") and feat in SETTLEMENT_FEATURES:
        s -= 1.5    # "région de Donetsk" says region, however near the document's towns the city is
    if marker == "district" and feat == "district":
        s += 1.5
    # languages whose news is about their own country first
    cc = gaz.country(c.place)
    if lang == "uk" and cc == "UA":
        s += 0.4
    elif lang == "ru" and cc in ("RU", "UA"):
        s += 0.3
    if m.theatre and cc == THEATRE:
        s += THEATRE_BONUS
    return s

_DOTTED_ABBR = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z]?[a-z]{0,3}\.?$|^[A-Z][a-z]{1,4}\.$")


def score_group(gaz, ms, lang, scored):
    for mi, m in enumerate(ms):
        for c, pr in _scored_mention(gaz, m, mi, lang):
            old = scored.get(c.place)
            if old is None or pr > old[1]:
                scored[c.place] = (c, pr)


def _scored_mention(gaz: Gazetteer, m: Mention, mi: int, lang: str) -> tuple[tuple[Cand, float], ...]:
    """The candidates of one mention with their priors, in lookup order (cached by name: see
    :func:`~khronika.nlp.geocandidates.mention_key`)."""
    cache = name_cache(gaz, "scored_mentions")
    key = (mention_key(m), mi, lang)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = tuple(_score_mention(gaz, m, mi, lang))
    return hit


def _score_mention(gaz: Gazetteer, m: Mention, mi: int, lang: str) -> list[tuple[Cand, float]]:
    cands = mention_candidates(gaz, m, mi)
    surface = clean_keep_dot(m.surface)
    if _DOTTED_ABBR.match(surface) and any(c.quality == Q_ABBR for c in cands):
        # "Kan.", "W.Va.", "Pa.": the abbreviation, not a place that happens to share the letters
        cands = [c for c in cands if c.quality == Q_ABBR]
    if any(c.quality == Q_DEMONYM and c.via == "exact" for c in cands):
        # "Canadian", "Russian": the country, not a small town of that name
        cands = [c for c in cands if c.quality == Q_DEMONYM or pop_of(gaz, c.place) >= 100000
                 or gaz.feature(c.place) in ("country", "region", "continent")]
    if m.label == "NORP":
        cands = [c for c in cands if c.quality == Q_DEMONYM
                 or gaz.feature(c.place) in ("country", "continent", "area")
                 or (c.via == "demonym" and gaz.feature(c.place) == "region")]
    return [(c, pr) for c in cands if (pr := prior(gaz, c, m, lang)) is not None]


_QUALIFIED = re.compile(r"^,\s*(?:[A-Z][a-z]{1,4}\.|[A-Z]{2}\b|[A-Z][a-z]+)")
NAMESAKE_PENALTY = 2.0
NAMESAKE_MIN_LEAD = 0.5   # swept on the even halves with NAMESAKE_PENALTY


def namesake_penalty(gaz: Gazetteer, ranked: list[tuple[Cand, float]], ms: list[Mention],
                      text: str) -> list[tuple[Cand, float]]:
    """A name that is officially a country's or first-level region's ("Mexico", "Nevada") names
    it, not a town called after it, unless a mention says which town ("Mexico, Mo."): the towns'
    priors drop, as the context of a document listing states would otherwise carry them
    (Nevada, Ohio in a list that names Ohio)."""
    names = [pr for c, pr in ranked if c.quality == Q_OFFICIAL and c.via == "exact"
             and gaz.feature(c.place) in ("country", "region")]
    towns = [pr for c, pr in ranked if gaz.feature(c.place) in SETTLEMENT_FEATURES]
    # only where the country or region already leads on its own (a large unit: a state, not a county
    # named after its town); the context would otherwise carry the town past it
    if not names or not towns or max(names) < max(towns) + NAMESAKE_MIN_LEAD:
        return ranked
    if text and any(_QUALIFIED.match(text[m.end:m.end + 20]) or STRONG_SETTLEMENT_CUE.search(m.before)
                    for m in ms):
        return ranked
    out = [(c, pr - NAMESAKE_PENALTY if gaz.feature(c.place) in SETTLEMENT_FEATURES
            and not int(gaz.flags[c.place]) & FLAG_CAPITAL else pr) for c, pr in ranked]
    return sorted(out, key=lambda x: -x[1])

def choice_confidence(gaz, p, c, score, margin, ncands) -> float:
    conf = 0.55 + 0.4 * math.tanh(margin / 2.0) if ncands > 1 else 0.9
    if c.via == "loose":
        conf -= 0.15
    if c.quality in (Q_BASE, Q_ABBR):
        conf -= 0.1
    if int(gaz.flags[p]) & FLAG_APPROX:
        conf *= 0.75
    return conf
