"""qualifier_groups: which group qualifies which ("Greenwood, W. Va." -> West Virginia's group)."""
from __future__ import annotations

from types import SimpleNamespace

from khronika.nlp.geoqualify import qualifier_groups


def _mention(text: str, name: str) -> SimpleNamespace:
    start = text.index(name)
    return SimpleNamespace(start=start, end=start + len(name))


def test_the_group_after_the_comma_qualifies_the_one_before():
    text = "Greenwood, W. Va. and Paris, Texas, then London."
    names = ["Greenwood", "W. Va.", "Paris", "Texas", "London"]
    analysed = [[_mention(text, n)] for n in names]
    # group 0 is qualified by group 1, group 2 by group 3; London (the last group) qualifies nobody
    assert qualifier_groups(analysed, text) == {0: [1], 2: [3]}
