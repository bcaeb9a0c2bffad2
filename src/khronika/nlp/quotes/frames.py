"""The working form of one attribution before it becomes a contract quote, and span helpers.

A Frame holds character spans only, so the finders (parse-based for fr/en, lexical for uk/ru)
and the later steps (speaker resolution, dates, linking) share one shape.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

Char = tuple[int, int]
# Characters never at either end of a content or speaker span.
EDGE = " \t\n\r,;:—–-"
QUOTE_CHARS = "«»“”„\"‘’‹›"


class Who(TypedDict, total=False):
    """The speaker fields of a Frame, as the finders pass them (`Frame(..., **who)`)."""
    speaker: Char | None
    head: int | None
    antecedent: Char | None
    elided: tuple[str | None, str] | None


@dataclass
class Frame:
    cue: Char                              # the cue words ("a déclaré", "according to", "заявив")
    parts: list[Char]                      # content pieces in text order (two for « A », dit-il, « B »)
    speaker: Char | None = None            # where the text names the speaker here (name, pronoun, role)
    head: int | None = None                # char offset of the speaker phrase's head word, when parsed
    antecedent: Char | None = None         # what a relative pronoun speaker ("who said") stands for
    kind: str = "indirect"
    frame: list[Char] = field(default_factory=list)   # words around the cue that may date the claim
    entity: str | None = None              # resolved speaker entity id
    source: Char | None = None             # a cited document ("un rapport de l'ISW")
    direct: bool = False                   # the content is exactly one quoted span (or its pieces)
    strength: int = 1                      # 2: speech verb or explicit marker; 1: weaker cue
    origin: str = "verb"                   # which finder: direct, cataphora, prep, verb, lexical
    confirmation: Frame | None = None      # "C'est ce qu'a déclaré M. Peskov" after this claim
    elided: tuple[str | None, str] | None = None   # uk/ru subject left out («і додав»): (gender, number)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def trim(text: str, start: int, end: int, strip_quotes: bool = False) -> Char:
    """The span without surrounding spaces and punctuation (and quote marks when asked).

    Quote marks are kept by default: a mixed quote's content ends with its quoted fragment.
    A final period is dropped, but not the "?" or "!" that make a question or a cry.
    """
    edge = EDGE + ".…" + (QUOTE_CHARS if strip_quotes else "")
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    # keep quote marks balanced: a closing mark without its opener inside is dropped
    if not strip_quotes:
        while end > start and text[end - 1] in "»”\"’" and not any(c in text[start:end - 1] for c in "«“\"‘„"):
            end -= 1
            while end > start and text[end - 1] in edge:
                end -= 1
        while start < end and text[start] in "«“„" and not any(c in text[start + 1:end] for c in "»”“"):
            start += 1
    return start, end


def paragraph_bounds(text: str, char: int) -> Char:
    """The line holding `char`: sources put one paragraph on a line (or two, with a blank between)."""
    start = text.rfind("\n", 0, char)
    end = text.find("\n", char)
    return start + 1, (len(text) if end < 0 else end)

