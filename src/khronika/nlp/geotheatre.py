"""The war's theatre (Ukraine) in the geocoder: whether a text reports the war, and the
settlements of the theatre a near-miss spelling names.

War reporting names Ukrainian towns that share their names with towns abroad (Lyman, Pokrov,
Zelenodolsk) and spells them every way (Popasna / Popsana, Huliaipole / Huliaypole,
Kramatorsk / Kramatrosk). In a text with war or theatre words, the theatre's namesake gets a
prior bonus (:mod:`khronika.nlp.geoprior`), and a capitalised word the gazetteer lacks may name a
theatre town one or two edits away on a folded skeleton, when only one town is that close.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from khronika.kb.gazetteer import FLAG_KATOTTG, Q_OFFICIAL, Q_TRANSLIT, Gazetteer

__all__ = ["THEATRE", "BORDER_REGIONS", "ROMANISED", "in_theatre", "theatre_cue", "fuzzy_context", "skeleton", "fuzzy_theatre",
           "theatre_settlement", "prepare"]

THEATRE = "UA"
# the Russian regions across the border the war reaches (shelling, raids, the Kursk incursion)
BORDER_REGIONS = {"RU": ("Belgorod Oblast", "Kursk Oblast", "Bryansk Oblast")}
# words of war reporting and names of the theatre; generic words ("attack", "killed") are not
# enough: local news has them too
_CUE = re.compile(
    r"\b(?:shell(?:s|ed|ing)?|missiles?|drones?|artillery|mortars?|MLRS|glide bombs?|guided bombs?|air strikes?|"
    r"airstrikes?|air raids?|air defen[cs]e|rocket (?:strikes?|attacks?|fire)|strikes? on|struck|occupation|occupied|"
    r"liberat\w+|front ?line|frontline|trenches|counteroffensive|offensive|assault groups?|bridgehead|"
    r"evacu\w+|exhumation|mass grave|mine clearance|Ukrain\w*|Russia\w*|Kremlin|oblast|raion|hromada|Donbas|"
    r"Zelensky\w*|Putin|cluster munitions?|shrapnel|war crimes?|ceasefire|fighting|ruins)\b", re.I)


@lru_cache(maxsize=256)
def theatre_cue(text: str) -> bool:
    """Whether ``text`` reports the war (or names its theatre)."""
    return bool(text) and _CUE.search(text) is not None


# a near-miss spelling is read as a town only where a place is expected: after a preposition of
# place or a verb of attack ("fighting near Popsana", "shelled Kramatrosk"), not as any capitalised
# word (surnames one letter off a town's name are many)
_FUZZY_BEFORE = re.compile(r"\b(?:in|near|of|at|on|to|towards?|around|outside|from|into|over|hit|shell(?:ed|ing)|"
                           r"struck|attacked|bombed|captured|liberated|entered|stormed)\s+$", re.I)


# "svadovs'k", "kup'yans'k": a lowercase romanisation with the soft sign's apostrophe is a name
ROMANISED = re.compile(r"(?<![\w'’])[a-z]+['’][a-z]+(?:['’][a-z]+)?(?![\w'’])")


def fuzzy_context(before: str) -> bool:
    """Whether the text just before a word expects a place there."""
    # the pattern is a word of at most 9 letters and the trailing spaces: search only the tail
    # (with two characters before the word, for its word boundary)
    if not before[-1:].isspace():
        return False
    tail = before[max(0, len(before.rstrip()) - 11):]
    return _FUZZY_BEFORE.search(tail) is not None


# spellings that vary between romanisations (and from Russian to Ukrainian forms) fold together
_FOLDS = (("kh", "h"), ("zh", "z"), ("g", "h"), ("y", "i"), ("j", "i"), ("w", "v"), ("x", "ks"))


def skeleton(name: str) -> str:
    """Lowercase ASCII letters of a Latin-script name, romanisation variants folded, doubled letters
    single: "Kup'yans'k" and "Kupiansk" -> "kupiansk", "Huliaypole" -> "huliaipole"."""
    s = unicodedata.normalize("NFKD", name.lower())
    s = "".join(ch for ch in s if "a" <= ch <= "z")
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def in_theatre(gaz: Gazetteer, p: int) -> bool:
    """A place of Ukraine or of a Russian border region."""
    cc = gaz.country(p)
    return cc == THEATRE or (cc in BORDER_REGIONS and gaz.admin1(p) in BORDER_REGIONS[cc])


def theatre_settlement(gaz: Gazetteer, p: int) -> bool:
    """A town or city of the theatre: of Ukraine's codifier, or of a Russian border region with a census
    figure (villages are too many and too alike to guess)."""
    if gaz.feature(p) not in ("city", "town"):
        return False
    if gaz.country(p) == THEATRE:
        return bool(int(gaz.flags[p]) & FLAG_KATOTTG)
    return in_theatre(gaz, p) and int(gaz.pop[p]) > 0


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance (edits, adjacent transpositions)."""
    d = list(range(len(b) + 1))
    prev2: list[int] = []
    for i in range(1, len(a) + 1):
        prev, d = d, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            d[j] = min(prev[j] + 1, d[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[j] = min(d[j], prev2[j - 2] + 1)
        prev2 = prev
    return d[len(b)]


def _deletions(s: str) -> set[str]:
    return {s[:i] + s[i + 1:] for i in range(len(s))}


class _FuzzyIndex:
    """Skeletons of the names of the theatre's towns, and their one-letter deletions."""

    def __init__(self, gaz: Gazetteer):
        flags = np.asarray(gaz.flags)
        cc, a1 = np.asarray(gaz.cc), np.asarray(gaz.a1)
        ua = [i for i, c in enumerate(gaz._cc_codes) if c == THEATRE]
        border = [i for i, c in enumerate(gaz._cc_codes) if c in BORDER_REGIONS]
        border_a1 = [i for i, n in enumerate(gaz._a1_names) if any(n in r for r in BORDER_REGIONS.values())]
        # towns with a census figure (geonames' points): a guess needs a town worth guessing
        ok = np.isin(np.asarray(gaz.feat), [gaz.features.index(f) for f in ("city", "town")]) \
            & (np.asarray(gaz.pop) > 0) \
            & ((np.isin(cc, ua) & ((flags & FLAG_KATOTTG) > 0)) | (np.isin(cc, border) & np.isin(a1, border_a1)))
        post = np.asarray(gaz._post)
        q = post & 7
        keep = ok[post >> 3] & ((q == Q_OFFICIAL) | (q == Q_TRANSLIT))   # not the alternates of other languages
        rows = np.nonzero(keep)[0]
        key_of = np.searchsorted(np.asarray(gaz._off), rows, side="right") - 1
        self.places: dict[str, set[int]] = {}
        for r, k in zip(rows.tolist(), key_of.tolist()):
            key = gaz._keys[k]
            if not key.isascii():
                continue
            sk = skeleton(key)
            if len(sk) >= 5:
                self.places.setdefault(sk, set()).add(int(post[r]) >> 3)
        self.deleted: dict[str, set[str]] = {}
        for sk in self.places:
            for d in _deletions(sk):
                self.deleted.setdefault(d, set()).add(sk)

    def near(self, sk: str) -> dict[str, int]:
        """Indexed skeletons within the allowed distance of ``sk``: {skeleton: distance}."""
        found = set(self.deleted.get(sk, ()))
        if sk in self.places:
            found.add(sk)
        for d in _deletions(sk):
            if d in self.places:
                found.add(d)
            found |= self.deleted.get(d, set())
        limit = 1 if len(sk) < 8 else 2
        out = {}
        for s in found:
            dist = _osa(sk, s)
            if dist <= limit:
                out[s] = dist
        return out


def _index(gaz: Gazetteer) -> _FuzzyIndex:
    idx = gaz.derived.get("theatre_fuzzy")
    if idx is None:
        idx = gaz.derived["theatre_fuzzy"] = _FuzzyIndex(gaz)
    return idx  # type: ignore[return-value]


def prepare(gaz: Gazetteer) -> None:
    """Build the near-miss index now: the geocoder does when it loads the gazetteer, so the first
    war report that names an unknown capitalised word does not pay for it (about 0.2 s)."""
    _index(gaz)


def fuzzy_theatre(gaz: Gazetteer, name: str) -> list[int]:
    """The theatre towns a near-miss spelling names ("Popsana" -> Popasna; "Mykolayiv" -> the
    towns called Mykolaiv, for the geocoder to choose between); empty when no town is that close
    or towns of two different names are."""
    if ROMANISED.fullmatch(name):
        name = name[:1].upper() + name[1:]
    if not name.isascii() or not name[:1].isupper():
        return []
    sk = skeleton(name)
    if len(sk) < 5:
        return []
    near = _index(gaz).near(sk)
    if not near:
        return []
    # a place's own (official) name first: a variant that folds close to the query may be another
    # town's name listed among its alternates
    limit = 1 if len(sk) < 8 else 2
    rank: dict[int, int] = {}
    for s, d in near.items():
        for p in _index(gaz).places[s]:
            own = _osa(sk, skeleton(gaz.name(p)))
            r = own if own <= limit else limit + 1 + d
            rank[p] = min(rank.get(p, r), r)
    best = min(rank.values())
    places = sorted((p for p, r in rank.items() if r == best), key=lambda p: -int(gaz.pop[p]))
    if len({gaz.name(p) for p in places}) > 1:
        return []
    return places
