"""uk/ru (issue 13): a name the recogniser got right keeps its span and type through the kb ruler
and the linker's one-word person check."""
from __future__ import annotations

import pytest
import spacy

from khronika.kb.actors import load_kb
from khronika.nlp.georetype import single_person_type
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
