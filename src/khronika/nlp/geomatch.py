"""Gazetteer matcher for place names the NER missed: capitalised runs of 1–4 tokens and
region patterns ("région de X", "X Oblast", "Xська область"), kept to names that are
unambiguous or large enough, or small places near the document's other places.
"""
from __future__ import annotations

import math
import re

import numpy as np

from khronika.kb.gazetteer import (FLAG_CAPITAL, FLAG_NO_COORDS, Q_ABBR, Q_ALT, Q_BASE, Q_DEMONYM, Q_OFFICIAL, Q_TRANSLIT, Gazetteer,
                                   get_gazetteer, haversine_km, is_cyrillic, lexicon, normalize_name)
from khronika.nlp.spanindex import DisjointSpans, SpanIndex
from khronika.nlp.geocandidates import ABBR_OK, Cand, mention_candidates, mention_key, name_cache
from khronika.nlp.geoguards import is_person_like
from khronika.nlp.geomention import (ABBR_END, ABBR_TOKEN, FEATURE_WORDS, LEAD_ARTICLE, POSSESSIVE_S,
                                     STRONG_SETTLEMENT_CUE, Mention, PlaceMention)
from khronika.nlp.geoprior import SETTLEMENT_FEATURES, pop_of, prior
from khronika.nlp.geoqualify import named_region
from khronika.nlp.georesolve import group_mentions, prepare_entities
from khronika.nlp.geotheatre import ROMANISED, fuzzy_context, fuzzy_theatre, in_theatre, theatre_cue, theatre_settlement

__all__ = ["find_place_candidates", "place_pair"]

_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w’'ʼ\-]*\w)?\.?", re.U)
_ELISION = re.compile(r"^(?:[lLdDjJnNsStTmMcC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’ʼ]")
_CONNECTORS = {"of", "de", "du", "des", "la", "le", "and", "et", "upon", "on", "na", "sur", "del", "da", "di",
               "d'", "d’", "l'", "l’", "el", "al", "y"}
_ARTICLES = {"the", "la", "le", "les", "el", "al", "die", "der", "das"}
_STOP_CAPS = {
    "the", "a", "an", "in", "on", "at", "of", "for", "and", "but", "or", "to", "by", "with", "from", "as", "is",
    "it", "he", "she", "we", "they", "i", "you", "this", "that", "these", "those", "there", "here", "his",
    "her", "their", "our", "my", "your", "its", "be", "was", "were", "are", "has", "have", "had", "not", "no",
    "yes", "if", "so", "all", "some", "any", "many", "more", "most", "one", "two", "mr", "mrs", "ms", "dr",
    "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "en", "au", "aux", "par", "pour", "sur", "dans",
    "il", "elle", "ils", "elles", "nous", "vous", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "mais",
    "selon", "lors", "après", "avant", "depuis", "pendant", "quand", "comme", "donc", "car", "ni", "si",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "god", "dieu",
    "president", "président", "minister", "ministre", "police", "state", "city", "county", "university",
    "church", "court", "north", "south", "east", "west", "nord", "sud", "est", "ouest", "center", "centre",
    "union", "national", "international", "general", "new", "old", "great", "first", "last", "day", "jour",
    "people", "home", "main", "street", "road", "museum", "hospital", "school", "office", "department",
    "council", "board", "group", "company", "news", "times", "post", "mission", "justice", "victory", "hope",
    "liberty", "freedom", "independence", "unity", "progress", "peace", "paix", "victoire", "plus", "tout",
    "у", "в", "на", "і", "й", "та", "з", "до", "за", "по", "від", "що", "як", "це", "але", "и", "с", "от", "не",
    "он", "она", "они", "мы", "вы", "я", "ти", "ви", "ми", "вони", "він", "вона",
}
_REGION_PATTERNS = [
    re.compile(r"\b(?:(?:région|oblast|province|république|district|raïon|raion)s?\s+"
               r"(?:de la |de l['’]|du |des |de |d['’]))((?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w’'ʼ\-]+)(?:[\s-][A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w’'ʼ\-]+)?)"),
    re.compile(r"\b((?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w’'ʼ\-]+[\s-])?[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w’'ʼ\-]+)[\s-](?:[Oo]blast|[Rr]egion|[Pp]rovince|[Kk]rai|[Rr]aion|[Rr]ayon|[Dd]istrict)\b"),
    re.compile(r"\b([А-ЯІЇЄҐ][\w’'ʼ\-]+)\s+(?:област[ьіиюи]|областю|областью|обл\.|кра[йюяї]|район[іуаеом]*)\b"),
]


def _common_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\b[a-zà-öø-ÿа-яіїєґ][\w’'\-]*", text)}


def find_place_candidates(text: str, lang: str = "en", *, gazetteer: Gazetteer | None = None,
                          min_population: int = 15000) -> list[PlaceMention]:
    """Place names the gazetteer knows in ``text``: capitalised names of 1–4 tokens and region
    patterns, kept to countries, regions, areas, landmarks, demonyms, cities of ``min_population``
    or more (Ukrainian cities of any size; villages only after a settlement word)."""
    gaz = gazetteer or get_gazetteer()
    lang = (lang or "en").lower()[:2]
    if not text:
        return []
    out: dict[tuple[int, int], PlaceMention] = {}
    taken = SpanIndex(_region_patterns(gaz, text, lang, out))
    scan = _Scan(gaz, text, lang, min_population)
    weak: list[tuple[int, int, str, list[int]]] = []
    toks = scan.toks
    i = 0
    n = len(toks)
    while i < n:
        s0, e0, w0, _ = toks[i]
        if not w0[:1].isupper() or taken.overlaps(s0, s0 + 1):       # inside a region pattern
            i += 1
            continue
        run = _run(toks, text, i)
        matched = False
        longest = min(4, len(run))
        if longest > 1:
            # no key starts with the first word: only that word can be a name (one bisect instead of
            # a lookup per length); inflected Cyrillic and article-led names are looked up otherwise
            first = normalize_name(w0)
            if not (first in _ARTICLES or is_cyrillic(w0) or gaz.has_prefix(first + " ")):
                longest = 1
        for length in range(longest, 0, -1):
            last = run[length - 1]
            if toks[last][2].lower() in _CONNECTORS:
                continue
            s, e = s0, toks[last][1]
            span = text[s:e]
            if span.endswith(".") and not ABBR_END.search(span):
                e -= 1
                span = span[:-1]
            town = _theatre_span(scan, s, e, span, i) if length <= 3 else None
            if town is not None:
                out[(town.start, town.end)] = town
                i = last + 1
                matched = True
                break
            verdict = _accept(scan, s, e, span, run, length, i)
            if verdict is True:
                out[(s, e)] = PlaceMention(s, e, span)
                i = last + 1
                matched = True
                break
            if isinstance(verdict, list):      # a small place: kept if near the document's other places
                weak.append((s, e, span, verdict))
                i = last + 1
                matched = True
                break
        if not matched:
            i += 1
    if weak and out:
        _keep_near(gaz, text, lang, out, weak)
    if scan.theatre:
        _lowercase_romanisations(scan, out)
    return [out[k] for k in sorted(out)]


def _region_patterns(gaz: Gazetteer, text: str, lang: str,
                     out: dict[tuple[int, int], PlaceMention]) -> list[tuple[int, int]]:
    """Region patterns first: they win over the bare name inside them. Returns their spans."""
    taken = DisjointSpans()
    for pat in _REGION_PATTERNS:
        for m in pat.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            pm = PlaceMention(m.start(), m.end(), text[m.start():m.end()])
            # resolved alone, an entity has no context: its choice is its best prior, a site
            # (numbered) is its place's "site", and no other entity can enclose it
            r = prepare_entities([[pm]], text, lang, gazetteer=gaz)
            best = r.cands[0][0][0].place if r.cands[0] else None
            if best is not None and r.analysed[0][0].site_number is None \
                    and gaz.feature(best) in ("region", "district", "area"):
                out[(m.start(), m.end())] = pm
                taken.add(m.start(), m.end())
    return taken.spans()


def _keep_near(gaz: Gazetteer, text: str, lang: str, out: dict[tuple[int, int], PlaceMention],
               weak: list[tuple[int, int, str, list[int]]]) -> None:
    """Small places the matcher was unsure of: kept when near a settlement the document names."""
    anchors = []
    groups = group_mentions(list(out.values()))
    resolver = prepare_entities(groups, text, lang, gazetteer=gaz)
    if not _any_near(gaz, [p for w in weak for p in w[3]], resolver.candidate_places()):
        return      # no reading of the document's names is near a small place: resolving them keeps none
    for _g, r in zip(groups, resolver.resolve()):
        if r is not None and r.geo["feature"] not in ("country", "continent", "area", "sea", "region") \
                and r.kind != "enclosing":
            anchors.append((r.geo["lat"], r.geo["lon"]))
    for s, e, span, places in weak:
        if any(haversine_km(float(gaz.lat[p]), float(gaz.lon[p]), la, lo) < _NEAR_KM
               for p in places for la, lo in anchors):
            out[(s, e)] = PlaceMention(s, e, span)


def _any_near(gaz: Gazetteer, places: list[int], cands: set[int]) -> bool:
    """Whether a candidate place of the document's names lies within reach of one of ``places`` (a
    bound with room to spare: the anchors :func:`_keep_near` resolves are among the candidates, or,
    for a place without coordinates of its own, the mean of some of them: no bound then)."""
    if not places or not cands:
        return False
    idx = np.fromiter(cands, dtype=np.int64, count=len(cands))
    if (np.asarray(gaz.flags)[idx] & FLAG_NO_COORDS).any():
        return True
    la1 = np.radians(np.asarray(gaz.lat)[idx].astype(np.float64))
    lo1 = np.radians(np.asarray(gaz.lon)[idx].astype(np.float64))
    cos1 = np.cos(la1)
    for p in set(places):
        la2, lo2 = math.radians(float(gaz.lat[p])), math.radians(float(gaz.lon[p]))
        h = np.sin((la1 - la2) / 2) ** 2 + cos1 * math.cos(la2) * np.sin((lo1 - lo2) / 2) ** 2
        if (2 * _EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, h))) < _NEAR_KM + 20).any():
            return True
    return False


class _Scan:
    """What the matcher knows of the whole text: its tokens, sentence starts, lowercase words and
    the words it uses as surnames."""

    def __init__(self, gaz: Gazetteer, text: str, lang: str, min_population: int):
        self.gaz, self.text, self.lang, self.min_population = gaz, text, lang, min_population
        self.common = _common_words(text)
        self.toks = _tokens(gaz, text)
        self.sent_starts = {0}
        for m in re.finditer(r"[.!?…:;]\s+|\n|[\"“«]\s*", text):
            self.sent_starts.add(m.end())
        self.persons = _person_tokens(gaz, self.toks, text, self.sent_starts)
        self.theatre = theatre_cue(text)
        # surnames after a given name or a title ("David Burliuk"): a person's, whatever else they name
        self.named_persons = {normalize_name(b[2]) for a, b in zip(self.toks, self.toks[1:])
                              if b[2][:1].isupper() and text[a[1]:b[0]] == " "
                              and (normalize_name(a[2]).rstrip(".") in lexicon.PERSON_TITLES
                                   or normalize_name(a[2]) in lexicon.GIVEN_NAMES)}


_NEAR_KM = 80
_EARTH_KM = 6371.0088
_UNIT_END = re.compile(r" (?:County|Parish)$")
_OBLAST_AFTER = re.compile(r"^,?\s*(?:in\s+(?:the\s+)?)?[A-Z][\w'’-]+\s+(?:[Oo]blast|[Rr]egion)\b")


def _tokens(gaz: Gazetteer, text: str) -> list[tuple[int, int, str, bool]]:
    toks = []
    parts_of = name_cache(gaz, "matcher_tokens")
    for m in _WORD.finditer(text):
        w = m.group()
        parts = parts_of.get(w)
        if parts is None:
            parts = parts_of[w] = _word_parts(gaz, w)
        st = m.start()
        if not parts:       # the word as it is (most words)
            toks.append((st, st + len(w), w, False))
            continue
        for a, b, t, paired in parts:
            toks.append((st + a, st + b, t, paired))
    return toks


def _word_parts(gaz: Gazetteer, w: str) -> tuple[tuple[int, int, str, bool], ...]:
    """The matcher's tokens in one word, offsets relative to it: the word without an elided article
    ("l'Ukraine") or a possessive ("Gainesville’s"), or the two places of a pair (cached by word)."""
    st, whole = 0, w
    el = _ELISION.match(w)
    if el and len(w) > el.end():
        w, st = w[el.end():], st + el.end()
    pos = POSSESSIVE_S.search(w) if w[-1:] == "s" else None
    if pos and w[:1].isupper():
        w = w[:pos.start()]            # "Gainesville’s"
    pair = place_pair(gaz, w.rstrip(".")) if "-" in w else None
    if pair:
        cut = len(pair[0])
        return ((st, st + cut, pair[0], True), (st + cut + 1, st + cut + 1 + len(pair[1]), pair[1], True))
    return () if st == 0 and w == whole else ((st, st + len(w), w, False),)


def place_pair(gaz: Gazetteer, name: str) -> tuple[str, str] | None:
    """The two places of "Vouhledar-Maryinka" (a front sector named after two towns): the parts,
    when the whole is no name the gazetteer knows and both capitalised parts are."""
    parts = name.split("-")
    if len(parts) != 2 or not all(len(p) > 3 and p[:1].isupper() for p in parts):
        return None
    if gaz.has_key(normalize_name(name)) or not all(gaz.has_key(normalize_name(p)) for p in parts):
        return None
    return parts[0], parts[1]


def _run(toks, text, i) -> list[int]:
    """The capitalised tokens starting at ``i`` (connectors allowed inside), at most 6."""
    n = len(toks)
    run = [i]
    j = i + 1
    while j < n and len(run) < 6:
        gap = text[toks[j - 1][1]:toks[j][0]]
        if gap not in (" ", "-", " - ") or toks[j][3]:
            break
        prev_w = toks[j - 1][2]
        if prev_w.endswith(".") and not ABBR_TOKEN.fullmatch(prev_w):
            break
        w = toks[j][2]
        if w[:1].isupper():
            run.append(j)
        elif w.lower() in _CONNECTORS and j + 1 < n and toks[j + 1][2][:1].isupper():
            run.append(j)
        else:
            break
        j += 1
    return run


def _person_tokens(gaz: Gazetteer, toks, text, sent_starts=frozenset()) -> set[str]:
    """Words the document uses as surnames: the second of two capitalised words that do not
    make a place name together ("Andy Trapani", "President Obama", "Mary Walker")."""
    out: set[str] = set()
    surname_of = name_cache(gaz, "matcher_surnames")
    for k in range(len(toks) - 1):
        a, b = toks[k], toks[k + 1]
        wa, wb = a[2], b[2]
        if a[3] or b[3] or not (wa[:1].isupper() and wb[:1].isupper()) or text[a[1]:b[0]] != " " \
                or a[0] in sent_starts:
            continue
        pair = (wa, wb)
        kb = surname_of.get(pair, "")
        if kb == "":
            kb = surname_of[pair] = _surname(gaz, wa, wb)
        if kb is not None:
            out.add(kb)
    return out


def _surname(gaz: Gazetteer, wa: str, wb: str) -> str | None:
    """The key of ``wb`` when "wa wb" reads as a person's name, else None (cached by the pair)."""
    if wa.endswith(".") and len(wa) > 4:
        return None
    ka, kb = normalize_name(wa), normalize_name(wb)
    if ka in FEATURE_WORDS or kb in FEATURE_WORDS or ka in _CONNECTORS:
        return None
    if wa.lower() in _STOP_CAPS or wa.lower() in lexicon.COMMON_WORDS and ka.rstrip(".") not in lexicon.PERSON_TITLES:
        return None
    if gaz.has_key(normalize_name(wa + " " + wb)):
        return None
    title = ka.rstrip(".") in lexicon.PERSON_TITLES or ka in lexicon.GIVEN_NAMES
    strong_place = False
    if not title:
        for p, q in gaz.lookup_key(ka):
            f = gaz.feature(p)
            if f in ("country", "region", "continent", "area") or (q == Q_DEMONYM) or pop_of(gaz, p) >= 100000:
                strong_place = True
                break
    return kb if title or not strong_place else None


def _accept(scan: _Scan, s: int, e: int, span: str, run: list[int], length: int, i: int) -> bool | list[int]:
    """Whether the capitalised run ``span`` (its first ``length`` tokens) names a place: True, False,
    or the small places it may name (kept when near the document's other places)."""
    gaz, text, toks, common, sent_starts = scan.gaz, scan.text, scan.toks, scan.common, scan.sent_starts
    lang, min_population, persons = scan.lang, scan.min_population, scan.persons
    key = normalize_name(span)
    if not key or len(key) < 2:
        return False
    if length == 1 and (span.lower() in _STOP_CAPS or span.lower() in lexicon.COMMON_WORDS):
        return False
    if not (gaz.has_key(key) or span.isupper() or is_cyrillic(span) or LEAD_ARTICLE.match(span)):
        return False    # most capitalised runs are no name at all: one bisect, no candidate search
    m = Mention(s, e, span, None, span, before=text[max(0, s - 40):s], theatre=scan.theatre)
    if is_person_like(m, text):      # before the lookups: both only say no, this one cheaply
        return False
    cands, best, best_s = _best_candidate(gaz, m, lang)
    if best is None:
        return False
    p, q = best.place, best.quality
    feat = gaz.feature(p)
    pop = pop_of(gaz, p)
    at_start = s in sent_starts or text[max(0, s - 2):s] in ("\n", "\n\n")
    lower_common = length == 1 and span.lower() in common
    strong = feat in ("country", "continent") or (feat == "region" and best_s >= 2.5) or q == Q_DEMONYM
    if length == 1 and key in persons and not strong:
        return False
    if q == Q_DEMONYM:
        return not lower_common or not at_start
    if lower_common and not (strong and q == Q_OFFICIAL and not at_start):
        return False
    if q == Q_ABBR:
        return bool(ABBR_OK.match(span))
    if q == Q_BASE:
        return False
    if q == Q_ALT and not strong and pop < 300000:
        return False
    # "Madison County" in full (often inside an organisation's name: "Madison County Health Department")
    unit = feat == "district" and q == Q_OFFICIAL and bool(_UNIT_END.search(span))
    # the run goes on with a word that is not a feature word: "Paris Hilton", "Jordan Smith"
    if length < len(run) and toks[run[length]][2][:1].isupper() and not unit:
        nxt = normalize_name(toks[run[length]][2])
        if nxt not in FEATURE_WORDS and not strong and (pop < 100000 or feat not in SETTLEMENT_FEATURES):
            return False
    if i > 0 and length == 1:
        prev = toks[i - 1]
        if prev[2][:1].isupper() and text[prev[1]:s] == " " and not strong and not prev[2].endswith(".") \
                and s not in sent_starts and prev[2].lower() not in _STOP_CAPS:
            return False     # the second word of a name the gazetteer does not know
    if feat in ("country", "continent", "area", "sea", "landmark", "site"):
        return True
    if feat == "region":
        return best_s >= 2.5 or bool(STRONG_SETTLEMENT_CUE.search(text[max(0, s - 30):s]))
    if feat == "district":
        return unit     # not a county's bare base name ("Madison")
    before = text[max(0, s - 30):s]
    if gaz.country(p) == "UA" and (feat in ("city", "town") or _OBLAST_AFTER.match(text[e:e + 40])):
        return True     # Ukrainian towns of any size; a village when its oblast follows ("X, Kherson oblast")
    if int(gaz.flags[p]) & FLAG_CAPITAL and q == Q_OFFICIAL:
        return True
    if pop >= min_population and not (at_start and q != Q_OFFICIAL):
        return True
    if STRONG_SETTLEMENT_CUE.search(before):
        return True
    if q == Q_OFFICIAL and not lower_common and not (length == 1 and key in persons):
        return [c.place for c in cands if c.quality == Q_OFFICIAL and gaz.feature(c.place) in SETTLEMENT_FEATURES]
    return False


def _best_candidate(gaz: Gazetteer, m: Mention, lang: str) -> tuple[list[Cand], Cand | None, float]:
    """A capitalised run's exact (or lemma) candidates and the one of best prior (cached by name)."""
    cache = name_cache(gaz, "matcher_best")
    key = (mention_key(m), lang)
    hit = cache.get(key)
    if hit is None:
        cands = [c for c in mention_candidates(gaz, m, 0, exact_only=True) if c.via in ("exact", "lemma")]
        best = None
        best_s = -1e9
        for c in cands:
            pr = prior(gaz, c, m, lang)
            if pr is not None and pr > best_s:
                best, best_s = c, pr
        hit = cache[key] = (cands, best, best_s)
    return hit


_THEATRE_QUALITIES = (Q_OFFICIAL, Q_ALT, Q_TRANSLIT)


def _theatre_scored(gaz: Gazetteer, m: Mention, lang: str) -> list[tuple[float, Cand]]:
    """The candidates a theatre town may be, with their priors (cached by name)."""
    cache = name_cache(gaz, "matcher_theatre")
    key = (mention_key(m), lang)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = [(pr, c) for c in mention_candidates(gaz, m, 0, exact_only=True)
                            if c.via in ("exact", "lemma", "fuzzy") and c.quality in _THEATRE_QUALITIES
                            and (pr := prior(gaz, c, m, lang)) is not None]
    return hit


def _theatre_town(scan: _Scan, s: int, e: int, span: str, i: int) -> bool:
    """In a war report, a capitalised name of a town of the theatre, or of a village that no other
    settlement shares (or whose oblast follows), is that place, whatever the capitalised words
    around it: captions capitalise every word ("Damage to Residences Kramatorsk", "Shelled
    Lysychansk") and the NER reads such runs as persons. Near-miss spellings count ("Popsana").
    In other texts only a town no place abroad shares its name with ("Mariupol") is."""
    gaz, text, toks = scan.gaz, scan.text, scan.toks
    key = normalize_name(span)
    if len(key) < 4 or is_cyrillic(span) or key in _STOP_CAPS or key in lexicon.COMMON_WORDS \
            or key in lexicon.GIVEN_NAMES or key in scan.named_persons \
            or (" " not in key and span.lower() in scan.common):
        return False
    if i > 0 and text[toks[i - 1][1]:s] == " ":
        prev = normalize_name(toks[i - 1][2]).rstrip(".")
        if prev in lexicon.PERSON_TITLES or prev in lexicon.GIVEN_NAMES:
            return False    # "Mr Lyman", "Anna Sumy": a person
    if not (gaz.has_key(key) or (scan.theatre and " " not in key and len(key) >= 5)):
        return False
    region = named_region(gaz, text, e)
    if not scan.theatre and not any(theatre_settlement(gaz, p) for p, _ in gaz.lookup_key(key)) \
            and region is None:
        return False    # most names of other texts: one lookup, no scoring
    # "Pokrovsk, Donetsk Region": an oblast of the theatre written after the name makes it a war report's
    theatre = scan.theatre or (region is not None and in_theatre(gaz, region))
    m = Mention(s, e, span, None, span, before=text[max(0, s - 40):s], theatre=theatre)
    if is_person_like(m, text):
        return False
    scored = _theatre_scored(gaz, m, scan.lang)
    if not scored:
        return False
    best = max(scored, key=lambda x: x[0])[1].place
    if not in_theatre(gaz, best) or gaz.feature(best) not in SETTLEMENT_FEATURES:
        return False
    if not theatre:    # a town, by its own name or a romanisation of it, that no place abroad shares
        return theatre_settlement(gaz, best) and int(gaz.pop[best]) > 0 \
            and all(in_theatre(gaz, p) for p, q in gaz.lookup_key(key) if q in (Q_OFFICIAL, Q_TRANSLIT)) \
            and any(c.place == best and c.quality in (Q_OFFICIAL, Q_TRANSLIT) for _, c in scored)
    if theatre_settlement(gaz, best) or region is not None:
        return True
    if not fuzzy_context(text[max(0, s - 30):s]):
        return False    # a village needs words that expect a place before it ("near", "shelled")
    # a village: only when every settlement of that name is that one place
    lat, lon = float(gaz.lat[best]), float(gaz.lon[best])
    return all(gaz.feature(c.place) not in SETTLEMENT_FEATURES
               or haversine_km(lat, lon, float(gaz.lat[c.place]), float(gaz.lon[c.place])) < 25
               for _, c in scored)


def _theatre_span(scan: _Scan, s: int, e: int, span: str, i: int) -> PlaceMention | None:
    """:func:`_theatre_town` on a span, without the full stop a short last word kept ("Krivoy Rog.")."""
    if span.endswith(".") and scan.gaz.has_key(normalize_name(span[:-1])):
        e, span = e - 1, span[:-1]
    return PlaceMention(s, e, span, strong=True) if _theatre_town(scan, s, e, span, i) else None


def _lowercase_romanisations(scan: _Scan, out: dict[tuple[int, int], PlaceMention]) -> None:
    """War reports written carelessly lowercase town names: one romanised with apostrophes, where
    a place is expected, that names (or nearly names) exactly one town of the theatre, is it."""
    gaz, text = scan.gaz, scan.text
    for mm in ROMANISED.finditer(text):
        s, e = mm.span()
        if (s, e) in out or not fuzzy_context(text[max(0, s - 30):s]):
            continue
        name = mm.group()[:1].upper() + mm.group()[1:]
        hits = [p for p, q in gaz.lookup(name) if q in _THEATRE_QUALITIES and theatre_settlement(gaz, p)] \
            or fuzzy_theatre(gaz, name)
        if hits and len({gaz.name(p) for p in hits}) == 1:
            out[(s, e)] = PlaceMention(s, e, mm.group(), strong=True)
