"""Casualty figures a sentence states ("two civilians were killed and six others injured",
"deux morts et huit blessés"), kept per report so that differing counts can be shown side by
side with their sources and never averaged."""
from __future__ import annotations

import re

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "quatorze": 14,
    "один": 1, "одна": 1, "два": 2, "дві": 2, "две": 2, "двоє": 2, "двое": 2, "три": 3, "троє": 3, "трое": 3,
    "чотири": 4, "четыре": 4, "п'ять": 5, "пять": 5,
}
_NUM = r"(\d{1,4}|" + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)) + r")"
_W = r"(?:\s+[\w'’-]+){0,4}?\s+"   # up to four words between the number and the word
PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "killed": [re.compile(p, re.I) for p in (
        _NUM + _W + r"(?:were\s+|have\s+been\s+|was\s+)?(?:killed|dead|died)\b",
        r"\bkill(?:ing|ed)\s+(?:at\s+least\s+)?" + _NUM + r"\b",
        _NUM + r"\s+(?:morts?|tués?)\b", _NUM + _W + r"(?:ont\s+été\s+|a\s+été\s+)?tué(?:e|s|es)?\b",
        r"\btuant\s+" + _NUM + r"\b", _NUM + r"\s+(?:загибл\w*|погибш\w*|вбит\w*|убит\w*)",
        r"(?:загинул\w*|погибл\w*)\s+" + _NUM,
    )],
    "injured": [re.compile(p, re.I) for p in (
        _NUM + _W + r"(?:were\s+|have\s+been\s+)?(?:injured|wounded|hurt)\b",
        r"\b(?:injuring|wounding)\s+(?:at\s+least\s+)?" + _NUM + r"\b",
        _NUM + r"\s+blessé(?:e|s|es)?\b", r"\bet\s+" + _NUM + r"\s+blessé(?:e|s|es)?\b",
        _NUM + r"\s+(?:поранен\w*|ранен\w*)", r"(?:поранен\w*|ранен\w*)\s+" + _NUM,
    )],
}


def _value(token: str) -> int | None:
    token = token.casefold().replace("’", "'")
    return int(token) if token.isdigit() else WORDS.get(token)


_ANY = re.compile(r"kill|dead|died|injur|wound|hurt|mort|tué|tuant|blessé|загин|загибл|погиб|вбит|убит|поранен|ранен",
                  re.I)


def figures(text: str) -> dict[str, int]:
    """{"killed": n, "injured": n} for the counts the text states (the largest of each)."""
    out: dict[str, int] = {}
    if not _ANY.search(text):
        return out
    for kind, pats in PATTERNS.items():
        for pat in pats:
            for m in pat.finditer(text):
                v = _value(m.group(1))
                if v is not None and v < 100000:
                    out[kind] = max(out.get(kind, 0), v)
    return out
