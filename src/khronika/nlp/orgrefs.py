"""uk/ru: the short references a document makes to an organisation it has named in full.

BSNLP-style linking counts «Комісія», «Комісії» after «Європейська комісія», and «ЄК» or «ЄСПЛ»
for «Європейський суд з прав людини», as that organisation. Within one document, a head noun
alone or the initials of a name refer to the nearest organisation named so (a knowledge-base
one first: a model's longer span is often a phrase, «Рада пропозиції Комісії»). Used by the
linker for the mentions the model found and for the capitalised words it missed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from khronika.nlp.morph import head_noun as _head_noun_uncached, parses

# pymorphy's readings behind these are dear: once per distinct name or word
head_noun = lru_cache(maxsize=16384)(_head_noun_uncached)

# Function words initials skip: «Європейський суд з прав людини» is ЄСПЛ.
_FUNCTION = {"з", "із", "зі", "по", "в", "у", "і", "й", "та", "и", "на", "для", "о", "об", "of", "the", "for",
             "and", "de", "la", "du", "des"}
_ACRONYM = re.compile(r"^[A-ZА-ЯЁІЇЄҐ]{2,6}$")


def initials(name: str) -> str:
    """«Європейська комісія» -> ЄК, «Нагорно-Карабахская республика» -> НКР."""
    # one-letter particles inside compounds count neither («Техрік-е-Лабаік Пакистан» is ТЛП)
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.casefold() not in _FUNCTION
             and not (len(w) == 1 and w.islower())]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


class OrgRefs:
    """Head-noun and initials keys -> the organisation mentions they may stand for, in text order."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.by_key: dict[str, list[dict]] = {}
        # the first letters of every head noun: most capitalised words need no look-up
        self.prefixes: set[str] = set()

    def _add(self, key: str, m: dict) -> None:
        found = self.by_key.setdefault(key, [])
        if not found or found[-1] is not m:
            found.append(m)

    def add(self, m: dict, names: Iterable[str]) -> None:
        """An organisation mention and its names (its text, a kb actor's name in the language)."""
        for name in names:
            words = name.split()
            if len(words) < 2:
                continue
            head = head_noun(name, self.lang)
            if head is not None and _common_noun(words[head[0]], self.lang):
                self._add("h:" + head[1], m)
                self.prefixes.add(head[1][:3])
            acro = initials(name)
            if len(acro) >= 2:
                self._add("i:" + acro, m)

    def key(self, word: str) -> str:
        if _ACRONYM.match(word):
            return "i:" + word
        if word[:3].lower() not in self.prefixes:
            return ""
        head = head_noun(word, self.lang)
        return "h:" + head[1] if head else ""

    def nearest(self, word: str, start: int) -> dict | None:
        """The organisation mention `word` (one word) refers to at `start`: the last before it, else
        the first after it; None when the document names no organisation so."""
        found = self.by_key.get(self.key(word))
        if not found:
            return None
        known = [m for m in found if m["kb"]] or found
        before = [m for m in known if m["start"] < start]
        return before[-1] if before else known[0]

    def missed(self, tokens: list[tuple[int, str]], taken: list[tuple[int, int]]) -> Iterable[tuple[int, int, dict]]:
        """(start, end, antecedent) of the words a model did not tag that refer to an organisation:
        a capitalised word standing alone (not in a run of capitalised words) or an acronym."""
        if not self.by_key:
            return
        taken = sorted(taken)
        k = 0
        for i, (start, word) in enumerate(tokens):
            if not word[:1].isupper() or not word.isalpha():
                continue
            while k < len(taken) and taken[k][1] <= start:
                k += 1
            if k < len(taken) and taken[k][0] < start + len(word):
                continue
            if not _ACRONYM.match(word) and (_capitalised(tokens, i - 1) or _capitalised(tokens, i + 1)):
                continue
            antecedent = self.nearest(word, start)
            if antecedent is not None:
                yield start, start + len(word), antecedent


def _capitalised(tokens: list[tuple[int, str]], i: int) -> bool:
    return 0 <= i < len(tokens) and tokens[i][1][:1].isupper()


_PROPER = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"}


@lru_cache(maxsize=65536)
def _common_noun(word: str, lang: str) -> bool:
    """A head noun that is a word of the language, no place or person («Флорида Пантерз» has no
    head a lone «Флориды» could stand for)."""
    readings = parses(word, lang)
    return not any("Geox" in p.tag.grammemes for p in readings) and any(
        p.tag.POS == "NOUN" and p.is_known and not _PROPER & set(p.tag.grammemes) for p in readings)
