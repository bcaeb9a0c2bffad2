"""Where date rules can match, found in one scan of the text instead of one scan per rule.

Every rule opens with the same look-behind, which makes the regex engine try each rule at every
character. The locator tries them all at once, behind one look-behind and a class of the characters
a match can start with; each rule is then tried only at the offsets found (`matches`), which gives
exactly what its own `finditer` would.
"""
from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

LEAD = r"(?<![\w-])"
_GROUP_NAME = re.compile(r"\(\?P<\w+>")
_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (C.ASSERT, C.ASSERT_NOT, C.AT)


def _first(items) -> tuple[list, bool] | None:
    """(class items a match of the parsed `items` can start with, whether it can be empty);
    None when this cannot tell (negated classes, any character, local flags...)."""
    acc: list = []
    for op, av in items:
        if op is C.LITERAL:
            return acc + [(C.LITERAL, av)], False
        if op is C.IN:
            return (acc + list(av), False) if all(o in (C.LITERAL, C.RANGE, C.CATEGORY) for o, _ in av) else None
        if op is C.BRANCH:
            alts = [_first(alt.data) for alt in av[1]]
            if any(r is None for r in alts):
                return None
            acc += [x for r in alts for x in r[0]]      # type: ignore[index]
            if not any(r[1] for r in alts):                # type: ignore[index]
                return acc, False
            continue
        if op is C.SUBPATTERN:
            if av[1] or av[2]:
                return None
            sub = _first(av[3].data)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            sub = _first(av[2].data)
            if sub is not None and av[0] == 0:
                sub = (sub[0], True)
        elif op in _ZERO_WIDTH:
            continue     # a look-around consumes nothing: the next item starts the match
        else:
            return None
        if sub is None:
            return None
        acc += sub[0]
        if not sub[1]:
            return acc, False
    return acc, True


def _class_item(op, av) -> str | None:
    if op is C.LITERAL:
        return re.escape(chr(av))
    if op is C.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    return _CATEGORIES.get(av)


def first_chars(pattern: str, flags: int) -> set[str] | None:
    """Character-class items covering every character a match of `pattern` can start with (read
    under the same flags: case-insensitive rules get a case-insensitive class); None when unknown."""
    found = _first(P.parse(pattern, flags).data)
    if found is None or found[1]:
        return None
    items = [_class_item(op, av) for op, av in found[0]]
    if not items or any(x is None for x in items):
        return None
    return set(items)      # type: ignore[arg-type]


def locator(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """A zero-width pattern matching at least wherever one of `patterns` matches."""
    flags = {p.flags for p in patterns}
    assert len(flags) == 1, "date rules share their flags"
    bodies = [_GROUP_NAME.sub("(?:", p.pattern) for p in patterns]
    # the look-behind they all open with, once before the alternatives: a word's inner letters fail it
    lead = LEAD if all(b.startswith(LEAD) for b in bodies) else ""
    rests = [b[len(lead):] for b in bodies]
    firsts = [first_chars(r, p.flags) for r, p in zip(rests, patterns)]
    # most words start with no letter a date can: they fail one class, not every rule
    gate = "(?=[" + "".join(sorted(set().union(*firsts))) + "])" if all(firsts) else ""   # type: ignore[arg-type]
    return re.compile(lead + gate + "(?=" + "|".join(rests) + ")", flags.pop())


def matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """`pattern.finditer(text)`, trying only the offsets where the locator saw some rule match
    (a superset of where this one can): leftmost matches that do not overlap, in order."""
    out: list[re.Match[str]] = []
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = pattern.match(text, start)
        if m is not None:
            if m.end() == m.start():
                return list(pattern.finditer(text))     # empty matches step differently: the plain scan
            out.append(m)
            pos = m.end()
    return out
