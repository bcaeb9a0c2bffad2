"""Candidate lookup: the gazetteer places a mention may name, and how it reached each one
(its full text, its name part, an adjective key, a lemma, a loose key, part of a pair).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from khronika.kb.gazetteer import CODE_PREFIX, Q_TRANSLIT, Gazetteer, is_cyrillic, lexicon, normalize_name
from khronika.nlp.geomention import CODE_DROP, LEAD_ARTICLE, QUOTES, Mention, clean
from khronika.nlp.geomorph import lemma_keys
from khronika.nlp.geotheatre import fuzzy_context, fuzzy_theatre

__all__ = ["Cand", "mention_candidates", "ABBR_OK", "mention_key", "name_cache"]


@dataclass
class Cand:
    place: int
    quality: int
    via: str          # exact | base | lemma | loose | adj | demonym | part | fuzzy
    mention: int      # index of the mention in its group


_DEMONYM_ENDINGS = (("ians", "ia"), ("ian", "ia"), ("ans", "a"), ("an", "a"), ("ans", ""), ("an", ""),
                    ("ese", ""), ("ese", "a"), ("is", ""), ("i", ""), ("ers", ""), ("er", ""))
ABBR_OK = re.compile(r"^(?:[A-Z]\.){1,3}[A-Z]?\.?$|^[A-Z]{2,5}$|^[A-Z][a-z]{1,4}\.$|^[A-Z]\.\s?[A-Z][a-z]\.$")


_CACHE_SIZE = 50_000
_TOWN_COMMA_BEFORE = re.compile(r"[A-Z][\w.’'-]*,\s*$")


def name_cache(gaz: Gazetteer, name: str) -> dict:
    """A per-gazetteer cache of per-name results (kept on the index, emptied when it grows past
    ``_CACHE_SIZE``): news repeats its names, and their lookups are the same each time."""
    cache = gaz.derived.get(name)
    if not isinstance(cache, dict) or len(cache) >= _CACHE_SIZE:
        cache = gaz.derived[name] = {}
    return cache


def mention_key(m: Mention) -> tuple:
    """All the candidate lookup and the priors read of a mention: its name fields, and of the words
    before it only whether a town and a comma end them ("Paris, TX") and whether they expect a place."""
    # each reading only where the lookup asks for it (a short code; a one-word name in a war report)
    comma = _TOWN_COMMA_BEFORE.search(m.before) is not None if m.marker is None and len(m.base) <= 8 else None
    fuzzy = fuzzy_context(m.before) if m.theatre and m.site_number is None and " " not in m.base.strip() else None
    return (m.adj_key, m.base, m.marker, m.surface, m.label, m.lemma, m.site_number, m.direction, m.theatre,
            comma, fuzzy)


def mention_candidates(gaz: Gazetteer, m: Mention, mi: int, *, exact_only: bool = False) -> list[Cand]:
    """Candidates of one mention; ``exact_only`` (the matcher) skips the loose and part lookups it would drop."""
    cache = name_cache(gaz, "mention_candidates")
    key = (mention_key(m), mi, exact_only)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = tuple(_candidates(gaz, m, mi, exact_only))
    return list(hit)


def _candidates(gaz: Gazetteer, m: Mention, mi: int, exact_only: bool) -> list[Cand]:
    out: list[Cand] = []
    seen: set[int] = set()

    def add(hits, via):
        for p, q in hits:
            if p in seen:
                continue
            seen.add(p)
            out.append(Cand(p, q, via, mi))

    if m.adj_key:
        add(gaz.lookup_key(m.adj_key), "adj")
    code = CODE_DROP.sub("", m.base) if len(m.base) <= 8 else ""
    if 2 <= len(code) <= 3 and code.isupper() and code.isalpha() and m.marker is None:
        # ISO alpha-3 codes ("UKR"), US postal codes after a town ("Paris, TX")
        if len(code) == 3 or _TOWN_COMMA_BEFORE.search(m.before):
            add(gaz.lookup_key(CODE_PREFIX + code.lower()), "exact")
    full = normalize_name(m.surface.strip().strip(QUOTES))
    if full and (m.marker is None or m.marker in ("district", "region", "settlement") or m.direction):
        add(gaz.lookup_key(full), "exact")
    base_key = normalize_name(m.base)
    if base_key and not (m.direction and out):
        add(gaz.lookup_key(base_key), "base" if m.marker else "exact")
        stripped = LEAD_ARTICLE.sub("", m.base)
        if stripped != m.base:
            add(gaz.lookup_key(normalize_name(stripped)), "base" if m.marker else "exact")
    if not out and m.label == "NORP":
        # a demonym the tables lack: "South Ossetian" -> South Ossetia, "Sri Lankans" -> Sri Lanka
        for suf, rep in _DEMONYM_ENDINGS:
            if base_key.endswith(suf) and len(base_key) > len(suf) + 3:
                add(gaz.lookup_key(base_key[:-len(suf)] + rep), "demonym")
                if out:
                    break
    if m.lemma and not out:
        add(gaz.lookup_key(normalize_name(clean(m.lemma))), "lemma")
    if not out and is_cyrillic(m.base):
        for k in lemma_keys(m.base):
            hits = gaz.lookup_key(k)
            if hits:
                add(hits, "lemma")
                break
    if exact_only:
        return out or _fuzzy(gaz, m, mi)
    if not out and m.site_number is None:
        add(gaz.lookup_loose(m.base), "loose")
    if not out and "-" in m.base and m.site_number is None:
        # "Vouhledar-Maryinka": a front sector named after two places; the first one, coarser
        parts = [x for x in m.base.split("-") if len(x) > 2]
        if len(parts) == 2 and all(x[:1].isupper() for x in parts):
            add(gaz.lookup_key(normalize_name(parts[0])), "part")
    return out or _fuzzy(gaz, m, mi)


def _fuzzy(gaz: Gazetteer, m: Mention, mi: int) -> list[Cand]:
    """A near-miss spelling of a town of the theatre, in a war report only ("Popsana")."""
    if not m.theatre or m.site_number is not None or m.marker in ("region", "district") or " " in m.base.strip() \
            or not fuzzy_context(m.before):
        return []
    key = normalize_name(m.base)
    if key in lexicon.GIVEN_NAMES or key in lexicon.COMMON_WORDS:
        return []
    return [Cand(p, Q_TRANSLIT, "fuzzy", mi) for p in fuzzy_theatre(gaz, m.base)]
