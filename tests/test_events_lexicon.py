"""Trigger patterns over real tokenisation, and who an attack is done to."""
from __future__ import annotations

import pytest

from khronika.nlp.events.lexicon import Lexicon


def _forms(words: str) -> list[tuple[str, str]]:
    return [(w, w) for w in words.split()]


def test_a_hyphenated_pattern_matches_the_tokens_the_hyphen_splits():
    lex = Lexicon({"AGREEMENT": ["cease-fire"], "A:NONSTATE": ["al-shabaab"]})
    assert [m.label for m in lex.find(_forms("the cease - fire holds"))] == ["AGREEMENT"]
    assert [m.label for m in lex.find(_forms("a cease-fire"))] == ["AGREEMENT"]
    assert [(m.start, m.end) for m in lex.find(_forms("by al - shabaab fighters"))] == [(1, 4)]


def test_a_wide_gap_reaches_the_head_noun_of_a_long_object_and_no_further():
    lex = Lexicon({"DISR_WEAP": ["seize ... weapons"]})
    assert lex.find(_forms("seize a total of 206 automatic weapons"))
    assert not lex.find(_forms("seize the town and then in the evening seven weapons"))
    assert not Lexicon({"DISR_WEAP": ["seize weapons"]}).find(_forms("seize a total of 206 automatic weapons"))


def _subs(doc: dict) -> list[str]:
    return [ev["acled"]["sub_event_type"] for ev in doc["events"] if ev.get("acled")]


@pytest.mark.parametrize("text,sub", [
    ("At least 27 security personnel were killed in Taliban attacks across Afghanistan on Tuesday.", "Armed clash"),
    ("Gunmen killed 14 people, attacking a marketplace and a military base.", "Armed clash"),
    ("Nine villagers have been confirmed dead by the police after gunmen attacked their community.", "Attack"),
])
def test_an_attack_on_armed_men_is_a_clash_and_the_police_who_report_it_are_no_target(analyze_text, text, sub):
    assert _subs(analyze_text(text, "en"))[:1] == [sub]


@pytest.mark.parametrize("text,lang", [
    ("Shelling hit the Russian-occupied south overnight.", "en"),
    ("Des tirs ont visé les territoires occupés.", "fr"),
])
def test_occupied_ground_is_no_taking_of_it(analyze_text, text, lang):
    assert "Non-state actor overtakes territory" not in _subs(analyze_text(text, lang))


def test_a_raid_to_detain_is_an_arrest_and_activists_alone_are_no_protest(analyze_text):
    assert _subs(analyze_text("Police are conducting raids to detain activists of the banned party.", "en"))[:1] == [
        "Arrests"]
    assert "Peaceful protest" not in _subs(analyze_text("Over 2500 activists have been arrested in the district.", "en"))
