"""Quotation marks: where quoted text begins and ends, in any of the conventions the sources use.

« » (French, Ukrainian, Russian), “ ” (English, and French sites that copy it), „ “ (Slavic
nested), " " (straight, same glyph both ways), ‘ ’ (single, but ’ is also the apostrophe of
l’Ukraine and don’t, so it only counts where no letter is on both sides).

A quote left open at the end of a paragraph continues when the next paragraph opens with the
same mark (the English convention for quotes running over paragraphs); otherwise it closes there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_TO_CLOSE = {"«": "»", "“": "”", "„": "“", '"': '"', "‘": "’", "‹": "›"}
# Closing marks accepted after each opener: copy-edited text mixes “ with " ('“no evidence"').
CLOSERS = {"«": "»", "“": "”\"", "„": "“”", '"': '"”', "‘": "’", "‹": "›"}
MAX_QUOTE_CHARS = 6000


@dataclass(frozen=True)
class Quoted:
    start: int      # first character inside the marks
    end: int        # just past the last character inside
    open: str
    width: int = 1  # characters of each mark: 2 for the typewriter '' ... ''

    @property
    def open_at(self) -> int:
        return self.start - self.width

    @property
    def close_end(self) -> int:
        return self.end + self.width


def _letter(ch: str) -> bool:
    return ch.isalnum()


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    ch = text[i]
    if ch in ('"', "‘"):
        # straight and single marks open after a space or an opening bracket, before a non-space
        return not _letter(before) and before not in ".,;:!?" and not after.isspace()
    return True


def _can_close(text: str, i: int, opener: str) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == "’":
        return not (_letter(before) and _letter(after)) and not before.isspace()
    if text[i] == '"':
        return not before.isspace() or opener == '"' and not _letter(after)
    return True


def _paragraph_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


# the characters where a quote can open: every other character is skipped in one regex search
_MARK = re.compile("[" + re.escape("".join(OPEN_TO_CLOSE) + "'`") + "]")


def find_quoted(text: str) -> list[Quoted]:
    """Top-level quoted spans, in text order (nested quotes stay inside their outer quote)."""
    out: list[Quoted] = []
    i, n = 0, len(text)
    while i < n:
        mark = _MARK.search(text, i)
        if mark is None:
            break
        i = mark.start()
        ch = text[i]
        if text.startswith("''", i) or text.startswith("``", i):
            q = _double_apostrophe(text, i)
            if q is not None:
                out.append(q)
                i = q.close_end
                continue
        if ch in OPEN_TO_CLOSE and _can_open(text, i):
            end = _close(text, i)
            if end is not None:
                close_at, resume = end
                if close_at > i + 1:
                    out.append(Quoted(i + 1, close_at, ch))
                i = resume
                continue
        i += 1
    return out


def _double_apostrophe(text: str, i: int) -> Quoted | None:
    """''quoted'' (and ``quoted''), the typewriter convention of some newspaper archives."""
    before = text[i - 1] if i > 0 else " "
    if _letter(before) or text[i + 2:i + 3].isspace() or i + 2 >= len(text):
        return None
    end = min(_paragraph_end(text, i), i + MAX_QUOTE_CHARS)
    j = text.find("''", i + 2, end)
    while j >= 0 and text[j - 1].isspace():
        j = text.find("''", j + 2, end)
    if j < 0 or j == i + 2:
        return None
    return Quoted(i + 2, j, text[i:i + 2], 2)


def _close(text: str, i: int) -> tuple[int, int] | None:
    """(position of the closing mark or of the paragraph end, where to resume scanning)."""
    opener = text[i]
    closer = OPEN_TO_CLOSE[opener]
    depth = 0
    j = i + 1
    limit = min(len(text), i + MAX_QUOTE_CHARS)
    para_end = _paragraph_end(text, i)
    merged = None   # «A «B», — сказав X: Slavic typesetting merges the two closers into one
    while j < limit:
        ch = text[j]
        if j >= para_end and merged is not None:
            return merged, merged + 1
        if opener == '"' and ch == '"' and j < para_end:
            # "... для "Газпрому", ...": a straight mark opening inside a straight quote nests
            if depth == 0 and _can_close(text, j, opener):
                return j, j + 1
            if _can_open(text, j) and not _can_close(text, j, opener):
                depth += 1
                merged = merged if merged is not None else _plain_close(text, j, para_end)
            elif depth > 0 and _can_close(text, j, opener):
                depth -= 1
            j += 1
            continue
        if j >= para_end:
            # open at a paragraph's end: continue only if the next paragraph reopens the quote
            k = j
            while k < len(text) and text[k].isspace():
                k += 1
            if k < len(text) and text[k] == opener:
                j = k + 1
                para_end = _paragraph_end(text, j)
                continue
            end = j
            while end > i + 1 and text[end - 1].isspace():
                end -= 1
            return (end, j) if end - i > 20 else None   # a stray mark, not a quote
        if ch in CLOSERS[opener] and _can_close(text, j, opener) and depth == 0:
            return j, j + 1
        if ch == opener and opener != closer and closer != "“":
            depth += 1
        elif ch == closer and depth > 0 and _can_close(text, j, opener):
            depth -= 1
            if opener == "«" and depth == 0 and merged is None and _INCISE.match(text, j + 1):
                merged = j
        j += 1
    return None


def _plain_close(text: str, j: int, para_end: int) -> int | None:
    """Where an unnested reading would close the quote: the next closing straight mark (kept
    as the fallback when the nested reading runs off the paragraph)."""
    k = text.find('"', j + 1, para_end)
    return k if k >= 0 else None


_INCISE = re.compile(r"[,.!?…]?\s*[—–-]\s+\w")


def words(text: str) -> int:
    return len(text.split())
