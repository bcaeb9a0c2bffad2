"""The founding example, as issue 2's acceptance reads it: who, their roles, when, the programme."""
from __future__ import annotations

import pytest

from khronika.contract import schema_errors

pytestmark = pytest.mark.slow


def persons(doc):
    return {e["id"]: e for e in doc["entities"] if e["type"] == "PERSON"}


def entity_named(doc, surface):
    """The entity one of whose mentions reads `surface`."""
    for e in doc["entities"]:
        if any(m["text"] == surface for m in e["mentions"]):
            return e
    raise AssertionError(f"no entity mentioned as {surface!r}")


def test_the_seed_is_a_valid_contract_object(seed_doc):
    assert schema_errors(seed_doc) == []


def test_language_day_and_date(seed_doc):
    meta = seed_doc["document"]
    assert meta["language"] == "fr"
    assert meta["day_of_war"] == 454
    assert meta["date"] == "2023-05-23"
    assert meta["title"].startswith("Jour 454 de résistance")


@pytest.mark.parametrize("surface", [
    "Volodymyr Zelenskyi", "Poutine", "Dmitri Peskov", "Andriy Yusov", "Yuriy Sodol", "Hanna Malyar",
    "Xi Jinping", "Valeriy Chaly", "Natalia Butyrska", "Vitaliy Portnikov",
])
def test_all_ten_persons_are_persons(seed_doc, surface):
    assert entity_named(seed_doc, surface)["type"] == "PERSON"


def test_every_spelling_of_one_person_is_one_entity(seed_doc):
    zelensky = entity_named(seed_doc, "Volodymyr Zelenskyi")
    assert entity_named(seed_doc, "Zelenskyi")["id"] == zelensky["id"]
    peskov = entity_named(seed_doc, "Dmitri Peskov")
    texts = [m["text"] for m in peskov["mentions"]]
    assert texts.count("Peskov") >= 2                      # "M. Peskov" and "de Peskov" link to him
    assert "porte-parole du Kremlin" in texts               # and so does his title alone
    putin = entity_named(seed_doc, "Poutine")
    assert putin["id"] == "kb:putin"                                   # the French spelling is the KB's Putin
    assert [m["text"] for m in putin["mentions"]].count("Poutine") == 3  # all three mentions on one entity


@pytest.mark.parametrize("surface,role", [
    ("Dmitri Peskov", "porte-parole du Kremlin"),
    ("Hanna Malyar", "vice-ministre de la défense"),
    ("Yuriy Sodol", "général de corps d’armée"),
    ("Andriy Yusov", "représentant des Renseignements sur la défense de l’Ukraine"),
    ("Valeriy Chaly", "ambassadeur d’Ukraine aux États-Unis"),
])
def test_roles_the_text_gives(seed_doc, surface, role):
    roles = entity_named(seed_doc, surface)["roles"]
    assert any(r.startswith(role) for r in roles), roles


def test_organisations(seed_doc):
    surfaces = [
        "Corps des volontaires russes", "Légion de la liberté de Russie", "ISW", "FSB",
        "Conseil de sécurité russe", "Renseignements sur la défense de l’Ukraine",
        "Assemblée générale des Nations unies", "Ukraine Crisis Media Center",
    ]
    # every one of the eight is found and typed as an organisation or a unit (the seed gives 8 of 8)
    types = {s: entity_named(seed_doc, s)["type"] for s in surfaces}
    assert set(types.values()) <= {"ORG", "UNIT"}, types
    # the two names of the ISW are one organisation
    assert entity_named(seed_doc, "ISW")["id"] == entity_named(seed_doc, "Institut américain pour l’étude de la guerre")["id"]
    # both spellings of the UCMC (a guest's affiliation, the line ending inside the model's span) are the KB's one
    assert entity_named(seed_doc, "Ukraine Crisis Media Center")["id"] == "kb:ucmc"
    assert entity_named(seed_doc, "Ukraine Crisis Media Centre")["id"] == "kb:ucmc"


def test_both_programme_episodes_with_their_guests(seed_doc):
    episodes = seed_doc["episodes"]
    assert [(e["show"], e["number"]) for e in episodes] == [("L’Ukraine en flammes", "26"), ("Ukraine in Flames", "439")]
    first, second = episodes
    assert [g["name"] for g in first["guests"]] == ["Valeriy Chaly", "Natalia Butyrska"]
    assert [g["name"] for g in second["guests"]] == ["Valeriy Chaly", "Vitaliy Portnikov"]
    assert first["guests"][1]["role"] == "experte en Asie de l’Est"
    # the same guest in both episodes is the same entity
    assert first["guests"][0]["entity"] == second["guests"][0]["entity"] is not None
    assert entity_named(seed_doc, "Vitaliy Portnikov")["id"] == second["guests"][1]["entity"]


def test_every_mention_points_at_its_words(seed_doc):
    text = seed_doc["text"]
    for e in seed_doc["entities"]:
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
