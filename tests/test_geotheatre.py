"""Places of the war's theatre: towns the NER misses in captions, the oblast written after a
village, the Ukrainian namesake in war reports, near-miss spellings (nlp/geotheatre.py)."""
from __future__ import annotations

import pytest

from khronika.kb.gazetteer import get_gazetteer, haversine_km
from khronika.nlp.geocode import find_place_candidates, geocode_text
from khronika.nlp.geotheatre import fuzzy_theatre, skeleton, theatre_cue


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def placed(text: str, name: str) -> tuple[float, float] | None:
    s = text.index(name)
    for m, r in geocode_text(text, "en"):
        if m.start < s + len(name) and s < m.end:
            return r.geo["lat"], r.geo["lon"]
    return None


def test_skeleton_folds_romanisations():
    assert skeleton("Kup'yans'k") == skeleton("Kupiansk")
    assert skeleton("Huliaypole") == skeleton("Huliaipole")
    assert skeleton("Kharkov") != skeleton("Kharkiv")      # a vowel apart: the edit distance's job


@pytest.mark.parametrize("typo, town, oblast", [
    ("Popsana", "Popasna", "Luhansk Oblast"), ("Kramatrosk", "Kramatorsk", "Donetsk Oblast"),
    ("Svadovsk", "Skadovsk", "Kherson Oblast"), ("Melitopl", "Melitopol", "Zaporizhzhia Oblast"),
    ("Bakhmutt", "Bakhmut", "Donetsk Oblast"), ("Toretks", "Toretsk", "Donetsk Oblast"),
])
def test_near_miss_spellings(gaz, typo, town, oblast):
    hits = fuzzy_theatre(gaz, typo)
    assert hits and {gaz.name(p) for p in hits} == {town}
    assert gaz.admin1(hits[0]) == oblast


def test_near_miss_only_when_one_name_is_that_close(gaz):
    assert fuzzy_theatre(gaz, "Pokrovs") == []        # Pokrovsk and Pokrov, one edit each
    assert fuzzy_theatre(gaz, "Lucas") == []           # Lutsk is three edits away
    assert fuzzy_theatre(gaz, "popsana") == []         # not a name


def test_war_report_cue():
    assert theatre_cue("Shelled Lysychansk")
    assert theatre_cue("Drone strike on Nikopl.")
    assert not theatre_cue("The council approved the budget in Springfield on Monday.")


def test_caption_towns_the_ner_misses():
    assert haversine_km(*placed("Damage to Residences Kramatorsk, Donetsk Oblast", "Kramatorsk"), 48.731, 37.568) < 5
    assert haversine_km(*placed("Shelled Lysychansk", "Lysychansk"), 48.912, 38.421) < 5
    assert haversine_km(*placed("Ruins Of The Drama Theatre Mariupol", "Mariupol"), 47.095, 37.541) < 5
    found = {m.text for m in find_place_candidates("Missile Strike Odesa Port Infrastructure")}
    assert found == {"Odesa"}


def test_oblast_written_after_a_village():
    text = "Artillery fire hit Mykolaivka in Luhansk oblast."
    assert haversine_km(*placed(text, "Mykolaivka"), 48.590, 39.522) < 25
    text = "Shelling of Mykhailivka (Luhansk region) reported by the governor."
    assert haversine_km(*placed(text, "Mykhailivka"), 48.498, 38.900) < 25


def test_theatre_namesake_in_war_reports():
    # Zelenodolsk of Dnipropetrovsk oblast, not the larger town in Tatarstan; Vovchansk, not Volchansk (Urals)
    assert haversine_km(*placed("Russian artillery shelled Zelenodolsk across the river.", "Zelenodolsk"),
                        47.555, 33.659) < 25
    assert haversine_km(*placed("Heavy fighting near Volchansk as Russian units attempted to advance.",
                                "Volchansk"), 50.291, 36.941) < 25
    # the text says otherwise: the qualifier wins
    assert placed("Flooding in Odessa, Texas, after the storm.", "Odessa")[1] < -90


def test_no_guessing_outside_war_reports():
    assert placed("Fans of Popsana gathered in the square.", "Popsana") is None
    assert "Lucas" not in {m.text for m in find_place_candidates("Shelled positions, said Lucas Brown.")}


def test_lowercase_romanisation_and_short_last_word():
    assert haversine_km(*placed("Shelling near svadovs'k.", "svadovs'k"), 46.113, 32.910) < 5     # Skadovsk
    assert haversine_km(*placed("Missile strike on Krivoy Rog.", "Krivoy Rog"), 47.906, 33.394) < 5
    assert placed("I don't know what it's about, he said in shelling.", "it's") is None


def test_oblast_named_makes_a_war_report():
    # no war word, but the oblast after it: Pokrovsk of Donetsk oblast, not its Russian namesakes
    text = "Residential Area Hit Pokrovsk, Donetsk Region"
    assert haversine_km(*placed(text, "Pokrovsk"), 48.280, 37.177) < 5


def test_russian_border_towns_in_war_captions():
    assert haversine_km(*placed("Shelled Shebekino", "Shebekino"), 50.413, 36.925) < 5
    assert haversine_km(*placed("Damage to Houses Graivoron, Belgorod Oblast", "Graivoron"), 50.479, 35.681) < 5
    assert haversine_km(*placed("Shelling of Valuiki.", "Valuiki"), 50.197, 38.117) < 5      # Valuyki, one edit off
