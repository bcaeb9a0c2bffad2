"""The date a claim was made: a date the text gives next to the cue, else the report's date.

Only dates in the words around the cue count ("La veille, M. Peskov avait déclaré",
"Prigozhin said on Thursday", «Об этом вчера сообщил»), never dates inside the content
("les évacuations ont commencé hier ..., selon Yusov" says when the evacuations began) nor
inside the speaker's phrase ("le Corps, qui a lancé un raid le 23 mai, a déclaré"). With a
parse, the date must hang on the cue verb itself.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc

from khronika.nlp.quotes.frames import Frame

# Relations that leave the cue verb's own clause on the way up from a date to the cue.
_DETOURS = {"nsubj", "nsubj:pass", "relcl", "acl:relcl", "acl", "appos", "csubj", "ccomp", "xcomp", "advcl"}


def _hangs_on(doc: Doc, start: int, cue_end: int) -> bool:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    cue = doc.char_span(cue_end - 1, cue_end, alignment_mode="expand")
    if span is None or cue is None or not len(span) or not len(cue):
        return False
    target = cue[-1].i
    tok = span[0]
    for _ in range(40):
        if tok.i == target:
            return True
        if tok.dep_ in _DETOURS or tok.head.i == tok.i:
            return tok.head.i == target and tok.dep_ not in ("nsubj", "nsubj:pass", "csubj")
        tok = tok.head
    return False


class DateIndex:
    """The text's dates by start, so a claim looks only at the dates inside its own frame."""

    def __init__(self, dates: list[dict]) -> None:
        self.by_start = sorted(range(len(dates)), key=lambda i: dates[i]["start"])
        self.starts = [dates[i]["start"] for i in self.by_start]
        self.dates = dates

    def within(self, windows: list[tuple[int, int]]) -> list[dict]:
        """The dates starting inside one of `windows`, in the text's order of dates."""
        found: set[int] = set()
        for lo, hi in windows:
            found.update(self.by_start[bisect_left(self.starts, lo):bisect_right(self.starts, hi)])
        return [self.dates[i] for i in sorted(found)]


def quote_date(doc: Doc, frame: Frame, verb_cue: bool, index: DateIndex | None = None) -> str | None:
    report = doc._.khr_date
    best: tuple[int, str] | None = None
    parsed = verb_cue and doc.has_annotation("DEP")
    for d in (index or DateIndex(doc._.khr_dates or [])).within(frame.frame):
        if not d.get("value") or d.get("duration"):
            continue
        s, e = d["start"], d["end"]
        if not any(fs <= s and e <= fe for fs, fe in frame.frame):
            continue
        if any(ps < e and s < pe for ps, pe in frame.parts):
            continue
        if frame.speaker and frame.speaker[0] < e and s < frame.speaker[1]:
            continue
        if parsed and not _hangs_on(doc, s, frame.cue[1]):
            continue
        dist = abs(s - frame.cue[0])
        if best is None or dist < best[0]:
            best = (dist, d["value"])
    return best[1] if best else report
