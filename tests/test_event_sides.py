"""Territorial events are typed by who takes the ground, not by the verb (nlp/events/sides.py)."""
from __future__ import annotations

import pytest

from khronika.nlp.events.lexicons import lexicon
from khronika.nlp.events.sides import GOV, NSA, relabel_territorial, subject_roles
from khronika.nlp.events.snippets import token_forms
from khronika.nlp.languages import load_base


@pytest.fixture(scope="module")
def en():
    return load_base("en")


def _territorial(nlp, text: str) -> list[str]:
    doc = nlp(text)
    matches = relabel_territorial(doc, lexicon("en").find(token_forms(doc)))
    return [m.label for m in matches if m.label in (GOV, NSA)]


@pytest.mark.parametrize("text, label", [
    ("Rebel fighters retook the northern town of Amsa on Thursday.", NSA),
    ("Government troops captured two rebel camps in the hills over the weekend.", GOV),
    ("The town was recaptured by the army after a week of fighting.", GOV),
    ("Russian troops captured the village of Klishchiivka on Monday.", NSA),
    ("Ukrainian forces liberated the village of Robotyne, the General Staff said.", GOV),
])
def test_the_acting_side_types_a_territorial_event(en, text, label):
    assert _territorial(en, text)[0] == label


def test_subject_roles_tell_police_acting_from_protesters_acting(en):
    doc = en("Police fired tear gas at the march. Protesters later torched two cars.")
    roles = [m.label for m in subject_roles(doc, lexicon("en").find(token_forms(doc))) if m.label.startswith("S:")]
    assert roles == ["S:FORCES_ACT", "S:PROTESTERS_ACT"]
