"""Geocoding of place mentions against the offline gazetteer (:mod:`khronika.kb.gazetteer`).

Pure functions over text and character offsets (no spaCy needed):

* :func:`geocode_entities` resolves entities — each a group of :class:`PlaceMention` — to a
  :class:`GeoResolution` (or ``None``) whose ``geo`` is the contract's ``geo`` object.
* :func:`find_place_candidates` is a gazetteer matcher for names the NER may miss (capitalised
  names of 1–4 tokens, "région de X" / "X Oblast" / "Xська область" patterns), kept to
  unambiguous or large enough places.
* :func:`geocode_text` runs the matcher and the geocoder together (one entity per name).

Disambiguation scores every candidate of an entity with a prior (feature type, population,
capital, how well the name matched; a town named after a country or state it does not name
loses to it) plus document context (:mod:`khronika.nlp.geocontext`: the countries and
first-level regions of the document's other places, containment in a region the document
names, distance to its other places, and the regions the other entities' plausible readings
share), iterating until the choices are stable.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from khronika.kb.gazetteer import (ADJ_PREFIX, CODE_PREFIX, Q_ABBR, Q_ADJ, Q_ALT, Q_BASE, Q_DEMONYM, Q_OFFICIAL, Q_TRANSLIT,
                                   Gazetteer, cyrillic_language, get_gazetteer, haversine_km, is_cyrillic,
                                   normalize_name)
from khronika.kb.gazetteer import curated
from khronika.nlp.geocontext import Context, JointSupport, context_score
from khronika.nlp.geoqualify import QUALIFIED_BONUS, in_qualifier, qualifier_groups

__all__ = ["PlaceMention", "GeoResolution", "geocode_entities", "find_place_candidates", "geocode_text",
           "group_mentions", "region_marker"]


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    lemma: str | None = None
    label: str | None = None    # optional NER label; "NORP" mentions resolve only as demonyms / countries


@dataclass
class GeoResolution:
    name: str                      # canonical English / official name
    geo: dict                      # the contract's geo object
    metonymy: bool = False         # the place stands for its government (Kremlin, Pékin said ...)
    kind: str = "toponym"          # toponym | demonym | enclosing (a site placed in its enclosing place)
    place_id: str | None = None    # gn:<geonames id>, ua:<KATOTTG code>, iso:<ISO code>, site:..., area:...
    matched: str | None = None     # the mention text that resolved
    alternatives: list[str] = field(default_factory=list)   # runner-up place ids


# ---------------------------------------------------------------------------------------
# mention analysis
_QUOTES = "\"'«»“”„‘’`()[]"
_LEAD_ARTICLE = re.compile(r"^(?:the|la|le|les|l['’]|el|al-|die|der|das)\s*", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_POSSESSIVE_S = re.compile(r"['’]s$")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_CODE_DROP = re.compile(r"[.\s]")
_ABBR_TOKEN = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-zA-Z]{0,3}\.")
_ABBR_END = re.compile(r"(?:\b[A-Z]\.)+$|\b[A-Z][a-z]{1,4}\.$")
_FR_PREFIX = re.compile(
    r"^(?:(?:la|le|l['’]|les)\s*)?(?P<m>régions?|oblasts?|provinces?|républiques?|districts?|raïons?|raions?|"
    r"rayons?|comtés?|départements?|territoires?|villes?|villages?|localités?|communes?|agglomérations?|"
    r"périphérie|environs|secteurs?|zones?|direction|axe|front|faubourgs?|banlieue|quartiers?|site|centrale)"
    r"\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|d’)(?P<b>.+)$", re.I)
_EN_PREFIX = re.compile(
    r"^(?:the\s+)?(?P<m>regions?|oblasts?|provinces?|districts?|raions?|rayons?|city|town|village|settlement|"
    r"republic|outskirts|suburbs?|area|vicinity|direction|county|state)\s+of\s+(?P<b>.+)$", re.I)
_SUFFIX = re.compile(
    r"^(?P<b>.+?)[\s-]+(?P<m>oblast|region|province|krai|kray|district|raion|rayon|county|parish|governorate|"
    r"state|prefecture|direction|axis|front|sector|area|city|town|village)$", re.I)
# "Northeast Georgia", "southern Lebanon": a part of a place; the whole name first ("South Africa")
_DIRECTION = re.compile(r"^(?P<m>(?:north|south)(?:[\s-]?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central|"
                        r"upper|lower|nord|sud|est|ouest)\s+(?P<b>[A-Z].+)$", re.I)
_CYR_REGION = re.compile(
    r"^(?P<a>[\w’'ʼ\-]+)\s+(?P<m>област[ьіиюи]|областью|обл\.?|кра[йюяї]|краї|район[іуаеом]*|громад[аиіу]|"
    r"республик[аиеу]|республік[аиіу])$", re.I)
_CYR_PREFIX = re.compile(
    r"^(?P<m>місто|міста|місті|містом|село|села|селі|селом|селище|селища|селищі|смт|город|города|городе|"
    r"деревня|деревни|деревне|поселок|посёлок|поселке|посёлке|поселка|посёлка|станиц[аеиы]|район[іе]?|"
    r"області|области|околиц[яіи]|околиц[аеы]|напрямк[уи]|направлени[иея])\s+(?P<b>.+)$", re.I)
_SITE_NUMBER = re.compile(r"^(?P<b>[^\d]+?)[\s-]+(?P<n>\d{1,3})$")

_REGION_MARKERS = {"région", "régions", "oblast", "oblasts", "province", "provinces", "république",
                   "républiques", "region", "regions", "krai", "kray", "governorate", "prefecture", "republic",
                   "state", "département", "départements", "territoire", "territoires"}
_DISTRICT_MARKERS = {"district", "districts", "raion", "raions", "raïon", "raïons", "rayon", "rayons", "county",
                     "parish", "comté", "comtés"}
_SETTLEMENT_MARKERS = {"ville", "villes", "village", "villages", "localité", "localités", "commune", "communes",
                       "city", "town", "settlement", "agglomération", "agglomérations"}
_SITE_WORDS = re.compile(
    r"\b(?:ravine|balka|street|avenue|road|highway|bridge|dam|plant|factory|works|airport|airfield|air base|base|"
    r"station|port|harbou?r|district|neighbou?rhood|quarter|village|settlement|forest|woods?|river|lake|hills?|"
    r"heights?|mine|quarry|farm|township|park|square|camp|depot|warehouse|terminal|refinery|site|"
    r"rue|boulevard|pont|barrage|usine|aéroport|aérodrome|gare|quartier|forêt|rivière|fleuve|lac|colline|"
    r"hauteurs?|mine|ferme|dépôt|camp|site|centrale|"
    r"вулиц[яіи]|проспект|міст|мост|завод|аеропорт|аэропорт|станці[яї]|станци[яи]|село|селище|ліс|лес|річк[аи]|"
    r"река|озеро|висот[аи]|высот[аы]|шахт[аи]|база|склад)\b", re.I)
_VICINITY_MARKERS = {"périphérie", "environs", "secteur", "secteurs", "zone", "zones", "direction", "axe", "front",
                     "faubourg", "faubourgs", "banlieue", "quartier", "quartiers", "outskirts", "suburb", "suburbs",
                     "area", "vicinity", "axis", "sector", "site", "centrale"}

_FEATURE_WORDS = {
    "oblast", "region", "province", "county", "parish", "district", "raion", "city", "state", "river", "lake",
    "street", "st", "avenue", "ave", "road", "rd", "valley", "mountains", "mountain", "bay", "island", "islands",
    "university", "college", "school", "police", "department", "council", "court", "hospital", "airport",
    "station", "park", "bridge", "dam", "plant", "port", "sea", "gulf", "strait", "peninsula", "heights",
    "township", "borough", "village", "town", "sheriff", "sheriff's", "fire", "public", "high", "middle",
    "elementary", "community", "county's", "times", "post", "herald", "news", "tribune", "journal", "daily",
    "board", "commission", "republic", "people's", "metro", "area", "federation",
}


@dataclass
class _Mention:
    start: int
    end: int
    surface: str
    lemma: str | None
    base: str                       # the name part ("Donetsk" of "région de Donetsk")
    marker: str | None = None       # region | district | settlement | vicinity | None
    adj_key: str | None = None      # "@adj:obl донецк"
    site_number: str | None = None  # "22" of "Belgorod-22"
    label: str | None = None
    before: str = ""                # the text just before the mention
    direction: bool = False         # "Northeast Georgia": base is the place, the mention a part of it


def _clean(s: str) -> str:
    s = s.strip().strip(_QUOTES).strip()
    s = _POSSESSIVE.sub("", s).strip()
    return s.rstrip(".,;:!?").strip() if not _INITIAL_END.search(s) else s.strip()


def _analyse(m: PlaceMention, text: str) -> _Mention:
    surface = text[m.start:m.end] if text and 0 <= m.start < m.end <= len(text) else m.text
    s = _clean(surface)
    out = _Mention(m.start, m.end, surface, m.lemma, s, label=(m.label or None),
                   before=text[max(0, m.start - 40):m.start] if text else "")
    for pat, kind in ((_FR_PREFIX, "prefix"), (_EN_PREFIX, "prefix"), (_SUFFIX, "suffix"), (_DIRECTION, "dir")):
        mm = pat.match(s)
        if mm:
            out.base = _clean(mm.group("b"))
            out.marker = "vicinity" if kind == "dir" else _marker_class(mm.group("m").lower())
            out.direction = kind == "dir"
            break
    else:
        mm = _CYR_REGION.match(s)
        if mm:
            marker = mm.group("m").lower()
            stem = _adj_stem_any(mm.group("a"))
            cls = "district" if marker.startswith(("район", "громад")) else "region"
            if stem:
                out.adj_key = f"{ADJ_PREFIX}{'rai' if cls == 'district' else 'obl'} {stem}"
            out.base = mm.group("a")
            out.marker = cls
        else:
            mm = _CYR_PREFIX.match(s)
            if mm:
                marker = mm.group("m").lower()
                out.base = _clean(mm.group("b"))
                out.marker = ("region" if marker.startswith(("област",)) else
                              "district" if marker.startswith("район") else
                              "vicinity" if marker.startswith(("околиц", "напрям", "направл")) else "settlement")
                if out.marker == "region":
                    stem = _adj_stem_any(out.base.split()[0])
                    if stem:
                        out.adj_key = f"{ADJ_PREFIX}obl {stem}"
    if out.marker is None and text:
        out.marker, adj = _context_marker(text, m.start, m.end)
        if adj:
            out.adj_key = adj
    mm = _SITE_NUMBER.match(out.base)
    if mm:
        out.site_number = mm.group("n")
    return out


_CTX_BEFORE = re.compile(
    r"(?:\b(?P<m>régions?|oblasts?|provinces?|districts?|raïons?|raions?|rayons?|regions?|"
    r"périphérie|environs|outskirts|vicinity|suburbs?|village|villages|localité|town|settlement)\s+"
    r"(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’]|of\s+(?:the\s+)?))$", re.I)
_CTX_AFTER = re.compile(r"^[\s-]+(?P<m>[Oo]blast|[Rr]egion|[Pp]rovince|[Kk]rai|[Rr]aion|[Rr]ayon|[Dd]istrict)\b")
_CTX_AFTER_CYR = re.compile(r"^\s+(?P<m>област[ьіиюи]|областю|областью|обл\.|кра[йюяї]|район[іуаеом]*)\b", re.I)


def region_marker(text: str, start: int, end: int) -> str | None:
    """The kind of place the words around a name make it: "région de Belgorod" -> "region",
    "Bakhmut district" -> "district", "village de Klishchiivka" -> "settlement",
    "la périphérie de Bakhmout" -> "vicinity"; None for a bare name."""
    return _context_marker(text, start, end)[0]


def _context_marker(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    before = text[max(0, start - 40):start]
    after = text[end:end + 30]
    mm = _CTX_BEFORE.search(before)
    if mm:
        return _marker_class(mm.group("m")), None
    mm = _CTX_AFTER.match(after)
    if mm:
        return _marker_class(mm.group("m")), None
    mm = _CTX_AFTER_CYR.match(after)
    if mm and is_cyrillic(text[start:end]):
        stem = _adj_stem_any(text[start:end].split()[-1])
        cls = "district" if mm.group("m").lower().startswith("район") else "region"
        return cls, (f"{ADJ_PREFIX}{'rai' if cls == 'district' else 'obl'} {stem}" if stem else None)
    return None, None


def _marker_class(marker: str) -> str:
    marker = marker.lower()
    if marker in _REGION_MARKERS:
        return "region"
    if marker in _DISTRICT_MARKERS:
        return "district"
    if marker in _SETTLEMENT_MARKERS:
        return "settlement"
    return "vicinity"


def _adj_stem_any(word: str) -> str | None:
    from khronika.kb.gazetteer import adjective_stem
    st = adjective_stem(word)
    if st:
        return st
    lem = _morph_forms(word)
    for w in lem:
        st = adjective_stem(w)
        if st:
            return st
    return None


# ---------------------------------------------------------------------------------------
# morphology (Ukrainian / Russian inflected names)
_MORPH: dict[str, object] = {}


def _morph(lang: str):
    if lang not in _MORPH:
        try:
            import pymorphy3
            _MORPH[lang] = pymorphy3.MorphAnalyzer(lang=lang)
        except Exception:       # dictionaries missing: suffix rules only
            _MORPH[lang] = None
    return _MORPH[lang]


_SUFFIX_RULES = [
    ("ці", "ка"), ("ки", "ка"), ("ку", "ка"), ("кою", "ка"), ("ке", "ка"), ("кой", "ка"), ("ою", "а"), ("ої", "а"),
    ("ої", "я"), ("ій", "а"), ("ій", "я"), ("і", "а"), ("і", "я"), ("і", ""), ("і", "ь"), ("у", ""), ("у", "ь"),
    ("а", ""), ("а", "ь"), ("ом", ""), ("ем", "ь"), ("ові", ""), ("ю", "я"), ("ю", "ь"), ("е", "а"), ("е", ""),
    ("ы", "а"), ("ой", "а"), ("ом", "о"), ("и", "а"), ("и", "я"), ("я", "ь"), ("еві", "ь"), ("ем", ""),
    ("ого", "е"), ("ого", "ий"), ("ому", "ий"), ("ому", "е"), ("ім", "е"), ("ом", "е"), ("ах", "и"),
]


@lru_cache(maxsize=20000)
def _morph_forms(word: str) -> tuple[str, ...]:
    """Candidate dictionary forms of an inflected Cyrillic word, most likely first."""
    if not is_cyrillic(word):
        return ()
    low = word.lower()
    lang = cyrillic_language(word)
    out: list[str] = []
    for lg in ([lang] if lang else ["uk", "ru"]):
        an = _morph(lg)
        if an is None:
            continue
        for p in an.parse(low)[:6]:
            nf = p.normal_form
            if nf not in out:
                out.append(nf)
    for suf, rep in _SUFFIX_RULES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            cand = low[: -len(suf)] + rep
            if cand not in out:
                out.append(cand)
    return tuple(out)


def _lemma_keys(s: str) -> list[str]:
    """Keys of dictionary forms of a (possibly multi-word) inflected Cyrillic name."""
    words = s.split()
    if not words or len(words) > 3:
        return []
    options = [list(_morph_forms(w))[:5] or [w.lower()] for w in words]
    keys: list[str] = []
    if len(words) == 1:
        keys = [normalize_name(o) for o in options[0]]
    else:
        # first options of each word, then each word varied alone
        base = [o[0] for o in options]
        keys.append(normalize_name(" ".join(base)))
        for i, opts in enumerate(options):
            for o in opts[1:]:
                alt = list(base)
                alt[i] = o
                keys.append(normalize_name(" ".join(alt)))
        keys.append(normalize_name(" ".join(words)))
    return list(dict.fromkeys(k for k in keys if k))


# ---------------------------------------------------------------------------------------
# candidates
@dataclass
class _Cand:
    place: int
    quality: int
    via: str          # exact | base | lemma | loose | adj
    mention: int      # index of the mention in its group


_DEMONYM_ENDINGS = (("ians", "ia"), ("ian", "ia"), ("ans", "a"), ("an", "a"), ("ans", ""), ("an", ""),
                    ("ese", ""), ("ese", "a"), ("is", ""), ("i", ""), ("ers", ""), ("er", ""))
_ABBR_OK = re.compile(r"^(?:[A-Z]\.){1,3}[A-Z]?\.?$|^[A-Z]{2,5}$|^[A-Z][a-z]{1,4}\.$|^[A-Z]\.\s?[A-Z][a-z]\.$")


def _mention_candidates(gaz: Gazetteer, m: _Mention, mi: int, *, exact_only: bool = False) -> list[_Cand]:
    """Candidates of one mention; ``exact_only`` (the matcher) skips the loose and part lookups it would drop."""
    out: list[_Cand] = []
    seen: set[int] = set()

    def add(hits, via):
        for p, q in hits:
            if p in seen:
                continue
            seen.add(p)
            out.append(_Cand(p, q, via, mi))

    if m.adj_key:
        add(gaz.lookup_key(m.adj_key), "adj")
    code = _CODE_DROP.sub("", m.base) if len(m.base) <= 8 else ""
    if 2 <= len(code) <= 3 and code.isupper() and code.isalpha() and m.marker is None:
        # ISO alpha-3 codes ("UKR"), US postal codes after a town ("Paris, TX")
        if len(code) == 3 or re.search(r"[A-Z][\w.’'-]*,\s*$", m.before):
            add(gaz.lookup_key(CODE_PREFIX + code.lower()), "exact")
    full = normalize_name(m.surface.strip().strip(_QUOTES))
    if full and (m.marker is None or m.marker in ("district", "region", "settlement") or m.direction):
        add(gaz.lookup_key(full), "exact")
    base_key = normalize_name(m.base)
    if base_key and not (m.direction and out):
        add(gaz.lookup_key(base_key), "base" if m.marker else "exact")
        stripped = _LEAD_ARTICLE.sub("", m.base)
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
        add(gaz.lookup_key(normalize_name(_clean(m.lemma))), "lemma")
    if not out and is_cyrillic(m.base):
        for k in _lemma_keys(m.base):
            hits = gaz.lookup_key(k)
            if hits:
                add(hits, "lemma")
                break
    if exact_only:
        return out
    if not out and m.site_number is None:
        add(gaz.lookup_loose(m.base), "loose")
    if not out and "-" in m.base and m.site_number is None:
        # "Vouhledar-Maryinka": a front sector named after two places; the first one, coarser
        parts = [x for x in m.base.split("-") if len(x) > 2]
        if len(parts) == 2 and all(x[:1].isupper() for x in parts):
            add(gaz.lookup_key(normalize_name(parts[0])), "part")
    return out


# ---------------------------------------------------------------------------------------
# scoring
_FEATURE_PRIOR = {"country": 3.3, "continent": 3.0, "area": 3.0, "sea": 2.5, "landmark": 3.0, "site": 3.0,
                  "district": 1.0}
_KATOTTG_POP = {"city": 8000, "town": 1500, "village": 300}
_QUALITY_PRIOR = {Q_OFFICIAL: 0.0, Q_ALT: -0.9, Q_TRANSLIT: -0.15, Q_BASE: -1.6, Q_DEMONYM: -0.1, Q_ABBR: -0.4,
                  Q_ADJ: 0.0}
_VIA_PRIOR = {"demonym": -0.1, "exact": 0.0, "base": 0.0, "adj": 0.0, "lemma": -0.15, "loose": -0.8, "part": -0.5}
_SETTLEMENT_FEATURES = {"city", "town", "village"}


_REGION_PRIOR: dict[int, dict[str | None, float]] = {}


def _region_prior(gaz: Gazetteer, cc: str | None) -> float:
    """First-level regions weigh by the average population per region of their country:
    US states and Ukrainian oblasts above the districts of small countries."""
    table = _REGION_PRIOR.get(id(gaz))
    if table is None:
        import numpy as np
        fr = gaz.features.index("region")
        fc = gaz.features.index("country")
        regions = Counter(int(x) for x in gaz.cc[gaz.feat == fr])
        table = {}
        for i in np.nonzero(gaz.feat == fc)[0]:
            code = int(gaz.cc[i])
            n = regions.get(code, 0)
            pop = int(gaz.pop[i])
            if n and pop:
                table[gaz.country(int(i))] = max(1.8, min(3.4, 0.5 * math.log10(pop / n) - 0.3))
        _REGION_PRIOR[id(gaz)] = table
    return table.get(cc, 2.3)


def _clean_keep_dot(s: str) -> str:
    return s.strip().strip(_QUOTES).strip()


def _pop_of(gaz: Gazetteer, p: int) -> int:
    pop = int(gaz.pop[p])
    if pop <= 0:
        pop = _KATOTTG_POP.get(gaz.feature(p), 0)
    return pop


def _prior(gaz: Gazetteer, c: _Cand, m: _Mention, lang: str) -> float | None:
    feat = gaz.feature(c.place)
    flags = int(gaz.flags[c.place])
    q = c.quality
    marker = m.marker
    # marker filters
    if marker == "region" and feat not in ("region", "area") and c.via != "exact":
        return None
    if marker == "district" and feat not in ("district", "region") and c.via != "exact":
        return None
    if marker == "settlement" and feat not in _SETTLEMENT_FEATURES:
        return None
    if m.site_number is not None and c.via != "exact":
        return None
    if q == Q_ABBR and not (_ABBR_OK.match(m.base.strip()) or _ABBR_OK.match(_clean_keep_dot(m.surface))):
        return None
    if q == Q_DEMONYM and feat not in ("country", "continent", "region"):
        return None
    if feat == "region":
        s = _region_prior(gaz, gaz.country(c.place))
    elif feat in _FEATURE_PRIOR:
        s = _FEATURE_PRIOR[feat]
    else:
        s = 0.45 * math.log10(_pop_of(gaz, c.place) + 10)
    if flags & 1 and q == Q_OFFICIAL:   # capital (by its own name: "Mexico" is the country)
        s += 1.2
    if flags & 16:  # admin seat
        s += 0.3
    if flags & 8:   # approximate coordinates
        s -= 0.15
    if q == Q_BASE and marker in ("region", "district"):
        s += 0.0
    else:
        s += _QUALITY_PRIOR.get(q, 0.0)
    if q == Q_BASE and feat == "district" and marker is None:
        s -= 0.8    # bare "Douglas" is rarely Douglas County
    s += _VIA_PRIOR.get(c.via, 0.0)
    if marker == "region" and feat in ("region", "area"):
        s += 1.5
    elif marker in ("region", "district") and feat in _SETTLEMENT_FEATURES:
        s -= 1.5    # "région de Donetsk" says region, however near the document's towns the city is
    if marker == "district" and feat == "district":
        s += 1.5
    # languages whose news is about their own country first
    cc = gaz.country(c.place)
    if lang == "uk" and cc == "UA":
        s += 0.4
    elif lang == "ru" and cc in ("RU", "UA"):
        s += 0.3
    return s


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


# ---------------------------------------------------------------------------------------
# guards
_TOKEN_AFTER = re.compile(r"\s*([^\W\d_][\w'’\-]*)")
_TOKEN_BEFORE = re.compile(r"([^\W\d_][\w'’\-\.]*)\s*$")


def _is_person_like(m: _Mention, text: str) -> bool:
    """A given name that is also a place, followed by a surname or preceded by a title."""
    key = normalize_name(m.base)
    if not text:
        return False
    before = _TOKEN_BEFORE.search(text[max(0, m.start - 30):m.start])
    if before and normalize_name(before.group(1)).rstrip(".") in curated.PERSON_TITLES and key in curated.GIVEN_NAMES:
        return True
    if key not in curated.GIVEN_NAMES or " " in key:
        return False
    after = _TOKEN_AFTER.match(text, m.end)
    if after:
        nxt = after.group(1)
        if nxt[:1].isupper() and normalize_name(nxt) not in _FEATURE_WORDS and text[m.end:after.start(1)].strip() == "":
            return True
    return False


_LOCATIVE = re.compile(r"(?:\b(?:à|au|aux|en|dans|vers|près de|in|at|near|to|into|from|у|в|во|на|під|біля|под|около|із|з|из)\s+"
                       r"(?:la |le |l['’]|the )?)$", re.I)
_GOV_CUES_AFTER = re.compile(
    r"^\s*(?:a |has |have |had |will |would |is |was |also |ne |n['’]|s['’]|se |l['’]|a-t-il |aurait |va |veut |"
    r"a également |already |)*(?:déclar|affirm|accus|exig|refus|veut|voul|dénonc|annonc|estim|répond|prévien|menac|"
    r"réclam|rejet|nié|nie |salu|condamn|assur|insist|souhait|propos|appel|demand|consid|sa[iy]|told|claim|warn|"
    r"den[yi]|insist|accus|want|refus|reject|announc|urg|demand|condemn|welcom|respond|call|threat|believ|"
    r"заяв|вимаг|відмов|звинув|требу|отказ|обвин|считае|вважа|наполяга|настаива|пригрози|погрожу)", re.I)
_GOV_CUES_BEFORE = re.compile(
    r"(?:efforts?|position|politique|décision|pression|diplomatie|régime|porte-parole|autorités|gouvernement|"
    r"spokesman|spokeswoman|spokesperson|officials?|policy|decision|pressure|diplomacy|regime|government|"
    r"relations\s+(?:entre|between)|entre|between|de la part|on behalf)\s+(?:de |d['’]|du |of |the |with )?(?:la |le |l['’])?$",
    re.I)


def _metonymic_mention(gaz: Gazetteer, p: int, m: _Mention, text: str, capitals_in_doc: set[str]) -> bool:
    flags = int(gaz.flags[p])
    is_gov = bool(flags & 2)
    is_capital = bool(flags & 1)
    if not (is_gov or is_capital) or not text:
        return False
    before = text[max(0, m.start - 40):m.start]
    after = text[m.end:m.end + 60]
    if is_gov:
        # "les murs du Kremlin", "inside the White House": the building itself
        if re.search(r"(?:murs?|enceinte|intérieur|walls?|inside|lawn|grounds|palais|bâtiment|building|"
                     r"стін[иа]|стены|стен)\s+(?:du |de la |de l['’]|of the |of |des )?(?:la |le |l['’]|the )?$",
                     before, re.I):
            return False
        return True
    if _LOCATIVE.search(before):
        return False
    if _GOV_CUES_AFTER.match(after) or _GOV_CUES_BEFORE.search(before):
        return True
    # "Kyiv et Moscou", "Washington and Beijing"
    pair = re.match(r"^\s*(?:et|and|і|и|та|ou|or)\s+([^\W\d_][\w’'\-]+)", after)
    if pair and normalize_name(pair.group(1)) in capitals_in_doc:
        return True
    pair = re.search(r"([^\W\d_][\w’'\-]+)\s+(?:et|and|і|и|та|ou|or)\s+$", before)
    if pair and normalize_name(pair.group(1)) in capitals_in_doc:
        return True
    if re.match(r"^['’]s\s", text[m.end:m.end + 3]):
        return True   # "Beijing's position"
    return False


# ---------------------------------------------------------------------------------------
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


_DOTTED_ABBR = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z]?[a-z]{0,3}\.?$|^[A-Z][a-z]{1,4}\.$")


def _score_group(gaz, ms, lang, scored):
    for mi, m in enumerate(ms):
        cands = _mention_candidates(gaz, m, mi)
        surface = _clean_keep_dot(m.surface)
        if _DOTTED_ABBR.match(surface) and any(c.quality == Q_ABBR for c in cands):
            # "Kan.", "W.Va.", "Pa.": the abbreviation, not a place that happens to share the letters
            cands = [c for c in cands if c.quality == Q_ABBR]
        if any(c.quality == Q_DEMONYM and c.via == "exact" for c in cands):
            # "Canadian", "Russian": the country, not a small town of that name
            cands = [c for c in cands if c.quality == Q_DEMONYM or _pop_of(gaz, c.place) >= 100000
                     or gaz.feature(c.place) in ("country", "region", "continent")]
        if m.label == "NORP":
            cands = [c for c in cands if c.quality == Q_DEMONYM
                     or gaz.feature(c.place) in ("country", "continent", "area")
                     or (c.via == "demonym" and gaz.feature(c.place) == "region")]
        for c in cands:
            pr = _prior(gaz, c, m, lang)
            if pr is None:
                continue
            old = scored.get(c.place)
            if old is None or pr > old[1]:
                scored[c.place] = (c, pr)


_QUALIFIED = re.compile(r"^,\s*(?:[A-Z][a-z]{1,4}\.|[A-Z]{2}\b|[A-Z][a-z]+)")
NAMESAKE_PENALTY = 2.0
NAMESAKE_MIN_LEAD = 0.5   # swept on the even halves with NAMESAKE_PENALTY


def _namesake_penalty(gaz: Gazetteer, ranked: list[tuple[_Cand, float]], ms: list[_Mention],
                      text: str) -> list[tuple[_Cand, float]]:
    """A name that is officially a country's or first-level region's ("Mexico", "Nevada") names
    it, not a town called after it, unless a mention says which town ("Mexico, Mo."): the towns'
    priors drop, as the context of a document listing states would otherwise carry them
    (Nevada, Ohio in a list that names Ohio)."""
    names = [pr for c, pr in ranked if c.quality == Q_OFFICIAL and c.via == "exact"
             and gaz.feature(c.place) in ("country", "region")]
    towns = [pr for c, pr in ranked if gaz.feature(c.place) in _SETTLEMENT_FEATURES]
    # only where the country or region already leads on its own (a large unit: a state, not a county
    # named after its town); the context would otherwise carry the town past it
    if not names or not towns or max(names) < max(towns) + NAMESAKE_MIN_LEAD:
        return ranked
    if text and any(_QUALIFIED.match(text[m.end:m.end + 20]) or _STRONG_SETTLEMENT_CUE.search(m.before)
                    for m in ms):
        return ranked
    out = [(c, pr - NAMESAKE_PENALTY if gaz.feature(c.place) in _SETTLEMENT_FEATURES
            and not int(gaz.flags[c.place]) & 1 else pr) for c, pr in ranked]
    return sorted(out, key=lambda x: -x[1])


def geocode_entities(groups: list[list[PlaceMention]], text: str, lang: str = "en", *,
                     gazetteer: Gazetteer | None = None) -> list[GeoResolution | None]:
    """Resolve each entity (a group of its mentions in ``text``) to a place, or ``None``."""
    gaz = gazetteer or get_gazetteer()
    lang = (lang or "en").lower()[:2]
    doc = _Doc(text or "")
    analysed: list[list[_Mention]] = []
    cands: list[list[tuple[_Cand, float]]] = []
    blocked: list[bool] = []
    for group in groups:
        ms = [_analyse(m, text) for m in group]
        analysed.append(ms)
        person = bool(ms) and all(_is_person_like(m, text) for m in ms)
        blocked.append(person)
        scored: dict[int, tuple[_Cand, float]] = {}
        if not person:
            _score_group(gaz, ms, lang, scored)
            if not scored and any(m.marker in ("region", "district") for m in ms):
                # "la région de Lytak": the area around a place, not a region of that name
                for m in ms:
                    if m.marker in ("region", "district"):
                        m.marker, m.adj_key = "vicinity", None
                _score_group(gaz, ms, lang, scored)
        ranked = sorted(scored.values(), key=lambda x: -x[1])[:60]
        cands.append(_namesake_penalty(gaz, ranked, ms, text))

    ctx = Context(gaz)
    support = JointSupport(gaz, cands)
    quals = qualifier_groups(analysed, text or "")
    choice: list[int | None] = [None] * len(groups)
    final: list[float] = [0.0] * len(groups)
    margin: list[float] = [0.0] * len(groups)

    def weight_of(gi, score, mar):
        n = len(analysed[gi])
        w = (0.5 + min(mar, 2.0) / 2.0) * (1.0 + 0.3 * min(n - 1, 3))
        c = cands[gi][0][0] if cands[gi] else None
        if c is not None and c.quality == Q_DEMONYM:
            w *= 0.05   # "Russian forces shelled Pokrovsk": the actor's nationality, rarely the place's
        return w

    for gi, cs in enumerate(cands):
        if cs:
            choice[gi] = cs[0][0].place
            mar = cs[0][1] - cs[1][1] if len(cs) > 1 else 3.0
            ctx.set(gi, choice[gi], weight_of(gi, cs[0][1], mar))
    for _ in range(4):
        changed = False
        for gi, cs in enumerate(cands):
            if not cs:
                continue
            best = None
            ranked = []
            own = ctx.own(gi)
            for c, pr in cs:
                s = pr + context_score(gaz, c.place, ctx, gi, own) + support.bonus(ctx.info(c.place), gi)
                if gi in quals and any(choice[q] is not None and in_qualifier(gaz, c.place, choice[q])
                                       for q in quals[gi]):
                    s += QUALIFIED_BONUS
                ranked.append((s, c.place))
            ranked.sort(key=lambda x: -x[0])
            best_s, best = ranked[0]
            mar = best_s - ranked[1][0] if len(ranked) > 1 else 3.0
            if best != choice[gi]:
                changed = True
            choice[gi] = best
            final[gi] = best_s
            margin[gi] = mar
            ctx.set(gi, best, weight_of(gi, best_s, mar))
        if not changed:
            break

    # far-away homonyms of small places: drop them when the document is elsewhere
    for gi, p in enumerate(choice):
        if p is None:
            continue
        feat = gaz.feature(p)
        if feat not in _SETTLEMENT_FEATURES and feat != "district":
            continue
        if _pop_of(gaz, p) >= 50000 or int(gaz.flags[p]) & 1:
            continue
        pts = [(q, w) for q, w in ctx.points(gi)
               if gaz.feature(q) not in ("continent", "area", "sea")]
        if len(pts) < 2:
            continue
        share = ctx.country_share(gaz.country(p), gi)
        near = ctx.nearest_km(p, gi)
        if share < 0.15 and (near is None or near > 800):
            choice[gi] = None
            ctx.set(gi, None, 0)

    capitals_in_doc = set()
    for gi, p in enumerate(choice):
        if p is not None and int(gaz.flags[p]) & 1:
            for m in analysed[gi]:
                capitals_in_doc.add(normalize_name(m.base))

    results: list[GeoResolution | None] = []
    for gi, p in enumerate(choice):
        ms = analysed[gi]
        if blocked[gi] or not ms:
            results.append(None)
            continue
        if p is None:
            results.append(_enclosing(gaz, gi, ms, choice, analysed, doc, text, lang))
            continue
        outside = [choice[q] for q in quals.get(gi, ()) if choice[q] is not None
                   and in_qualifier(gaz, p, choice[q]) is False and gaz.feature(p) not in ("region", "country")]
        if outside:     # "Greenwood, W. Va." and no Greenwood in West Virginia: the state, not a namesake
            q = outside[0]
            results.append(GeoResolution(name=_clean(ms[0].base), geo=_geo(gaz, q, confidence=0.4, feature="site",
                                                                            precision="region"),
                                         kind="enclosing", place_id=gaz.pid(q), matched=ms[0].surface))
            continue
        c = next(c for c, _ in cands[gi] if c.place == p)
        conf = _confidence(gaz, p, c, final[gi], margin[gi], len(cands[gi]))
        if ms[c.mention].marker in ("region", "district") and gaz.feature(p) in ("region", "district"):
            conf = max(conf, 0.8)
        lat = lon = None
        precision = None
        if int(gaz.flags[p]) & 4:   # no coordinates of its own: the document's places in it
            pts = [(float(gaz.lat[q]), float(gaz.lon[q])) for q, _ in ctx.points(gi)
                   if int(gaz.a1[q]) == int(gaz.a1[p]) and gaz.feature(q) in _SETTLEMENT_FEATURES]
            if pts:
                lat = sum(x for x, _ in pts) / len(pts)
                lon = sum(y for _, y in pts) / len(pts)
            conf *= 0.6
        m0 = ms[c.mention]
        feature = None
        kind = "demonym" if c.quality == Q_DEMONYM else "toponym"
        if (m0.marker == "vicinity" and gaz.feature(p) in _SETTLEMENT_FEATURES) or c.via == "part":
            precision = "region"
        if m0.site_number is not None:
            kind, feature, precision = "toponym", "site", _COARSER[gaz.precisions[int(gaz.prec[p])]]
        metonymy = any(_metonymic_mention(gaz, p, m, text, capitals_in_doc) for m in ms)
        alts = [gaz.pid(q) for q in [x[1] for x in sorted(((s_c[1], s_c[0].place) for s_c in cands[gi]),
                                                            reverse=True)] if q != p][:3]
        results.append(GeoResolution(
            name=gaz.name(p), geo=_geo(gaz, p, confidence=conf, lat=lat, lon=lon, precision=precision,
                                       feature=feature),
            metonymy=metonymy, kind=kind, place_id=gaz.pid(p), matched=m0.surface, alternatives=alts))
    return results


def _confidence(gaz, p, c, score, margin, ncands) -> float:
    conf = 0.55 + 0.4 * math.tanh(margin / 2.0) if ncands > 1 else 0.9
    if c.via == "loose":
        conf -= 0.15
    if c.quality in (Q_BASE, Q_ABBR):
        conf -= 0.1
    if int(gaz.flags[p]) & 8:
        conf *= 0.75
    return conf


def _enclosing(gaz, gi, ms, choice, analysed, doc: _Doc, text, lang) -> GeoResolution | None:
    """A site the gazetteer lacks: the enclosing place the sentence (or, failing that, the
    paragraph before it) names, at a coarser precision; None when there is none."""
    m = ms[0]
    if not text:
        return None
    strong = any(x.marker or x.site_number or _SITE_WORDS.search(x.surface) for x in ms)
    weak = any(x.label in ("GPE", "FAC") for x in ms)
    if not (strong or weak):
        return None     # an unknown bare name ("Zelenskyi" tagged LOC) is not a site
    sent = doc.sentence_of(m.start)
    para = doc.paragraph_of(m.start)
    best = None
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
            pick = max((h for h, q in hits if q <= Q_TRANSLIT), key=lambda h: _pop_of(gaz, h), default=None)
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
                    and feat in _SETTLEMENT_FEATURES | {"district"}:
                candidates.append((1, m.start - mm.start, p, mm))
    if not candidates:
        return None
    # in the same sentence prefer settlements, then regions; otherwise the nearest before it
    candidates.sort(key=lambda x: (x[0], 0 if gaz.feature(x[2]) in _SETTLEMENT_FEATURES else 1, x[1]))
    _, _, p, _ = candidates[0]
    prec = gaz.precisions[int(gaz.prec[p])]
    prec = "settlement" if prec == "point" else prec
    if gaz.feature(p) in _SETTLEMENT_FEATURES:
        prec = "settlement"
    return GeoResolution(name=_clean(m.base), geo=_geo(gaz, p, confidence=0.35, feature="site", precision=prec),
                         kind="enclosing", place_id=gaz.pid(p), matched=m.surface)


# ---------------------------------------------------------------------------------------
# gazetteer matcher
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
    "people", "home", "main", "street", "road", "center", "museum", "hospital", "school", "office", "department",
    "council", "board", "group", "company", "news", "times", "post", "mission", "justice", "victory", "hope",
    "liberty", "freedom", "independence", "unity", "progress", "peace", "paix", "victoire", "plus", "tout",
    "у", "в", "на", "і", "й", "та", "з", "до", "за", "по", "від", "що", "як", "це", "але", "и", "с", "от", "не",
    "он", "она", "они", "мы", "вы", "я", "ти", "ви", "ми", "вони", "він", "вона",
}
_SETTLEMENT_CUE = re.compile(
    r"(?:\b(?:village|villages|town|settlement|hamlet|village de|villages de|localité de|commune de|ville de|"
    r"bourg de|село|села|селі|селом|селище|селища|селищі|смт|сел\.|с\.|м\.|місто|міста|місті|деревня|деревне|"
    r"деревни|поселок|посёлок|поселке|посёлке|город|городе|города|станица|станице|хутор|хуторі|хуторе|"
    r"near|près de|біля|поблизу|під|около|возле|under|in|у|в|outside|direction of|направлении|напрямку|"
    r"of|de|d'|d’)\s+)$", re.I)
_STRONG_SETTLEMENT_CUE = re.compile(
    r"(?:\b(?:village|villages|town|settlement|hamlet|village de|villages de|localité de|commune de|ville de|"
    r"bourg de|село|села|селі|селом|селище|селища|селищі|смт|сел\.|с\.|м\.|місто|міста|місті|деревня|деревне|"
    r"деревни|поселок|посёлок|поселке|посёлке|город|городе|города|станица|станице|хутор|хуторі|хуторе|"
    r"town of|city of|village of|township of|borough of|villages of)\s+)$", re.I)
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
    taken: list[tuple[int, int]] = []
    # region patterns first: they win over the bare name inside them
    for pat in _REGION_PATTERNS:
        for m in pat.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            pm = PlaceMention(m.start(), m.end(), text[m.start():m.end()])
            res = geocode_entities([[pm]], text, lang, gazetteer=gaz)[0]
            if res is not None and res.geo["feature"] in ("region", "district", "area") and res.kind != "enclosing":
                out[(m.start(), m.end())] = pm
                taken.append((m.start(), m.end()))
    common = _common_words(text)
    toks = _tokens(gaz, text)
    sent_starts = {0}
    for m in re.finditer(r"[.!?…:;]\s+|\n|[\"“«]\s*", text):
        sent_starts.add(m.end())
    persons = _person_tokens(gaz, toks, text, sent_starts)
    weak: list[tuple[int, int, str, list[int]]] = []
    i = 0
    n = len(toks)
    while i < n:
        s0, e0, w0, _ = toks[i]
        if not w0[:1].isupper() or any(a <= s0 < b for a, b in taken):
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
            if span.endswith(".") and not _ABBR_END.search(span):
                e -= 1
                span = span[:-1]
            verdict = _accept(gaz, text, s, e, span, run, length, toks, i, common, sent_starts, lang,
                              min_population, persons)
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
        anchors = []
        groups = group_mentions(list(out.values()))
        for g, r in zip(groups, geocode_entities(groups, text, lang, gazetteer=gaz)):
            if r is not None and r.geo["feature"] not in ("country", "continent", "area", "sea", "region") \
                    and r.kind != "enclosing":
                anchors.append((r.geo["lat"], r.geo["lon"]))
        for s, e, span, places in weak:
            if any(haversine_km(float(gaz.lat[p]), float(gaz.lon[p]), la, lo) < _NEAR_KM
                   for p in places for la, lo in anchors):
                out[(s, e)] = PlaceMention(s, e, span)
    return [out[k] for k in sorted(out)]


_NEAR_KM = 80
_UNIT_END = re.compile(r" (?:County|Parish)$")
_OBLAST_AFTER = re.compile(r"^,?\s*(?:in\s+(?:the\s+)?)?[A-Z][\w'’-]+\s+(?:[Oo]blast|[Rr]egion)\b")


def _tokens(gaz: Gazetteer, text: str) -> list[tuple[int, int, str, bool]]:
    toks = []
    for m in _WORD.finditer(text):
        w, st = m.group(), m.start()
        el = _ELISION.match(w)
        if el and len(w) > el.end():
            w, st = w[el.end():], st + el.end()
        pos = _POSSESSIVE_S.search(w) if w[-1:] == "s" else None
        if pos and w[:1].isupper():
            w = w[:pos.start()]            # "Gainesville’s"
        pair = place_pair(gaz, w.rstrip(".")) if "-" in w else None
        if pair:
            cut = len(pair[0])
            toks.append((st, st + cut, pair[0], True))
            toks.append((st + cut + 1, st + cut + 1 + len(pair[1]), pair[1], True))
            continue
        toks.append((st, st + len(w), w, False))
    return toks


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
        if prev_w.endswith(".") and not _ABBR_TOKEN.fullmatch(prev_w):
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
    for k in range(len(toks) - 1):
        a, b = toks[k], toks[k + 1]
        if a[3] or b[3] or text[a[1]:b[0]] != " ":
            continue
        wa, wb = a[2], b[2]
        if not (wa[:1].isupper() and wb[:1].isupper()) or wa.endswith(".") and len(wa) > 4:
            continue
        ka, kb = normalize_name(wa), normalize_name(wb)
        if ka in _FEATURE_WORDS or kb in _FEATURE_WORDS or ka in _CONNECTORS:
            continue
        if wa.lower() in _STOP_CAPS or wa.lower() in curated.COMMON_WORDS and ka.rstrip(".") not in curated.PERSON_TITLES:
            continue
        if a[0] in sent_starts:
            continue
        if gaz.has_key(normalize_name(wa + " " + wb)):
            continue
        title = ka.rstrip(".") in curated.PERSON_TITLES or ka in curated.GIVEN_NAMES
        strong_place = False
        if not title:
            for p, q in gaz.lookup_key(ka):
                f = gaz.feature(p)
                if f in ("country", "region", "continent", "area") or (q == Q_DEMONYM) or _pop_of(gaz, p) >= 100000:
                    strong_place = True
                    break
        if title or not strong_place:
            out.add(kb)
    return out


def _accept(gaz, text, s, e, span, run, length, toks, i, common, sent_starts, lang, min_population,
            persons=frozenset()) -> bool:
    key = normalize_name(span)
    if not key or len(key) < 2:
        return False
    if length == 1 and (span.lower() in _STOP_CAPS or span.lower() in curated.COMMON_WORDS):
        return False
    if not (gaz.has_key(key) or span.isupper() or is_cyrillic(span) or _LEAD_ARTICLE.match(span)):
        return False    # most capitalised runs are no name at all: one bisect, no candidate search
    m = _Mention(s, e, span, None, span, before=text[max(0, s - 40):s])
    cands = [c for c in _mention_candidates(gaz, m, 0, exact_only=True) if c.via in ("exact", "lemma")]
    if not cands:
        return False
    if _is_person_like(m, text):
        return False
    best = None
    best_s = -1e9
    for c in cands:
        pr = _prior(gaz, c, m, lang)
        if pr is not None and pr > best_s:
            best, best_s = c, pr
    if best is None:
        return False
    p, q = best.place, best.quality
    feat = gaz.feature(p)
    pop = _pop_of(gaz, p)
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
        return bool(_ABBR_OK.match(span))
    if q == Q_BASE:
        return False
    if q == Q_ALT and not strong and pop < 300000:
        return False
    # "Madison County" in full (often inside an organisation's name: "Madison County Health Department")
    unit = feat == "district" and q == Q_OFFICIAL and bool(_UNIT_END.search(span))
    # the run goes on with a word that is not a feature word: "Paris Hilton", "Jordan Smith"
    if length < len(run) and toks[run[length]][2][:1].isupper() and not unit:
        nxt = normalize_name(toks[run[length]][2])
        if nxt not in _FEATURE_WORDS and not strong and (pop < 100000 or feat not in _SETTLEMENT_FEATURES):
            return False
    if i > 0 and length == 1:
        prev = toks[i - 1]
        if prev[2][:1].isupper() and text[prev[1]:s] == " " and not strong and not prev[2].endswith(".") \
                and s not in sent_starts and prev[2].lower() not in _STOP_CAPS:
            return False     # the second word of a name the gazetteer does not know
    if feat in ("country", "continent", "area", "sea", "landmark", "site"):
        return True
    if feat == "region":
        return best_s >= 2.5 or bool(_STRONG_SETTLEMENT_CUE.search(text[max(0, s - 30):s]))
    if feat == "district":
        return unit     # not a county's bare base name ("Madison")
    before = text[max(0, s - 30):s]
    if gaz.country(p) == "UA" and (feat in ("city", "town") or _OBLAST_AFTER.match(text[e:e + 40])):
        return True     # Ukrainian towns of any size; a village when its oblast follows ("X, Kherson oblast")
    if int(gaz.flags[p]) & 1 and q == Q_OFFICIAL:
        return True
    if pop >= min_population and not (at_start and q != Q_OFFICIAL):
        return True
    if _STRONG_SETTLEMENT_CUE.search(before):
        return True
    if q == Q_OFFICIAL and not lower_common and not (length == 1 and key in persons):
        return [c.place for c in cands if c.quality == Q_OFFICIAL and gaz.feature(c.place) in _SETTLEMENT_FEATURES]
    return False


def group_mentions(mentions: list[PlaceMention], text: str | None = None) -> list[list[PlaceMention]]:
    """One entity per normalised name (one sense per discourse); with ``text``, a name the text
    makes a region ("région de Donetsk", "Donetsk Oblast") is another entity than the bare name
    (the city of Donetsk)."""
    groups: dict[tuple[str, str | None], list[PlaceMention]] = {}
    for m in mentions:
        marker = None
        if text:
            marker = _analyse(m, text).marker
            marker = marker if marker in ("region", "district") else None
        k = (normalize_name(_clean(m.text)), marker)
        groups.setdefault(k, []).append(m)
    return list(groups.values())


def geocode_text(text: str, lang: str = "en", *, gazetteer: Gazetteer | None = None,
                 mentions: list[PlaceMention] | None = None) -> list[tuple[PlaceMention, GeoResolution]]:
    """Matcher (or the given mentions) + geocoder: ``[(mention, resolution)]`` for resolved mentions."""
    gaz = gazetteer or get_gazetteer()
    ms = mentions if mentions is not None else find_place_candidates(text, lang, gazetteer=gaz)
    groups = group_mentions(ms, text)
    res = geocode_entities(groups, text, lang, gazetteer=gaz)
    out = []
    for g, r in zip(groups, res):
        if r is None:
            continue
        for m in g:
            out.append((m, r))
    out.sort(key=lambda x: x[0].start)
    return out
