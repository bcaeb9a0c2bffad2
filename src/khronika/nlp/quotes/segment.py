"""Sentences for quote finding, from the text itself.

The parsers' sentence boundaries are not good enough here: fr_core_news_md cuts
"Selon l'état-|major", and headings without a final period run into the paragraph after
them. Quotes need clause-level boundaries that never cross a line break, so this splitter
cuts at every line break and after . ! ? … (closing quotes included) followed by a capital,
a digit, a quote or a dash, unless the period ends an abbreviation or an initial.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from khronika.nlp.extensions import doc_text  # re-exported: the quote modules read it from here

Char = tuple[int, int]
_END = re.compile(r"[.!?…]+[»”\"’)\]]*(?=\s+[«“\"„‘(\[—–\-]?(\w))")
ABBREVIATIONS = {"m", "mm", "mme", "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt",
                 "capt", "prof", "jr", "sr", "no", "vs", "etc", "del", "pres", "amb", "adm", "maj", "cpl", "pvt", "supt",
                 "atty", "hon", "rev", "fr", "sec", "gens", "reps", "sens", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
                 "inc", "corp", "co", "ltd", "u.s", "u.n", "u.k", "e.g", "i.e", "a.m", "p.m", "pp", "ft", "mt", "ave",
                 "г", "гг", "ст", "им", "тис", "млн", "млрд", "см", "пп", "рр", "вул", "ул"}


def _abbreviation(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].casefold()
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and text[j:dot].isupper()      # an initial: "Donald J. Trump"


def split_sentences(text: str) -> list[Char]:
    out: list[Char] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _END.finditer(text, line.start(), line.end()):
            if not (m.group(1).isupper() or m.group(1).isdigit()):
                continue
            if text[m.start()] == "." and m.end() - m.start() == 1 and _abbreviation(text, m.start()):
                continue
            out.append((start, m.end()))
            start = m.end()
        out.append((start, line.end()))
    cleaned = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            cleaned.append((s, e))
    return cleaned


class Sentences:
    """Sentence spans with a lookup from any character offset to its sentence."""

    def __init__(self, text: str):
        self.text = text        # Doc.text joins every token on each read: keep it once here
        self.spans = split_sentences(text)
        self._starts = [s for s, _ in self.spans]

    def index(self, char: int) -> int:
        return max(0, bisect_right(self._starts, char) - 1)

    def of(self, char: int) -> Char:
        if not self.spans:
            return 0, 0
        return self.spans[self.index(char)]

    def __iter__(self):
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)


_KEY = "_khr_quote_sentences"


def doc_sentences(doc) -> Sentences:
    """The doc's Sentences, computed once per call of the quote finder (which drops them after)."""
    found = doc.user_data.get(_KEY)
    if found is None:
        found = doc.user_data[_KEY] = Sentences(doc_text(doc))
    return found


def forget(doc) -> None:
    doc.user_data.pop(_KEY, None)
