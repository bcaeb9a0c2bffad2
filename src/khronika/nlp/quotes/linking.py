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
    bags = [_words(doc, q["content_start"], q["content_end"]) for q in quotes]
    for i, qi in enumerate(quotes):
        if "linked" in qi or not qi["speaker"]:
            continue
        for j in range(i + 1, len(quotes)):
            qj = quotes[j]
            if "linked" in qj or qj["speaker"] != qi["speaker"]:
                continue
            shared = len(bags[i] & bags[j])
            small = min(len(bags[i]), len(bags[j]))
            if shared >= MIN_SHARED and small and shared / small >= MIN_RATIO:
                qi["linked"], qj["linked"] = j, i
                break
