"""Place names inside longer names, and legislators' home towns, for the geocoder component.

Local news names its places mostly inside other names: "Berea Police Department", "Paris City
Hall", "Henry County Sheriff's Office", "Historic Dublin", "Bank of Canada". The model tags the
whole as an organisation, a facility or a place the gazetteer does not know, so the town inside
it would go unresolved. Two general signals recover it:

- one sense per discourse: a word span inside the longer name that is the name of another place
  mention of the same document is that place;
- a civic institution's name: a gazetteer settlement or county name followed by a word such
  names go on with ("Police", "City Council", "High School") is the place the institution serves,
  and so is the place it is "of" ("Bank of Canada").

US news also gives a legislator's party and home town ("Sen. Robert Ford, D-Charleston";
"(R-Ocilla)"): the town after the party letter is a place; and a dateline in capitals opens a
story with the paper's own town ("CROMWELL — The third Democrat...").
"""
from __future__ import annotations

import re

from khronika.kb.gazetteer import Q_OFFICIAL, Gazetteer, normalize_name
from khronika.nlp.geocode import PlaceMention

__all__ = ["dateline_mentions", "inner_place_mentions", "party_home_mentions"]

# words a civic institution's name goes on with after the place it serves
_INSTITUTION = {
    "police", "fire", "sheriff", "sheriff's", "sheriff’s", "city", "town", "village", "township", "county",
    "council", "board", "school", "schools", "high", "elementary", "middle", "hospital", "medical", "regional",
    "general", "library", "public", "court", "superior", "circuit", "district", "courthouse", "chamber",
    "department", "volunteer", "planning", "zoning", "housing", "water", "parks", "commission", "commissioners",
    "superintendent", "mayor", "community", "area", "municipal", "borough", "rescue", "ems", "post",
}
# modifiers before a place's own name ("Historic Dublin", "Metro Nashville", "S.E. Paris")
_MODIFIER = {"historic", "metro", "greater", "downtown", "old", "uptown", "midtown", "north", "south", "east",
             "west", "northeast", "northwest", "southeast", "southwest", "n.e.", "n.w.", "s.e.", "s.w.",
             "n.", "s.", "e.", "w.", "central", "upper", "lower", "inner", "outer"}
_OF_MODIFIER = {"metropolitan", "greater", "central", "northern", "southern", "eastern", "western", "the"}
# "ROSWELL - A man...", "FALLS VILLAGE—The board...": a capitalised place opening a paragraph or sentence
_DATELINE = re.compile(r"(?:^|\n|[.!?]\s+)([A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,2})(?:,\s*[A-Z][\w.]+)?\s*(?:--|—|–|-)\s*[A-Z]")
_WORDS = re.compile(r"[^\s,;:()\"“”]+")
_FEATS = ("city", "town", "village", "district")
# "D-Charleston", "R-Elbow Lake", "DFL-Cook", "(D-N.Y.)": up to three capitalised words or an abbreviation
_PARTY_HOME = re.compile(r"(?:(?<=,\s)|(?<=\())(?:D|R|I|DFL|Dem|Rep|Ind)-((?:[A-Z]\.){1,3}[A-Z]?[a-z]{0,3}\.?|"
                         r"[A-Z][a-z]{1,5}\.(?=[,)\s])|[A-Z][\w'’]+(?:\s[A-Z][\w'’]+){0,2})(?=[,.;)\s]|$)")


def _words(text: str, s: int, e: int) -> list[tuple[int, int]]:
    return [(s + m.start(), s + m.end()) for m in _WORDS.finditer(text[s:e])]


def _strip_possessive(text: str, a: int, b: int) -> int:
    return b - 2 if text[a:b].endswith(("'s", "’s")) else b


def _official(gaz: Gazetteer, key: str, features: tuple[str, ...]) -> bool:
    return any(q == Q_OFFICIAL and gaz.feature(p) in features for p, q in gaz.lookup_key(key))


def _is_place(gaz: Gazetteer, key: str) -> bool:
    """A country, first-level region, settlement or county under this official name."""
    return _official(gaz, key, _FEATS + ("region", "country"))


def _is_local_place(gaz: Gazetteer, key: str) -> bool:
    """A settlement or county the gazetteer knows under this official name."""
    return _official(gaz, key, _FEATS)


def inner_place_mentions(text: str, spans: list[tuple[int, int]], place_keys: set[str], gaz: Gazetteer,
                         taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Place names inside the longer names ``spans`` (see the module doc); ``place_keys``: the
    normalised names of the document's other place mentions; ``taken``: spans already mentions."""
    out: list[PlaceMention] = []
    for s, e in spans:
        ws = _words(text, s, e)
        if len(ws) < 2:
            continue
        if normalize_name(text[s:e]) in place_keys:
            continue
        found = None
        # the longest word span that another mention names (one sense per discourse)
        for n in range(len(ws) - 1, 0, -1):
            for i in range(0, len(ws) - n + 1):
                a, b = ws[i][0], _strip_possessive(text, ws[i][0], ws[i + n - 1][1])
                if normalize_name(text[a:b].rstrip(".")) in place_keys:
                    found = (a, b)
                    break
            if found:
                break
        if found is None:
            # the name a civic institution starts with ("Berea Police Department")
            for n in range(min(len(ws) - 1, 3), 0, -1):
                nxt = text[ws[n][0]:ws[n][1]].lower()
                a, b = ws[0][0], _strip_possessive(text, ws[0][0], ws[n - 1][1])
                if nxt in _INSTITUTION and text[a:a + 1].isupper() and _is_local_place(gaz, normalize_name(text[a:b])):
                    found = (a, b)
                    break
            # the place an institution is "of" ("Bank of Canada", "United Way of Metropolitan Atlanta")
            of = [i for i in range(1, len(ws) - 1) if text[ws[i][0]:ws[i][1]] == "of"]
            if found is None and of:
                i = of[-1] + 1
                if text[ws[i][0]:ws[i][1]].lower() in _OF_MODIFIER and i < len(ws) - 1:
                    i += 1
                a, b = ws[i][0], _strip_possessive(text, ws[i][0], ws[-1][1])
                if len(ws) - i <= 3 and text[a:a + 1].isupper() and _is_place(gaz, normalize_name(text[a:b])):
                    found = (a, b)
            # a place's own name after a modifier ("Historic Dublin")
            if found is None and len(ws) == 2 and text[ws[0][0]:ws[0][1]].lower() in _MODIFIER:
                a, b = ws[1]
                if _is_local_place(gaz, normalize_name(text[a:b])):
                    found = (a, b)
        if found and not any(found[0] < tb and found[1] > ta and (ta, tb) != (s, e) for ta, tb in taken):
            out.append(PlaceMention(found[0], found[1], text[found[0]:found[1]]))
    return out


def party_home_mentions(text: str, taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Legislators' home towns and states after a party letter ("D-Charleston", "R-N.D.")."""
    out = []
    for m in _PARTY_HOME.finditer(text):
        a, b = m.span(1)
        if not any(a < tb and b > ta and not (ta <= a and b <= tb and (ta, tb) != (a, b)) for ta, tb in taken):
            out.append(PlaceMention(a, b, text[a:b]))
    return out


def dateline_mentions(text: str, gaz: Gazetteer, taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """A news dateline's place ("CROMWELL — The third Democrat..."), when the gazetteer knows it."""
    out = []
    for m in _DATELINE.finditer(text):
        a, b = m.span(1)
        if _is_place(gaz, normalize_name(text[a:b].rstrip("."))) and not any(a < tb and b > ta for ta, tb in taken):
            out.append(PlaceMention(a, b, text[a:b]))
    return out
