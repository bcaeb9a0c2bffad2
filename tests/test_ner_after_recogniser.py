"""uk/ru (issue 13): a name the recogniser got right keeps its span and type through the kb ruler,
the linker's one-word person check and the geocoder's retyping."""
from __future__ import annotations

import pytest
import spacy

from khronika.kb.actors import load_kb
from khronika.nlp.georetype import retype_allowed, single_person_type
from khronika.nlp.kb_ruler import KBRuler


def _after_ruler(lang: str, text: str, org: str) -> list[tuple[str, str, str]]:
    nlp = spacy.blank(lang)
    ruler = KBRuler(nlp, load_kb())
    doc = nlp(text)
    start = text.index(org)
    doc.ents = [doc.char_span(start, start + len(org), label="ORG")]
    return [(e.text, e.label_, e.kb_id_) for e in ruler(doc).ents]


@pytest.mark.parametrize("lang,text,org", [
    ("uk", "Рішення ухвалене Радою ЄС у Брюсселі.", "Радою ЄС"),
    ("uk", "Засідання Ради Європейського Союзу відбулося.", "Ради Європейського Союзу"),
    ("ru", "Решение принял Совет ЕС в Брюсселе.", "Совет ЕС"),
])
def test_an_organisation_ending_in_a_kb_alias_is_not_cut_to_the_alias(lang, text, org):
    # the Council of the EU is not the EU
    assert _after_ruler(lang, text, org) == [(org, "ORG", "")]


def test_two_names_run_together_still_yield_the_kb_actor():
    # a nominative alias after another name is no dependent: «Европейский союз» and «Еврокомиссия»
    ents = _after_ruler("ru", "Союза Европейская комиссия заявила.", "Союза Европейская комиссия")
    assert ("Европейская комиссия", "ORG", "kb:european_commission") in ents


def test_the_alias_alone_is_still_the_kb_actor():
    assert _after_ruler("uk", "Рішення ухвалив ЄС.", "ЄС") == [("ЄС", "ORG", "kb:eu")]


@pytest.mark.parametrize("word,text", [
    ("Ірмина", "Рона пішла. Ірмина мама прийшла."),
    ("Андрієвих", "Вона з'являлася в Андрієвих снах."),
    ("Іванчиних", "Це зроблено за допомогою Іванчиних рук."),
])
def test_a_possessive_adjective_made_of_a_name_is_a_person(word, text):
    assert single_person_type(word, text.index(word), text, "uk") == "PERSON"


@pytest.mark.parametrize("word", ["Великий", "Сталінський"])
def test_other_capitalised_adjectives_are_still_no_person(word):
    text = f"Вчора там {word} сказав."
    assert single_person_type(word, text.index(word), text, "uk") is None


@pytest.mark.parametrize("name", ["Артём", "Владимиру"])
def test_a_first_name_that_is_also_a_town_stays_a_person(name):
    text = f"Вчера {name} сказал."
    start = text.index(name)
    assert single_person_type(name, start, text, "ru") == "PERSON"
    assert not retype_allowed(name, [(start, start + len(name))], text, "ru")


def test_the_town_reading_needs_a_locative_preposition():
    text = "Бои шли в Артёме."
    start = text.index("Артёме")
    assert retype_allowed("Артёме", [(start, start + 6)], text, "ru")


@pytest.mark.parametrize("word,text", [
    ("Бог", "Чи бачить її Бог у цьому місті?"),
    ("Вчитель", "Не відає навіть Вчитель."),
    ("Кажана", "То голос Кажана."),
    ("Різунів", "Як розбороняла Різунів."),
    ("Карий", "Там стояв Карий і мовчав."),
])
def test_an_animate_noun_is_a_being_not_a_town(word, text):
    # towns are inanimate nouns: a village named «Бог» does not make God a place
    start = text.index(word)
    assert single_person_type(word, start, text, "uk") == "PERSON"
    assert not retype_allowed(word, [(start, start + len(word))], text, "uk")


def test_a_town_named_like_a_common_noun_is_still_a_place():
    text = "Бої тривають біля Троєщину і за Авдіївку."
    assert single_person_type("Авдіївку", text.index("Авдіївку"), text, "uk") == "PLACE"


def test_the_locative_cue_reads_the_words_first_lexeme():
    # «в Іванку» is the accusative of the name «Іванка», not the locative of the surname «Іванко»
    text = "Щось гримить, вганяючи в Іванку дрож."
    start = text.index("Іванку")
    assert not retype_allowed("Іванку", [(start, start + 6)], text, "uk")
    text = "Бої тривали у Києві."
    start = text.index("Києві")
    assert retype_allowed("Києві", [(start, start + 5)], text, "uk")
