"""Very long texts are analysed in pieces, so a document's time and memory grow linearly with it.

Several steps compare every finding of a document with every other (pronoun antecedents, claims
within claims, events told twice): harmless on a news article, quadratic on a 10 MB file (a text
of one sentence repeated took 40 s at 100 KB, 138 s at 200 KB; a 10 MB file reached 15 GB).
A text longer than PIECE_CHARS is cut at paragraph boundaries (else line, sentence, word ends)
into pieces of at most that size, each analysed as a document of its own; `merge` then shifts
every offset of a piece's findings by where the piece starts, so `text[start:end]` still quotes
each mention, quote, event and section of the whole text, and joins the entities by id.
A text at most PIECE_CHARS long is one piece: its analysis is exactly what it always was.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from khronika.nlp.roles import add_role

# Far above any news article (the samples and the seed are under 7k characters: analysed as before).
# With 30k pieces a repeated English sentence costs 56, 60, 63 µs a character at 50, 100, 200 KB
# (whole: 56, 85, 130). Smaller pieces were not measured to be cheaper.
PIECE_CHARS = 30_000
# A cut is looked for in the last part of a piece only, so no piece is much shorter than the size.
SEARCH_FROM = 0.5
_SENTENCE_END = re.compile(r"[.!?…»”\"')\]]\s+")
_SPACE = re.compile(r"\s+")

Bounds = tuple[int, int]


def _last_match(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """The end of the last match of `pattern` inside text[lo:hi], if any."""
    end = None
    for m in pattern.finditer(text, lo, hi):
        end = m.end()
    return end


def _cut(text: str, start: int, size: int) -> int:
    """Where the piece starting at `start` ends: after a blank line, else a line end, a sentence
    end, a space, else at `size` characters (a text with no space at all)."""
    hi = start + size
    lo = start + int(size * SEARCH_FROM)
    for sep in ("\n\n", "\n"):
        at = text.rfind(sep, lo, hi)
        if at != -1:
            return at + len(sep)
    for pattern in (_SENTENCE_END, _SPACE):
        end = _last_match(pattern, text, lo, hi)
        if end is not None and end > start:
            return end
    # no space at all: at least keep a character with the combining marks that follow it
    while hi > lo and (unicodedata.combining(text[hi]) or text[hi] in "\u200d\ufe0f"):
        hi -= 1
    return hi


def split(text: str, size: int = PIECE_CHARS) -> list[Bounds]:
    """(start, end) of each piece; one piece for a text of at most `size` characters. The pieces
    cover the text exactly, in order."""
    out: list[Bounds] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, size)
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def _span(d: dict[str, Any] | None, shift: int) -> None:
    if d is not None:
        d["start"] += shift
        d["end"] += shift


def _shift_quote(q: dict[str, Any], shift: int, first_index: int) -> None:
    q["content_start"] += shift
    q["content_end"] += shift
    if q.get("speaker_start") is not None:
        q["speaker_start"] += shift
        q["speaker_end"] += shift
    if "parts" in q:
        q["parts"] = [[s + shift, e + shift] for s, e in q["parts"]]
    _span(q.get("source"), shift)
    if q.get("linked") is not None:
        q["linked"] += first_index      # the index of the other quote, now among all the quotes


def _shift_event(ev: dict[str, Any], shift: int) -> None:
    _span(ev.get("evidence"), shift)
    _span(ev.get("trigger"), shift)
    for span in ev.get("evidence_spans") or ():
        _span(span, shift)
    for claim in ev.get("claims") or ():
        _span(claim, shift)


def _join_entity(into: dict[str, Any], ent: dict[str, Any]) -> None:
    """One entity found in two pieces: the first piece's name and type, every mention and role."""
    into["mentions"].extend(ent["mentions"])
    for role in ent["roles"]:
        add_role(into["roles"], role)
    for key in ("wikidata", "geo"):
        if into.get(key) is None and ent.get(key) is not None:
            into[key] = ent[key]


def merge(doc_id: str, text: str, bounds: Sequence[Bounds], parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One contract object for `text` from the contract objects of its pieces (same order as
    `bounds`). The document block (title, date, ...) is the first piece's; later pieces add
    their sections, entities, quotes, events and episodes, shifted to the whole text."""
    out = parts[0]
    out["id"], out["text"] = doc_id, text
    by_id = {e["id"]: e for e in out["entities"]}
    for (start, _), part in zip(bounds[1:], parts[1:]):
        for s in part["document"]["sections"]:
            _span(s, start)
            out["document"]["sections"].append(s)
        for ent in part["entities"]:
            for m in ent["mentions"]:
                _span(m, start)
            if ent["id"] in by_id:
                _join_entity(by_id[ent["id"]], ent)
            else:
                by_id[ent["id"]] = ent
                out["entities"].append(ent)
        first_index = len(out["quotes"])
        for q in part["quotes"]:
            _shift_quote(q, start, first_index)
            out["quotes"].append(q)
        for ev in part["events"]:
            _shift_event(ev, start)
            out["events"].append(ev)
        out["episodes"].extend(part["episodes"])
    return out
