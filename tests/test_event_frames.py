"""Words about an event that report none (nlp/events/frames.py) and deadlines (issue 11)."""
from __future__ import annotations

import pytest


def _subs(doc: dict) -> list[str]:
    return [(ev["acled"] or {}).get("sub_event_type") or ev["plover"]["event"] for ev in doc["events"]]


@pytest.mark.parametrize("text,lang", [
    ("Is this a victory for the Kremlin or the start of a new phase of the battle?", "en"),
    ("Faut-il y voir une victoire symbolique du Kremlin ou le début d’une nouvelle phase de la bataille ?", "fr"),
    ("Watch episode 440 of Ukraine in Flames to understand the stakes of the counteroffensive.", "en"),
    ("Regardez le numéro 440 de « Ukraine in Flames » pour comprendre les enjeux de la contre-offensive.", "fr"),
    ("Moscow plans to launch a new offensive in the summer.", "en"),
    ("The ministry did not report any shelling of Kherson overnight.", "en"),
    ("Il a qualifié les combattants russes de “militants ukrainiens” et a justifié leur offensive comme étant une "
     "invasion.", "fr"),
    ("The ministry said the deal was a step towards turning Belarus into a nuclear hostage of the Kremlin.", "en"),
    ("L’Ukraine est prête à discuter avec les dirigeants mondiaux.", "fr"),
])
def test_questions_promotions_plans_negations_characterisations_metaphors_are_no_events(analyze_text, text, lang):
    assert _subs(analyze_text(text, lang)) == []


@pytest.mark.parametrize("text,lang,sub", [
    ("A bomb placed in a garbage container exploded near the market on Monday.", "en",
     "Remote explosive/landmine/IED"),
    ("Gunmen carried out a drive-by shooting attack on villagers at a market.", "en", "Attack"),
    ("Gunmen carried out a drive-by shooting attack on a police patrol.", "en", "Armed clash"),   # armed men attacked
    ("Police seized seven illegal firearms and ammunition in a raid on Tuesday.", "en", "Disrupted weapons use"),
    ("The Turkish army has established 12 military observation points in Idlib province.", "en",
     "Headquarters or base established"),
    ("La police a saisi des armes et des munitions lors d’une perquisition à Marseille.", "fr",
     "Disrupted weapons use"),
    ("У Харкові пролунав вибух.", "uk", "Remote explosive/landmine/IED"),
    ("В Белгороде прогремел взрыв.", "ru", "Remote explosive/landmine/IED"),
])
def test_explosions_shootings_seizures_and_posts_are_detected(analyze_text, text, lang, sub):
    assert sub in _subs(analyze_text(text, lang))


def test_a_deadline_is_not_the_date_of_the_event(analyze_text):
    text = ("Wagner founder Yevgeny Prigozhin said on Thursday, May 25, 2023, that his fighters had begun to withdraw "
            "from Bakhmut and would hand the city over to the army by June 1.")
    doc = analyze_text(text, "en", published="2023-05-25")
    assert doc["events"] and all(ev["date"] != "2023-06-01" for ev in doc["events"])


def test_a_month_name_is_no_march(analyze_text):
    doc = analyze_text("Al-Shabab fighters attacked African Union bases on the night of 27 March.", "en")
    assert "Peaceful protest" not in _subs(doc)


@pytest.mark.parametrize("text,lang", [
    ("Dans certaines zones, les Russes sont sur la défensive, subissant de lourdes pertes.", "fr"),
    ("In some areas the Russian troops are on the defensive.", "en"),
])
def test_being_on_the_defensive_is_a_state_not_a_clash(analyze_text, text, lang):
    assert "Armed clash" not in _subs(analyze_text(text, lang))


def test_a_date_until_which_something_lasts_does_not_date_the_event(analyze_text):
    # "jusqu'au 5 juin" bounds the curfew; the shelling is the report's
    doc = analyze_text("Les forces russes ont bombardé Kherson, où le couvre-feu restait en vigueur jusqu’au 5 juin.",
                       "fr", published="2023-06-10")
    assert doc["events"] and all(ev["date"] == "2023-06-10" for ev in doc["events"])


def test_a_deadline_in_the_lede_is_not_the_report_date(analyze_text):
    doc = analyze_text("Wagner must hand Bakhmut over to the army by June 1, 2023.\n\n"
                       "Russian artillery shelled Kherson, killing two civilians.", "en")
    assert doc["events"] and all(ev["date"] != "2023-06-01" for ev in doc["events"])
