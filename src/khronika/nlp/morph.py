"""pymorphy3 for Ukrainian and Russian names: lemmas, and whether a word can name a person.

natasha's NER, trained on Russian, often tags Ukrainian place names and adverbs as
persons («У Бахмуті», «Вчора»); the dictionary's tags (Name, Surn, anim/inan) tell them apart.
"""
from __future__ import annotations

from functools import lru_cache

INFLECTED = ("uk", "ru")
PERSON_TAGS = {"Name", "Surn", "Patr"}


@lru_cache(maxsize=4)
def analyzer(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=65536)
def _parses(word: str, lang: str):
    return analyzer(lang).parse(word)


def parses(word: str, lang: str):
    """pymorphy3's readings of one word, best first (cached)."""
    return _parses(word, lang)


def lemma(word: str, lang: str) -> str:
    return _parses(word, lang)[0].normal_form


def person_lemma(text: str, lang: str) -> str:
    """Nominative of a person's name, word by word («Олега Синєгубова» -> «Олег Синєгубов»)."""
    out = []
    for word in text.split():
        parses = _parses(word, lang)
        best = next((p for p in parses if PERSON_TAGS & set(p.tag.grammemes)), None)
        if best is None:
            out.append(word)
            continue
        # masculine surnames in the genitive look feminine nominative: prefer the masculine reading
        masc = next((p for p in parses if PERSON_TAGS & set(p.tag.grammemes) and "masc" in p.tag), None)
        form = (masc or best).normal_form
        out.append(form[:1].upper() + form[1:] if word[:1].isupper() else form)
    return " ".join(out)


def word_kind(word: str, lang: str) -> str:
    """'person', 'place', 'both' or 'other' for one capitalised word the NER called a name."""
    parses = _parses(word, lang)
    person = any(PERSON_TAGS & set(p.tag.grammemes) for p in parses)
    place = any("Geox" in p.tag.grammemes for p in parses)
    if person or place:
        return "both" if person and place else ("person" if person else "place")
    top = parses[0]
    if top.tag.POS == "NOUN":
        return "place" if "inan" in top.tag.grammemes and top.is_known else "person"
    if not top.is_known and top.tag.POS not in ("ADJF", "ADVB", "VERB", "INFN", "PRTF", "GRND"):
        return "person"
    return "other"
