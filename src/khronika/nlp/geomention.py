"""Mention analysis for the geocoder: what a place mention says besides its name.

:class:`PlaceMention` is the input (offsets in the text, an optional lemma and NER label);
:func:`analyse` makes it a :class:`Mention`: the name part ("Donetsk" of "région de Donetsk"),
the kind of place the words around it make it (region, district, settlement, vicinity), the
adjective key of a Cyrillic region ("Донецька область"), a site number ("Belgorod-22").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from khronika.kb.gazetteer import ADJ_PREFIX, adjective_stem, is_cyrillic
from khronika.nlp.geomorph import morph_forms
from khronika.nlp.geotheatre import theatre_cue

__all__ = ["PlaceMention", "Mention", "analyse", "mention_marker", "region_marker", "clean", "clean_keep_dot"]


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    lemma: str | None = None
    label: str | None = None    # optional NER label; "NORP" mentions resolve only as demonyms / countries
    strong: bool = False        # the matcher is sure (a town of the war's theatre in a war report)


QUOTES = "\"'«»“”„‘’`()[]"
LEAD_ARTICLE = re.compile(r"^(?:the|la|le|les|l['’]|el|al-|die|der|das)\s*", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
POSSESSIVE_S = re.compile(r"['’]s$")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
CODE_DROP = re.compile(r"[.\s]")
ABBR_TOKEN = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-zA-Z]{0,3}\.")
ABBR_END = re.compile(r"(?:\b[A-Z]\.)+$|\b[A-Z][a-z]{1,4}\.$")
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
SITE_WORDS = re.compile(
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

FEATURE_WORDS = {
    "oblast", "region", "province", "county", "parish", "district", "raion", "city", "state", "river", "lake",
    "street", "st", "avenue", "ave", "road", "rd", "valley", "mountains", "mountain", "bay", "island", "islands",
    "university", "college", "school", "police", "department", "council", "court", "hospital", "airport",
    "station", "park", "bridge", "dam", "plant", "port", "sea", "gulf", "strait", "peninsula", "heights",
    "township", "borough", "village", "town", "sheriff", "sheriff's", "fire", "public", "high", "middle",
    "elementary", "community", "county's", "times", "post", "herald", "news", "tribune", "journal", "daily",
    "board", "commission", "republic", "people's", "metro", "area", "federation",
}


@dataclass
class Mention:
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
    theatre: bool = False           # the text reports the war (see :mod:`khronika.nlp.geotheatre`)


def clean(s: str) -> str:
    s = s.strip().strip(QUOTES).strip()
    s = _POSSESSIVE.sub("", s).strip()
    return s.rstrip(".,;:!?").strip() if not _INITIAL_END.search(s) else s.strip()


def analyse(m: PlaceMention, text: str) -> Mention:
    surface = text[m.start:m.end] if text and 0 <= m.start < m.end <= len(text) else m.text
    base, marker, adj_key, direction, site_number = _name_parts(surface)
    out = Mention(m.start, m.end, surface, m.lemma, base, marker=marker, adj_key=adj_key, label=(m.label or None),
                  before=text[max(0, m.start - 40):m.start] if text else "", theatre=theatre_cue(text or ""),
                  direction=direction, site_number=site_number)
    if out.marker is None and text:
        out.marker, adj = _context_marker(text, m.start, m.end)
        if adj:
            out.adj_key = adj
    return out


def mention_marker(m: PlaceMention, text: str) -> str | None:
    """``analyse(m, text).marker`` without the rest of the analysis."""
    surface = text[m.start:m.end] if text and 0 <= m.start < m.end <= len(text) else m.text
    marker = _name_parts(surface)[1]
    if marker is None and text:
        marker = _context_marker(text, m.start, m.end)[0]
    return marker


@lru_cache(maxsize=20000)
def _name_parts(surface: str) -> tuple[str, str | None, str | None, bool, str | None]:
    """What a mention's own words say (cached by them): its name part, the kind of place its
    marker words make it, the adjective key of a Cyrillic region, a direction, a site number."""
    s = clean(surface)
    base, marker, adj_key, direction = s, None, None, False
    for pat, kind in ((_FR_PREFIX, "prefix"), (_EN_PREFIX, "prefix"), (_SUFFIX, "suffix"), (_DIRECTION, "dir")):
        mm = pat.match(s)
        if mm:
            base = clean(mm.group("b"))
            marker = "vicinity" if kind == "dir" else _marker_class(mm.group("m").lower())
            direction = kind == "dir"
            break
    else:
        mm = _CYR_REGION.match(s)
        if mm:
            word = mm.group("m").lower()
            stem = adj_stem_any(mm.group("a"))
            cls = "district" if word.startswith(("район", "громад")) else "region"
            if stem:
                adj_key = f"{ADJ_PREFIX}{'rai' if cls == 'district' else 'obl'} {stem}"
            base = mm.group("a")
            marker = cls
        else:
            mm = _CYR_PREFIX.match(s)
            if mm:
                word = mm.group("m").lower()
                base = clean(mm.group("b"))
                marker = ("region" if word.startswith(("област",)) else
                          "district" if word.startswith("район") else
                          "vicinity" if word.startswith(("околиц", "напрям", "направл")) else "settlement")
                if marker == "region":
                    stem = adj_stem_any(base.split()[0])
                    if stem:
                        adj_key = f"{ADJ_PREFIX}obl {stem}"
    mm = _SITE_NUMBER.match(base)
    return base, marker, adj_key, direction, (mm.group("n") if mm else None)


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
        stem = adj_stem_any(text[start:end].split()[-1])
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


def adj_stem_any(word: str) -> str | None:
    st = adjective_stem(word)
    if st:
        return st
    lem = morph_forms(word)
    for w in lem:
        st = adjective_stem(w)
        if st:
            return st
    return None


# a word before a name that only a settlement takes ("village of", "смт")
STRONG_SETTLEMENT_CUE = re.compile(
    r"(?:\b(?:village|villages|town|settlement|hamlet|village de|villages de|localité de|commune de|ville de|"
    r"bourg de|село|села|селі|селом|селище|селища|селищі|смт|сел\.|с\.|м\.|місто|міста|місті|деревня|деревне|"
    r"деревни|поселок|посёлок|поселке|посёлке|город|городе|города|станица|станице|хутор|хуторі|хуторе|"
    r"town of|city of|village of|township of|borough of|villages of)\s+)$", re.I)


def clean_keep_dot(s: str) -> str:
    return s.strip().strip(QUOTES).strip()
