"""Lexicon words as regular expressions, and matched text back to lexicon values.

The date rules (`khronika.nlp.dates`) are built from the word lists of `lexicons.py`; these helpers
turn a list into an alternation that tolerates the spelling variants of real text (apostrophes,
hyphens, line breaks inside a phrase) and find which entry a match came from.
"""
from __future__ import annotations

import re

HY = r"[-‑–]"            # hyphen, non-breaking hyphen, en dash
APOS = "['’ʼ]"           # straight, typographic and modifier-letter apostrophes


def norm(form: str) -> str:
    """Lookup key of a matched word: lower case, one apostrophe, single spaces."""
    return re.sub(r"\s+", " ", re.sub(APOS, "'", form.lower()))


def phrase(p: str) -> str:
    """A lexicon phrase as a regex: any whitespace, hyphen or apostrophe variant."""
    return p.replace("'", APOS).replace("-", HY).replace(" ", r"\s+")


def alt(keys: list[str], *, words: bool) -> str:
    """Alternation, longest first so "avant-hier" is tried before "hier"."""
    parts = sorted(keys, key=len, reverse=True)
    if words:
        parts = [re.escape(k).replace("'", APOS) for k in parts]
    else:
        parts = [phrase(k) for k in parts]
    return "(?:" + "|".join(parts) + ")"


def lookup(table: dict[str, int], form: str) -> int | None:
    """Form -> value, whatever its case (the regex already enforced case where it matters)."""
    key = norm(form)
    for k, v in table.items():
        if norm(k) == key:
            return v
    return None


def phrase_value(table: dict[str, int], matched: str) -> int:
    """Which phrase of `table` matched: the value of the first phrase that fully matches."""
    for key, value in table.items():
        if re.fullmatch(phrase(key), matched, re.IGNORECASE):
            return value
    raise LookupError(matched)  # cannot happen: the rule was built from these keys


def modifier(table: dict[str, str | None], matched: str | None) -> str | None:
    """The value of the modifier phrase ("last", "next", "d'ici") that matched, if any."""
    if not matched:
        return None
    for key, value in table.items():
        if re.fullmatch(phrase(key), matched, re.IGNORECASE):
            return value
    return None
