"""Finding the claims near a stretch of text without looking at every claim of the document.

`select` asks of each new claim whether it overlaps, holds or sits inside one already kept:
asked of every kept claim, that is quadratic in the claims (a long text of short quotes took
minutes). Kept claims are filed by the buckets of text their extent covers; a question about
positions lo..hi looks only at the claims filed in those buckets, in the order they were kept,
so every answer is the one the full scan gave.
"""
from __future__ import annotations

from collections.abc import Iterator

from khronika.nlp.quotes.frames import Frame

BUCKET = 512    # characters per bucket: about a sentence or two


def extent(f: Frame) -> tuple[int, int]:
    """The first and last positions a claim touches: its cue, its content, its speaker."""
    points = [f.cue[0], f.cue[1]] + [p for part in f.parts for p in part]
    if f.speaker is not None:
        points.extend(f.speaker)
    return min(points), max(points)


class KeptFrames:
    """Claims in the order they were kept, with a bucket index over their extents."""

    def __init__(self) -> None:
        self._order: dict[int, Frame] = {}       # insertion number -> claim (dicts keep order)
        self._number: dict[int, int] = {}        # id(claim) -> insertion number
        self._buckets: dict[int, list[int]] = {}
        self._next = 0

    def append(self, f: Frame) -> None:
        n = self._next
        self._next += 1
        self._order[n] = f
        self._number[id(f)] = n
        lo, hi = extent(f)
        for b in range(lo // BUCKET, hi // BUCKET + 1):
            self._buckets.setdefault(b, []).append(n)

    def remove(self, f: Frame) -> None:
        """Drop the first kept claim equal to `f`, as list.remove does (the buckets keep its
        number; a number no longer in _order is skipped by near())."""
        k = next(k for k in self.near(*extent(f)) if k == f)
        del self._order[self._number.pop(id(k))]

    def __iter__(self) -> Iterator[Frame]:
        return iter(list(self._order.values()))

    def near(self, lo: int, hi: int) -> list[Frame]:
        """The kept claims whose extent may share a position with lo..hi (inclusive), in the
        order they were kept: a superset of those that do."""
        found: set[int] = set()
        for b in range(lo // BUCKET, hi // BUCKET + 1):
            found.update(self._buckets.get(b, ()))
        return [self._order[n] for n in sorted(found) if n in self._order]


class PartIndex:
    """Claim contents by bucket: which of them hold a stretch of text, without a full scan."""

    def __init__(self, frames: list[Frame]) -> None:
        self._buckets: dict[int, list[tuple[int, int, Frame]]] = {}
        for f in frames:
            for s, e in f.parts:
                for b in range(s // BUCKET, e // BUCKET + 1):
                    self._buckets.setdefault(b, []).append((s, e, f))

    def holding(self, start: int, end: int) -> list[Frame]:
        """The claims one of whose parts holds start..end (a claim may come more than once)."""
        return [f for s, e, f in self._buckets.get(start // BUCKET, ()) if s <= start and end <= e]
