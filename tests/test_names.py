"""Deterministic ids of names the knowledge base lacks (nlp/names.py)."""
from __future__ import annotations

import pytest

from khronika.nlp.names import slug_id


@pytest.mark.parametrize("spellings, expected", [
    (["Valeriy Chaly", "Valerii Chalyi", "Валерій Чалий"], "person:valeri-chali"),
    (["Lytak", "Litak"], "place:litak"),
    (["Демократическая партия", "Демократична партія"], "org:demokratichna-partia"),   # ru -ическ-, uk -ічн-
])
def test_spellings_of_one_name_share_an_id(spellings, expected):
    kind = expected.split(":")[0]
    assert {slug_id(kind, s) for s in spellings} == {expected}


def test_digits_are_kept_as_written():
    # letters fold ("Hoss" = "Hos"), numbers never do: Belgorod-22 is not Belgorod-2
    assert slug_id("place", "Belgorod-22") == "place:belgorod-22"
    assert slug_id("place", "Belgorod-22") != slug_id("place", "Belgorod-2")
