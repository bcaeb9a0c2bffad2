"""Name keys: how two spellings of one name come to the same key and the same id.

`name_key` folds case, accents and apostrophes; `skeleton` goes further, across scripts
and transliteration schemes (Valeriy Chaly = Valerii Chalyi = Валерій Чалий), for ids of
names the knowledge base does not hold.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from khronika.kb.actors import normalize_name

HONORIFICS = ("m.", "mme", "mlle", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr", "пан", "пані", "г-н", "г-жа",
              "господин", "госпожа")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_UK_LETTERS = set("іїєґІЇЄҐ")


# the first letters honorifics start with: most names start otherwise and need no casefold
_HONORIFIC_INITIALS = frozenset(h[0] for h in HONORIFICS)


@lru_cache(maxsize=65536)     # once per distinct name: the linker asks of each mention several times
def strip_honorific(text: str) -> tuple[int, str]:
    """(chars removed at the front, the rest) for "M. Peskov", "Mme Malyar", "пан Зеленський"."""
    low = text.casefold()
    if low[:1] not in _HONORIFIC_INITIALS:
        return 0, text
    for h in HONORIFICS:
        if low.startswith(h + " ") or (h.endswith(".") and low.startswith(h) and len(text) > len(h) and text[len(h)].isupper()):
            cut = len(h)
            while cut < len(text) and text[cut] == " ":
                cut += 1
            return cut, text[cut:]
    return 0, text


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    return normalize_name(strip_honorific(text)[1])


def to_latin(text: str) -> str:
    """Cyrillic to Latin with the official Ukrainian or the Russian scheme, by its letters."""
    if not _CYRILLIC.search(text):
        return text
    if any(c in _UK_LETTERS for c in text):
        from translitua import translit

        return translit(text)
    import iuliia

    return iuliia.WIKIPEDIA.translate(text)


_SKELETON_RULES = [
    # "The New York Times" = "New York Times"; Russian -ая where Ukrainian has -а
    # (Республиканская, Республіканська партія)
    (r"^the ", ""), (r"aya\b|aia\b", "a"),
    # Russian -ическ- where Ukrainian has -ічн- (Демократическая, Демократична партія)
    (r"ichesk(?=[aeiouy])", "ichn"),
    (r"[ьъ'’ʼ`]", ""), (r"iy\b|yi\b|ij\b|yj\b|ii\b|yy\b", "i"), (r"kh", "h"), (r"ou", "u"), (r"y", "i"),
    (r"j", "i"), (r"w", "v"), (r"([a-z])\1", r"\1"),
]


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """A coarse, script-free key: 'valeri chali' for Valeriy Chaly, Valerii Chalyi, Валерій Чалий."""
    s = unicodedata.normalize("NFKD", to_latin(strip_honorific(text)[1]))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[^a-z0-9' ’ʼ`-]+", " ", s).replace("-", " ")
    for pattern, repl in _SKELETON_RULES:
        s = re.sub(pattern, repl, s)
    return " ".join(s.split())


def slug_id(kind: str, text: str) -> str:
    """Deterministic id of a name the knowledge base lacks: 'person:valeri-chali'."""
    return f"{kind}:{skeleton(text).replace(' ', '-') or 'unnamed'}"
