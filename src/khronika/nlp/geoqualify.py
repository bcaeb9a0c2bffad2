"""Places qualified by the region or country written after them: "Greenwood, W. Va.",
"Fort Knox, Ky.", "Windsor, Ontario".

News writes a town's state or country after a comma exactly when the town alone is ambiguous,
so the qualifier outranks the other evidence: candidates inside it gain
``QUALIFIED_BONUS``, and a town the gazetteer has only elsewhere is placed at the qualifier
itself rather than at a namesake in another state.
"""
from __future__ import annotations

import re
from typing import Any
from collections.abc import Sequence

from khronika.kb.gazetteer import Gazetteer, normalize_name

__all__ = ["QUALIFIED_BONUS", "qualifier_groups", "in_qualifier", "named_region"]

QUALIFIED_BONUS = 2.5
_GAP = re.compile(r"^,\s*$")
_QUALIFIER_FEATURES = ("region", "country")


def qualifier_groups(analysed: Sequence[Sequence[Any]], text: str) -> dict[int, list[int]]:
    """``{group: [groups written right after one of its mentions, after a comma]}``."""
    starts: dict[int, int] = {}
    for gj, ms in enumerate(analysed):
        for m in ms:
            starts[m.start] = gj
    out: dict[int, list[int]] = {}
    for gi, ms in enumerate(analysed):
        for m in ms:
            end = m.end
            for k in range(end + 1, min(end + 4, len(text)) + 1):
                gk = starts.get(k)
                if gk is not None and gk != gi and _GAP.match(text[end:k]):
                    out.setdefault(gi, [])
                    if gk not in out[gi]:
                        out[gi].append(gk)
                    break
    return out


def in_qualifier(gaz: Gazetteer, p: int, q: int) -> bool | None:
    """Whether place ``p`` lies in the qualifier place ``q``; None when ``q`` is no region or
    country (then it qualifies nothing: "Paris, Texas" has a region, "Smith, Jones" not)."""
    feat = gaz.feature(q)
    if feat not in _QUALIFIER_FEATURES:
        return None
    if int(gaz.cc[p]) != int(gaz.cc[q]):
        return False
    return feat == "country" or int(gaz.a1[p]) == int(gaz.a1[q])


# "Oleksandrivka, Kherson region", "Mykhailivka (Luhansk oblast)", "Mykolaivka in Luhansk oblast":
# the first-level region written after a town, whether or not anything found it as a mention
_REGION_AFTER = re.compile(
    r"^\s*(?:,|\(|–|—|-)?\s*(?:in|of)?\s*(?:the\s+)?(?P<name>[A-Z][\w'’]+(?:-[A-Z][\w'’]+)?)\s+"
    r"(?:[Oo]blast|[Rr]egion|[Pp]rovince|[Kk]rai)\b")


def named_region(gaz: Gazetteer, text: str, end: int) -> int | None:
    """The first-level region ("X Oblast" / "X region") the text names right after offset ``end``."""
    mm = _REGION_AFTER.match(text[end:end + 60])
    if mm is None:
        return None
    for key in (f"{mm.group('name')} oblast", f"{mm.group('name')} region"):
        for p, _ in gaz.lookup_key(normalize_name(key)):
            if gaz.feature(p) == "region":
                return p
    return None
