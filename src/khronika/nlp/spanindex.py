"""Overlap and containment queries over a fixed set of character spans in O(log n) each.

The geocoder asks, for every candidate place, whether an entity's mention overlaps or
contains it; on a long text (one report repeated, a 200 KB transcript) pairwise scans are
quadratic. Spans sorted by start with a running maximum of their ends answer both questions
exactly: some span starting before `e` ends after `s` iff the largest such end does.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class SpanIndex:
    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.ends = [b for _, b in ordered]
        self.max_end: list[int] = []
        best = -1
        for _, b in ordered:
            best = max(best, b)
            self.max_end.append(best)
        # per start, the largest end of a span starting there (for strict containment)
        self.end_at: dict[int, int] = {}
        for a, b in ordered:
            self.end_at[a] = max(self.end_at.get(a, -1), b)

    def overlaps(self, s: int, e: int) -> bool:
        """Does a span (a, b) with a < e and b > s exist?"""
        i = bisect_left(self.starts, e)
        return i > 0 and self.max_end[i - 1] > s

    def contains(self, s: int, e: int, strict: bool = False) -> bool:
        """Does a span (a, b) with a <= s and e <= b exist (other than (s, e) itself when strict)?"""
        if not strict:
            i = bisect_right(self.starts, s)
            return i > 0 and self.max_end[i - 1] >= e
        i = bisect_left(self.starts, s)          # spans starting strictly before s
        if i > 0 and self.max_end[i - 1] >= e:
            return True
        return self.end_at.get(s, -1) > e        # same start, longer


class DisjointSpans:
    """A growing set of non-overlapping spans with O(log n) overlap queries."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_left(self.starts, e)         # spans starting before e; only the last can reach past s
        return i > 0 and self.ends[i - 1] > s

    def add(self, s: int, e: int) -> None:
        i = bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))
