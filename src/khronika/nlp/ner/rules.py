"""Corrections of a uk/ru recogniser's spans by the dictionary and the document (issue 13).

The trained uk model and natasha err in ways pymorphy3's dictionary and the gazetteer see
(read off the error lists of `khronika eval ner`; each rule was kept only when it helped
both the uk sets and did not hurt the ru ones):
- a capitalised institution noun alone («Комісії», «Радою», «Євросоюзу») read as a place or
  a person: it names the institution of the text, an organisation;
- a role alone («Головою», «Член») read as a name: no name; a common noun heading an
  organisation it is no part of («Член Комісії», «Генеральний секретар Комісії»): cut off;
- a capitalised word that is no noun («Генеральний», «Висунута», «Раптово») read as a name,
  or a common noun read as a person opening a sentence («Батько», «Дівчинку»): no name.
  Adjectives made of names («Ірмина», «Андрієвих») stay persons;
- a common inanimate noun the gazetteer does not hold read as a place or a person
  («Договору», «Практика», «Головою»): no name (a town named like a common noun, «Основа»,
  «Плану», stays);
- a span of places opened by a word the dictionary knows only as a first name or patronymic
  («Дмитра», «Миколою Горбалем»), or any name holding a patronymic («Курячої Надії Іванівни»): a person;
- an organisation or place opened by a document noun («Європейської конвенції»): no name;
- «СМИ» (the media) read as an organisation: no name;
- a name running over a line end (natasha: «Игорь Малашенко\nОстанкинская»): cut there; one running
  on to a lower-case verb, adverb, conjunction or preposition («Комиссия подготавливала»): cut before it;
  a title before a person («Император Акихито», «Принц Филипп»): not part of the name;
- a name holding a company's legal form («ТОВ «Злагода»», «ООО»), or a place of several words
  headed by an institution noun («Статистичне управління», «Аудиторським Судом»): an organisation;
- a Roman numeral alone («Розділ VIII»), adjectives before a role («Європейський комісар»,
  «Міський голова»), the prefix of a compound role («Віце» of «Віце-президент»): no name;
- one name with two types in one document («Комісія» ORG here, LOC there): the type most of
  its mentions (the same lemmas) have; a tie keeps each its own.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from khronika.nlp.extensions import doc_text
from khronika.kb.gazetteer import get_gazetteer
from khronika.nlp.geomorph import lemma_keys
from khronika.nlp.georetype import INSTITUTIONS, sentence_initial
from khronika.nlp.morph import PERSON_TAGS, parses
from khronika.nlp.roles import is_role_word

CharSpan = tuple[int, int, str]
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# dictionary readings that make a capitalised word a possible name
_NAME_TAGS = PERSON_TAGS | {"Geox", "Orgn", "Abbr", "Trad"}
# the institution nouns of georetype and the EU's compounds («Євросоюзу», «Співтовариства»)
_INSTITUTIONS = INSTITUTIONS | {"євросоюз", "єврокомісія", "європарламент", "співтовариство", "спільнота",
                                "евросоюз", "еврокомиссия", "европарламент", "сообщество"}
# nouns that head organisations though no institution alone names one
_ORG_NOUNS = frozenset("""
асоціація представництво управління відомство мережа група центр спільнота об'єднання федерація ліга
ассоциация представительство управление ведомство сеть группа центр объединение федерация лига
""".split())
# roles alone («Головою», «Член», «Комісар») besides nlp/roles.py's
_ROLES = frozenset("член комісар єврокомісар депутат суддя віце-президент комиссар еврокомиссар судья".split())
# abbreviations of common nouns natasha reads as organisations («СМИ»: the media)
_GENERIC = frozenset({"сми"})
_NOT_NOUN = {"ADJF", "ADJS", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB", "CONJ", "PREP", "PRCL", "NPRO",
             "NUMR", "INTJ", "COMP", "PRED"}


def _plain_word(word: str, lang: str) -> bool:
    """A Cyrillic word the dictionary knows and never reads as a name of any kind."""
    if not word.isalpha() or not _CYRILLIC.match(word) or word.isupper():
        return False
    readings = parses(word, lang)
    return all(p.is_known for p in readings) and not any(_NAME_TAGS & set(p.tag.grammemes) for p in readings)


def single_word_fix(text: str, span: CharSpan, lang: str) -> CharSpan | None:
    """The span as it should be (relabelled), or None when it is no name."""
    start, end, label = span
    word = text[start:end]
    if word.casefold() in _GENERIC:
        return None
    if not _plain_word(word, lang):
        return span
    top = parses(word, lang)[0]
    if top.tag.POS == "NOUN" and top.normal_form in _INSTITUTIONS:
        return (start, end, "ORG")
    if (is_role_word(word, top.normal_form, lang) or top.normal_form in _ROLES):
        return None
    pos = {p.tag.POS for p in parses(word, lang)}
    if pos <= _NOT_NOUN and (label == "PER" or not pos & {"ADJF", "PRTF"}) \
            and not _possessive(top):
        return None
    if top.tag.POS == "NOUN" and label == "PER" and sentence_initial(text, start):
        return None
    if top.tag.POS == "NOUN" and (label == "LOC" or label == "PER" and "inan" in top.tag.grammemes) \
            and not _gazetteer_word(word):
        return None
    return span


def _possessive(reading) -> bool:
    """«Ірмина», «Андрієвих»: an adjective made of a name (its lemma does not end like «-ий»)."""
    return reading.tag.POS == "ADJF" and not reading.normal_form.endswith(("ий", "ій", "ый", "ой"))


def _gazetteer_word(word: str) -> bool:
    gazetteer = get_gazetteer()
    return any(gazetteer.has_key(k) for k in lemma_keys(word))


def _given_name(word: str, lang: str) -> bool:
    if not word.isalpha() or not word[:1].isupper():
        return False
    readings = parses(word, lang)
    return bool(readings) and all(p.is_known and {"Name", "Patr"} & set(p.tag.grammemes) for p in readings)


def _patronymic(word: str, lang: str) -> bool:
    """«Іванівни», «Петровича»: only a person's name holds a patronymic («Курячої Надії Іванівни»)."""
    if not word[:1].isupper() or not word.isalpha():
        return False
    readings = parses(word, lang)
    return bool(readings) and all("Patr" in p.tag.grammemes for p in readings)


def _lemma_key(text: str, lang: str) -> tuple[str, ...]:
    return tuple(parses(w, lang)[0].normal_form if w.isalpha() else w.casefold() for w in _WORD.findall(text))


def fix_spans(text: str, spans: list[CharSpan], lang: str) -> list[CharSpan]:
    out: list[CharSpan] = []
    for span in spans:
        span = _trim_tail(text, _first_line(text, span), lang)
        if span[2] == "PER":
            span = _drop_title(text, span, lang)
        start, end, label = span
        words = _WORD.findall(text[start:end])
        if not words or _ROMAN.fullmatch(text[start:end]) or _role_phrase(words, lang) \
                or _prefix_fragment(text, start, end):
            continue
        if len(words) == 1:
            fixed = single_word_fix(text, span, lang)
            if fixed is None:
                continue
            span = fixed
        elif label == "PER" and all(_plain_word(w, lang) for w in words):
            # «Висновку Комісії»: common words only, no person (else the linker makes every
            # «Комісія» of the text that person, by its «surname»)
            if not _institution_in(list(_WORD.finditer(text, start, end)), lang):
                continue
            span = (start, end, "ORG")
        if span[2] == "LOC" and _given_name(text[start:end].split()[0], lang) \
                or span[2] != "PER" and any(_patronymic(w, lang) for w in words):
            span = (start, end, "PER")
        if span[2] != "ORG" and _organisation_form(text[start:end], span[2], lang):
            span = (start, end, "ORG")
        if label != "PER" and _document(text[start:end], lang):
            continue
        if span[2] == "ORG":
            span = _cut_head(text, span, lang)
        out.append(span)
    return consistent_labels(text, out, lang)


# a span opened by one of these nouns is a document, not an organisation («Європейської конвенції»)
_DOCUMENTS = frozenset("""
конвенція договір угода хартія декларація резолюція директива пакт меморандум кодекс закон конституція регламент
конвенция договор соглашение хартия декларация резолюция директива пакт меморандум кодекс закон конституция
""".split())


# legal forms of companies: a name holding one is an organisation («Сільськогосподарське ТОВ «Злагода»»)
_LEGAL_FORMS = frozenset("тов тзов пат прат ват зат дп кп ооо оао зао пао".split())
# institution nouns that also head a state's name («Російська Федерація», «Радянський Союз»), or a building
_STATE_NOUNS = frozenset("союз федерація федерация церква церковь".split())


def _organisation_form(name: str, label: str, lang: str) -> bool:
    """«ТОВ «Злагода»» (any type), «Статистичне управління», «Аудиторським Судом» (a place of several
    words headed by an institution noun): an organisation."""
    words = _WORD.findall(name)
    if any(w.casefold() in _LEGAL_FORMS for w in words):
        return True
    if label != "LOC" or len(words) < 2:
        return False
    head = next((p for p in (parses(w, lang)[0] for w in words) if p.tag.POS == "NOUN"), None)
    return head is not None and head.normal_form in (_INSTITUTIONS | _ORG_NOUNS) - _STATE_NOUNS


# a chapter or section number («Розділ VIII», «III. Комісари»): no name
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")


# prefixes of compound roles («Віце-президент», «Екс-прем'єр»)
_PREFIXES = frozenset("віце вице екс экс".split())


def _prefix_fragment(text: str, start: int, end: int) -> bool:
    """«Віце» of «Віце-президент»: a compound's prefix, cut off by the tokenizer, is no name."""
    return text[start:end].casefold() in _PREFIXES and text[end:end + 1] in ("-", "‐")


def _role_phrase(words: list[str], lang: str) -> bool:
    """«Європейський комісар», «Генеральний секретар», «Міський голова»: adjectives before a role
    noun that ends the span are a role, no name (a role followed by a name, «Член Комісії», is cut
    by `_cut_head` instead)."""
    if len(words) < 2:
        return False
    last = parses(words[-1], lang)[0]
    if last.tag.POS != "NOUN" or not (is_role_word(words[-1], last.normal_form, lang) or last.normal_form in _ROLES):
        return False
    return all(parses(w, lang)[0].tag.POS != "NOUN" for w in words[:-1])


def _document(name: str, lang: str) -> bool:
    for word in _WORD.findall(name):
        top = parses(word, lang)[0]
        if top.tag.POS == "NOUN":
            return top.normal_form in _DOCUMENTS
    return False


# parts of speech no name ends with: «Комісія підготувала», «Фонду поширюються», «Лонського або»
_NOT_NAME_END = frozenset({"VERB", "INFN", "GRND", "ADVB", "CONJ", "PREP", "PRCL", "PRTS", "ADJS", "NPRO"})


def _trim_tail(text: str, span: CharSpan, lang: str) -> CharSpan:
    """A name does not end with a lower-case verb, adverb, conjunction, preposition or pronoun the
    recogniser ran on to («Міністерство внутрішніх справ розглядає»): cut them off."""
    start, end, label = span
    words = list(_WORD.finditer(text, start, end))
    k = len(words)
    while k > 1:
        word = words[k - 1]
        if not word.group()[:1].islower() or not text[word.start() - 1].isspace():
            break
        readings = parses(word.group(), lang)
        if not readings or not all(p.is_known for p in readings) \
                or not {p.tag.POS for p in readings} <= _NOT_NAME_END:
            break
        k -= 1
    return span if k == len(words) else (start, words[k - 1].end(), label)


def _first_line(text: str, span: CharSpan) -> CharSpan:
    """«Игорь Малашенко\nОстанкинская»: a name does not run over a line end."""
    start, end, label = span
    cut = text.find("\n", start, end)
    return span if cut < 0 else (start, len(text[start:cut].rstrip()) + start, label)


def _drop_title(text: str, span: CharSpan, lang: str) -> CharSpan:
    """«Император Акихито», «Принц Филипп»: a title before a person's name is no part of it."""
    start, end, label = span
    first = _WORD.match(text, start)
    if first is None or first.end() >= end or text[first.end()] != " ":
        return span
    readings = parses(first.group(), lang)
    if _plain_word(first.group(), lang) and readings[0].tag.POS == "NOUN" and "anim" in readings[0].tag.grammemes:
        return (first.end() + 1, end, label)
    return span


def consistent_labels(text: str, spans: list[CharSpan], lang: str) -> list[CharSpan]:
    """Every mention of one name (the same lemmas) takes the type most of them have; a tie
    keeps each its own."""
    groups: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    keys = [_lemma_key(text[s:e], lang) for s, e, _ in spans]
    for key, (_, _, label) in zip(keys, spans):
        groups[key][label] += 1
    out = []
    for key, (s, e, label) in zip(keys, spans):
        ranked = groups[key].most_common(2)
        if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            out.append((s, e, label))
        else:
            out.append((s, e, ranked[0][0]))
    return out


class NerRules:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        fixed = fix_spans(text, [(e.start_char, e.end_char, e.label_) for e in doc.ents], self.lang)
        spans = (doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in fixed)
        doc.ents = filter_spans([span for span in spans if span is not None and len(span)])
        return doc


@Language.factory("khronika_ner_rules", requires=["doc.ents"], assigns=["doc.ents"])
def make_ner_rules(nlp: Language, name: str) -> NerRules:
    return NerRules(str(nlp.lang))


def _cut_head(text: str, span: CharSpan, lang: str) -> CharSpan:
    """«Член Комісії», «Генеральний секретар Комісії», «Засідання Комісії»: a common noun heading
    an organisation it is no part of; the organisation starts at the next capitalised word."""
    start, end, label = span
    words = list(_WORD.finditer(text, start, end))
    head = next((k for k, m in enumerate(words) if parses(m.group(), lang)[0].tag.POS == "NOUN"), None)
    if head is None or head == len(words) - 1 or not _plain_word(words[head].group(), lang):
        return span
    if parses(words[head].group(), lang)[0].normal_form in _INSTITUTIONS | _ORG_NOUNS:
        return span
    for k in range(head + 1, len(words)):
        if words[k].group()[:1].isupper() and _institution_in(words[k:], lang):
            return (words[k].start(), end, label)
    return span


def _institution_in(words: list, lang: str) -> bool:
    return any(parses(m.group(), lang)[0].normal_form in _INSTITUTIONS for m in words)

