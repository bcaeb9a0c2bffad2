"""When may the geocoder turn a model's person or organisation into a place? (uk/ru)

A gazetteer knows tens of thousands of villages named like first names, surnames and common
nouns (Аделя, Катерина, Комісія, Бульйон). A recogniser that said PERSON for «Аделя» is right
far more often than the gazetteer, so in Ukrainian and Russian the dictionary decides first:

- a word pymorphy3 reads as a first name, surname or patronymic, or as a known common word,
  is what the recogniser said, unless the text puts it after a locative preposition in the
  locative case («у Відні», «біля Бахмута»);
- a word the dictionary reads as a place name (Geox), or does not know at all («Авдіївка»
  read as a person by a small model), may be retyped on the gazetteer's confidence as before.
"""
from __future__ import annotations

import re

from khronika.kb.gazetteer import Gazetteer, get_gazetteer
from khronika.nlp.geomorph import lemma_keys
from khronika.nlp.morph import INFLECTED, PERSON_TAGS, parses, word_kind

# nouns that, capitalised inside a sentence, name one institution («Комісія вирішила», «Рада ухвалила»)
INSTITUTIONS = frozenset("""
комісія рада суд уряд парламент міністерство сенат конгрес дума комітет агентство служба бюро банк фонд партія
союз асамблея трибунал прокуратура поліція армія церква університет академія інститут організація альянс кабмін
рада кабінет секретаріат директорат верховна
комиссия совет правительство министерство конгресс комитет партия ассамблея прокуратура полиция армия церковь
университет академия институт организация секретариат директорат
""".split())
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# prepositions that put the next word in a place role: «у Відні», «біля Бахмута», «под Курском»
# «у Пінкаса» (genitive after у) is a possessive, «біля Бахмута» (genitive after біля) a place: the
# case each preposition must govern for a place reading
_CASE_AFTER = {"у": {"loct", "loc2"}, "в": {"loct", "loc2"}, "во": {"loct", "loc2"}, "на": {"loct", "loc2"},
               "під": {"ablt"}, "под": {"ablt"}}
_NEAR = {"біля", "поблизу", "неподалік", "около", "возле", "вблизи", "районі", "районе"}
_PREP_BEFORE = re.compile(r"(?:^|[\s(«\"])(\w+)\s+$")


def name_evidence(name: str, lang: str, gazetteer: Gazetteer | None = None) -> str:
    """'place' (a Geox reading), 'unknown' (a word the dictionary lacks), 'person' (a first name,
    surname or patronymic reading), 'common' (a known common word) or 'foreign' (Latin script,
    acronyms): the first of these that one of the name's capitalised words has."""
    kinds = set()
    for word in re.findall(r"\w+", name):
        if not word[:1].isupper():
            continue
        if not word.isalpha() or not _CYRILLIC.match(word) or 1 < len(word) <= 5 and word.isupper():
            kinds.add("foreign")       # «Milan», «ВАДА»: the recogniser's reading of an acronym or foreign name stands
            continue
        readings = parses(word, lang)
        if any("Geox" in p.tag.grammemes for p in readings) and not _also_first_name(readings):
            kinds.add("place")
        elif any(PERSON_TAGS & set(p.tag.grammemes) for p in readings):
            kinds.add("person")
        elif any(p.is_known for p in readings):
            # a common-noun reading of a town the gazetteer has under that lemma («Авдіївка») is a place;
            # an animate noun («Бог», «Вчитель», «Різунів») names no town
            keys = lemma_keys(word)
            town = keys and not animate_noun(readings) and (gazetteer or get_gazetteer()).has_key(keys[0])
            kinds.add("place" if town else "common")
        else:
            kinds.add("unknown")
    for kind in ("place", "unknown", "person", "common", "foreign"):
        if kind in kinds:
            return kind
    return "unknown"


def animate_noun(readings) -> bool:
    """«Бог», «Вчитель», «Кажана», «Різунів»: a word whose every noun reading is animate. Town names
    are inanimate nouns («Авдіївка», «Троєщину», «Бахмуті»), so such a word is a being, never a town."""
    nouns = [p for p in readings if p.is_known and p.tag.POS == "NOUN"]
    return bool(nouns) and all("anim" in p.tag.grammemes for p in nouns)


def _also_first_name(readings) -> bool:
    """«Артём», «Владимиру»: a first name that is also a town is the person the recogniser said,
    unless a locative preposition puts it in a place role («в Артёме»; see `retype_allowed`)."""
    return any("Name" in p.tag.grammemes for p in readings)


def locative_cue(text: str, start: int, end: int, lang: str) -> bool:
    """«у Відні», «біля Бахмута»: a locative preposition before a word that can take its case."""
    prep = _PREP_BEFORE.search(text[max(0, start - 14):start])
    first = re.match(r"\w+", text[start:end])
    if prep is None or first is None:
        return False
    word = prep.group(1).lower()
    cases = {"gent"} if word in _NEAR else _CASE_AFTER.get(word)
    if not cases:
        return False
    # only the readings of the word's first lexeme: «в Іванку» is the accusative of the first name
    # «Іванка», not the locative of the surname «Іванко» (a town's locative is its first lexeme's:
    # «у Відні», «в Артёме», «у Києві» of «Кий»/«Київ» alike)
    readings = parses(first.group(), lang)
    lexeme = readings[0].normal_form if readings else ""
    return any(cases & set(p.tag.grammemes) for p in readings if p.normal_form == lexeme)


def retype_allowed(name: str, mentions: list[tuple[int, int]], text: str, lang: str,
                   gazetteer: Gazetteer | None = None) -> bool:
    """May a model's PERSON/ORG named `name` become a place? Always outside uk/ru."""
    if lang not in INFLECTED:
        return True
    if name_evidence(name, lang, gazetteer) in ("place", "unknown"):
        return True
    return any(locative_cue(text, s, e, lang) for s, e in mentions)


def sentence_initial(text: str, start: int) -> bool:
    """Does the word at `start` open a sentence (only quotes, brackets or dashes before it)?"""
    before = text[max(0, start - 4):start].rstrip(" «\"'(—–-")
    return not before or before[-1] in ".!?…\n:"


def single_person_type(word: str, start: int, text: str, lang: str,
                       gazetteer: Gazetteer | None = None) -> str | None:
    """The type of a one-word name a uk/ru recogniser called PERSON, by the dictionary:
    PERSON for a name, a surname or a word it lacks («Кокрел»); PLACE for a place name (Ukrainian
    places natasha reads as persons, «Бахмуті»); ORG for a capitalised common noun inside a
    sentence («Комісія вирішила»: an institution); None (no name) for any other common word
    («Вчора», «Каже», a noun opening a sentence)."""
    gaz = gazetteer or get_gazetteer()
    kind = name_evidence(word, lang, gaz)
    if kind in ("person", "unknown", "foreign"):
        return "PERSON"
    if kind == "place":
        return "PLACE" if lang == "uk" or word_kind(word, lang) == "place" else "PERSON"
    readings = parses(word, lang)
    keys = lemma_keys(word)
    if keys and not animate_noun(readings) and gaz.has_key(keys[0]):
        return "PLACE"      # «Бахмуті», «Троєщину»: a town the dictionary knows as a common noun
    top = readings[0]
    if _possessive_of_name(top):
        return "PERSON"
    if sentence_initial(text, start):
        return None
    if animate_noun(readings):
        # «Бог», «Вчитель», «Кажана», «Карий» (an adjective too) capitalised inside a sentence: a being
        return "PERSON"
    if top.tag.POS != "NOUN":
        return None
    if top.normal_form in INSTITUTIONS:
        return "ORG"
    # a capitalised noun inside a sentence: a name, of a region or river in Ukrainian texts
    # («Галичину», «Черемош»); natasha's Russian persons stay persons
    return "PLACE" if lang == "uk" else "PERSON"


def _possessive_of_name(parse) -> bool:
    """«Ірмина мама», «Андрієвих снах», «Іванчиних рук»: a capitalised possessive adjective made of a
    name (lemma «ірмин», «андріїв»; ordinary adjectives end in -ий/-ій/-ый/-ой) stands for that person,
    at a sentence's start too."""
    lemma_form = parse.normal_form
    return (parse.tag.POS == "ADJF" and len(lemma_form) > 3
            and lemma_form.endswith(("ин", "ін", "їн", "ів", "їв", "ов", "ев", "ёв")))
