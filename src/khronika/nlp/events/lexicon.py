"""Trigger lexicons: lemma patterns that signal an event type, and a fast matcher over tokens.

A lexicon maps a label (a CASE/ACLED code such as "AIR_STRIKE", or a PLOVER key such as
"P:CONSULT:visit") to patterns. A pattern is a sequence of token tests separated by spaces:
`shell` matches the lemma or the lower-cased word "shell", `shell*` any form starting with it,
`suicide|kamikaze` either. Consecutive tests may have up to MAX_GAP tokens between them, so
"s'est rendu" matches `se rendre` and "fired tear gas" matches `fire tear gas`; `...` between
two tests allows up to WIDE_GAP tokens, for a verb and its object's head noun ("seized a total of
206 automatic weapons" matches `seize ... weapon`).
A leading `~` marks a weak trigger: a word that says *something* violent happened ("attack",
"killed") without saying what; the classifier decides the type of those.

Matching goes through an index on the first test (exact forms in a dict, prefixes by the
lemma's own prefixes), so a document costs a few dict look-ups per token, not one regex per
pattern per token.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

MAX_GAP = 2
WIDE_GAP = 6
WIDE = ("...",)   # the test that widens the gap before the next one
_ELIDED = {"s'": "se", "l'": "le", "d'": "de", "qu'": "que", "n'": "ne", "j'": "je", "m'": "me", "t'": "te",
           "c'": "ce", "jusqu'": "jusque", "lorsqu'": "lorsque", "puisqu'": "puisque"}


@lru_cache(maxsize=65536)
def norm_form(text: str) -> str:
    """Lower-cased form with one apostrophe and French elisions restored ("s’" -> "se")."""
    t = text.casefold().replace("’", "'").replace("ʼ", "'")
    return _ELIDED.get(t, t)


@dataclass(frozen=True)
class Trigger:
    label: str
    tests: tuple[tuple[str, ...], ...]   # per position: alternatives; "x*" is a prefix test
    strong: bool
    pattern: str


@dataclass(frozen=True)
class Match:
    label: str
    start: int        # first token index (in the sequence given to `find`)
    end: int          # one past the last matched token
    strong: bool
    pattern: str


_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def _variants(pat: str) -> list[tuple[tuple[str, ...], ...]]:
    """The token tests of a pattern, and, when a word of it is hyphenated, also with that word
    split at its hyphens: the English tokenizer (and the French one for some words) cuts
    "cease-fire", "al-Shabaab", "attentat-suicide" into three tokens, which a one-token test
    never matches."""
    words = pat.split()
    out = [tuple(tuple(norm_form(a) for a in w.split("|")) for w in words)]
    if any(_HYPHEN.search(w) and "|" not in w for w in words):
        split = " ".join(_HYPHEN.sub(" - ", w) if "|" not in w else w for w in words).split()
        out.append(tuple(tuple(norm_form(a) for a in w.split("|")) for w in split))
    return out


def _ok(alts: tuple[str, ...], forms: tuple[str, ...]) -> bool:
    for a in alts:
        if a.endswith("*"):
            if any(f.startswith(a[:-1]) for f in forms):
                return True
        elif a in forms:
            return True
    return False


class Lexicon:
    def __init__(self, table: Mapping[str, Sequence[str]]):
        self.triggers: list[Trigger] = []
        self._exact: dict[str, list[Trigger]] = {}
        self._prefix: dict[str, list[Trigger]] = {}
        for label, patterns in table.items():
            for raw in patterns:
                strong = not raw.startswith("~")
                pat = raw.lstrip("~").strip()
                for tests in _variants(pat):
                    self._add(Trigger(label, tests, strong, pat))
        self._prefix_lens = sorted({len(p) for p in self._prefix})
        self.labels = tuple(dict.fromkeys(t.label for t in self.triggers))

    def _add(self, trig: Trigger) -> None:
        self.triggers.append(trig)
        for alt in trig.tests[0]:
            if alt.endswith("*"):
                self._prefix.setdefault(alt[:-1], []).append(trig)
            else:
                self._exact.setdefault(alt, []).append(trig)

    def _first(self, forms: tuple[str, ...]) -> list[Trigger]:
        out: list[Trigger] = []
        for f in forms:
            out.extend(self._exact.get(f, ()))
            for n in self._prefix_lens:
                if n > len(f):
                    break
                out.extend(self._prefix.get(f[:n], ()))
        return out

    def find(self, forms: Sequence[tuple[str, ...]]) -> list[Match]:
        """Every trigger match over tokens given as (lemma, word) form tuples, longest first
        at each start, overlapping matches of one label dropped."""
        out: list[Match] = []
        n = len(forms)
        for i in range(n):
            cands = self._first(forms[i])
            if not cands:
                continue
            found: list[Match] = []
            for trig in dict.fromkeys(cands):
                end = self._rest(trig, forms, i + 1, 1)
                if end is not None:
                    found.append(Match(trig.label, i, end, trig.strong, trig.pattern))
            found.sort(key=lambda m: (-(m.end - m.start), not m.strong))
            out.extend(found)
        return _dedupe(out)

    def _rest(self, trig: Trigger, forms: Sequence[tuple[str, ...]], pos: int, k: int,
              gap: int = MAX_GAP) -> int | None:
        if k == len(trig.tests):
            return pos
        if trig.tests[k] == WIDE:
            return self._rest(trig, forms, pos, k + 1, WIDE_GAP)
        for j in range(pos, min(pos + gap + 1, len(forms))):
            if _ok(trig.tests[k], forms[j]):
                end = self._rest(trig, forms, j + 1, k + 1)
                if end is not None:
                    return end
        return None


def _dedupe(matches: list[Match]) -> list[Match]:
    """Drop a match lying strictly inside a longer one ("bomber" inside "suicide bomber", of
    whatever label) and repeated matches of one label over the same tokens.

    Linear in the matches: a match is at most `longest` tokens long, so only matches starting
    within `longest` tokens before it can contain it (a text of one sentence repeated 200 KB
    has tens of thousands of matches)."""
    if not matches:
        return []
    longest = max(m.end - m.start for m in matches)
    ends_by_start: dict[int, list[int]] = {}
    for o in matches:
        ends_by_start.setdefault(o.start, []).append(o.end)
    out: list[Match] = []
    seen: set[tuple[str, int, int]] = set()
    for m in matches:
        if (m.label, m.start, m.end) in seen:
            continue
        size = m.end - m.start
        if any(end >= m.end and end - s > size
               for s in range(m.start - longest, m.start + 1) for end in ends_by_start.get(s, ())):
            continue
        seen.add((m.label, m.start, m.end))
        out.append(m)
    return sorted(out, key=lambda m: (m.start, m.end))
