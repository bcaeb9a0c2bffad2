"""Dictionary forms of inflected Ukrainian and Russian place names («Бахмуті» -> «бахмут»),
for gazetteer keys: pymorphy3's readings (the analyzer of :mod:`khronika.nlp.morph`, one per
language per process) and, after them, suffix rules.
"""
from __future__ import annotations

import warnings
from functools import lru_cache

from khronika.kb.gazetteer import cyrillic_language, is_cyrillic, normalize_name

__all__ = ["morph_forms", "lemma_keys"]


_degraded: set[str] = set()


def _parses(word: str, lang: str) -> list:
    try:
        from khronika.nlp.morph import parses
        return parses(word, lang)
    except Exception as exc:       # dictionaries missing: suffix rules only
        if lang not in _degraded:
            _degraded.add(lang)
            warnings.warn(f"geocoder: no pymorphy3 analyzer for {lang!r} ({exc}); inflected place names are "
                          "reduced by suffix rules only", RuntimeWarning, stacklevel=2)
        return []


_SUFFIX_RULES = [
    ("ці", "ка"), ("ки", "ка"), ("ку", "ка"), ("кою", "ка"), ("ке", "ка"), ("кой", "ка"), ("ою", "а"), ("ої", "а"),
    ("ої", "я"), ("ій", "а"), ("ій", "я"), ("і", "а"), ("і", "я"), ("і", ""), ("і", "ь"), ("у", ""), ("у", "ь"),
    ("а", ""), ("а", "ь"), ("ом", ""), ("ем", "ь"), ("ові", ""), ("ю", "я"), ("ю", "ь"), ("е", "а"), ("е", ""),
    ("ы", "а"), ("ой", "а"), ("ом", "о"), ("и", "а"), ("и", "я"), ("я", "ь"), ("еві", "ь"), ("ем", ""),
    ("ого", "е"), ("ого", "ий"), ("ому", "ий"), ("ому", "е"), ("ім", "е"), ("ом", "е"), ("ах", "и"),
]


@lru_cache(maxsize=20000)
def morph_forms(word: str) -> tuple[str, ...]:
    """Candidate dictionary forms of an inflected Cyrillic word, most likely first."""
    if not is_cyrillic(word):
        return ()
    low = word.lower()
    lang = cyrillic_language(word)
    out: list[str] = []
    for lg in ([lang] if lang else ["uk", "ru"]):
        for p in _parses(low, lg)[:6]:
            nf = p.normal_form
            if nf not in out:
                out.append(nf)
    for suf, rep in _SUFFIX_RULES:
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            cand = low[: -len(suf)] + rep
            if cand not in out:
                out.append(cand)
    return tuple(out)


def lemma_keys(s: str) -> list[str]:
    """Keys of dictionary forms of a (possibly multi-word) inflected Cyrillic name."""
    return list(_lemma_keys(s))


@lru_cache(maxsize=20000)
def _lemma_keys(s: str) -> tuple[str, ...]:
    # cached by name: the matcher asks again for every capitalised run a name starts
    words = s.split()
    if not words or len(words) > 3:
        return ()
    options = [list(morph_forms(w))[:5] or [w.lower()] for w in words]
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
    # last: the phrase in the nominative with its number kept («Сполучених Штатів» -> «Сполучені Штати»)
    if len(words) > 1:
        lang = cyrillic_language(s)
        keys += [normalize_name(_phrase_nominative(s, lg)) for lg in ([lang] if lang else ["uk", "ru"])]
    return tuple(dict.fromkeys(k for k in keys if k))


def _phrase_nominative(s: str, lang: str) -> str:
    try:
        from khronika.nlp.morph import phrase_lemma
        return phrase_lemma(s, lang)
    except Exception:       # dictionaries missing (warned once by _parses)
        return ""
