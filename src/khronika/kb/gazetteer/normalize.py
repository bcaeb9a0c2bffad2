"""Name normalisation shared by the index builder and the geocoder.

``normalize_name`` is the exact key: case, accents, apostrophes (’ ' ʼ), soft and hard
signs (ь ъ ʹ), dots, hyphens and spaces fold away, so "Kup'yans'k", "Kupʼyansʼk" and
"KUPYANSK" share a key, as do "Купʼянськ" and "Купянск" (after the loose step).

``loose_key`` is a coarser key for transliteration variants (y/j/i, ou/u, kh/h, doubled
letters; for Cyrillic и/і/ы/ї/й and е/є/э/ё), used only when the exact key finds nothing.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DROP = dict.fromkeys(map(ord, "'’ʼ‘`´ʹʻ′″\"«»“”„ьЬъЪ"), None)
_SPACE = dict.fromkeys(map(ord, "-‐‑‒–—_/,()[]"), " ")
_WS = re.compile(r"\s+")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[a-z]")


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Exact lookup key of a name: casefolded, accent-free, apostrophe/soft-sign free."""
    if not text:
        return ""
    s = text.translate(_DROP).translate(_SPACE).replace(".", "")
    s = unicodedata.normalize("NFKD", s.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_DROP)
    return _WS.sub(" ", s).strip()


_LATIN_LOOSE = [
    (re.compile(r"(?<=[kzcsg])h"), ""),   # kh->k, zh->z, ch->c, sh->s, gh->g
    (re.compile(r"ou"), "u"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"tz"), "z"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"e(?=[aiou])|(?<=[aiou])e"), "i"),
]
_CYR_LOOSE = str.maketrans({"і": "и", "ї": "и", "й": "и", "ы": "и", "є": "е", "э": "е",
                            "ё": "е", "ґ": "г"})
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def loose_key(text: str) -> str:
    """A coarse key for spelling variants; '' when the name is too short to fold safely."""
    s = normalize_name(text)
    if len(s) < 4:
        return ""
    if _CYR.search(s):
        s = s.translate(_CYR_LOOSE)
    else:
        for pat, rep in _LATIN_LOOSE:
            s = pat.sub(rep, s)
    s = _DOUBLE.sub(r"\1", s).replace(" ", "")
    return s if len(s) >= 4 else ""


def is_cyrillic(text: str) -> bool:
    return bool(_CYR.search(text))


def is_latin(text: str) -> bool:
    return bool(_LATIN_LETTER.search(normalize_name(text)))


_UK_LETTERS = set("іїєґІЇЄҐ")
_RU_LETTERS = set("ыэёъЫЭЁЪ")


def cyrillic_language(text: str) -> str | None:
    """'uk', 'ru' or None (undecided) for a Cyrillic word."""
    chars = set(text)
    if chars & _UK_LETTERS:
        return "uk"
    if chars & _RU_LETTERS:
        return "ru"
    return None


# Endings of Russian and Ukrainian adjectives (after the soft sign is folded away):
# Донецька / Донецької / Донецькій / Донецьку, Белгородская / Белгородской / ...
_ADJ = re.compile(
    r"^(.{3,}?(?:ск|цк|зк))"
    r"(?:ии|ыи|ои|ая|ое|ого|ому|ом|ым|ую|еи|их|ые|ими|ыми|іи|оі|ою|ои|а|у|е|і|им|ім|ого)$"
)


def adjective_stem(word: str) -> str | None:
    """Stem of a Cyrillic relational adjective: 'Белгородской' -> 'белгородск', 'Донецька' -> 'донецк'."""
    s = normalize_name(word)
    m = _ADJ.match(s)
    if m:
        return m.group(1)
    return None
