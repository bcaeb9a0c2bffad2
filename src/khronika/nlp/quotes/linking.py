"""The same statement given twice (reported, then quoted) is linked, not lost: both quotes stay,
each with "linked" = the index of the other."""
from __future__ import annotations

from spacy.tokens import Doc

MIN_SHARED = 4        # content words the two must share
MIN_RATIO = 0.5       # ... as a share of the shorter one's content words


def _words(doc: Doc, start: int, end: int) -> set[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    return {(t.lemma_ or t.text).casefold() for t in span if t.is_alpha and len(t.text) >= 4 and not t.is_stop}


def link_repeats(doc: Doc, quotes: list[dict]) -> None:
    # a quote's words are read only when another quote of its speaker is there to compare
    bags: dict[int, set[str]] = {}

    def bag(k: int) -> set[str]:
        if k not in bags:
            bags[k] = _words(doc, quotes[k]["content_start"], quotes[k]["content_end"])
        return bags[k]

    for i, qi in enumerate(quotes):
        if "linked" in qi or not qi["speaker"]:
            continue
        for j in range(i + 1, len(quotes)):
            qj = quotes[j]
            if "linked" in qj or qj["speaker"] != qi["speaker"]:
                continue
            shared = len(bag(i) & bag(j))
            small = min(len(bag(i)), len(bag(j)))
            if shared >= MIN_SHARED and small and shared / small >= MIN_RATIO:
                qi["linked"], qj["linked"] = j, i
                break
