"""nlp/ner/rules.py: the dictionary's and the document's corrections of uk/ru recognisers."""
from __future__ import annotations

from khronika.nlp.ner.rules import fix_spans


def _fix(text: str, names: list[tuple[str, str]], lang: str = "uk") -> list[tuple[str, str]]:
    spans = []
    for name, label in names:
        start = text.index(name)
        spans.append((start, start + len(name), label))
    return [(text[s:e], label) for s, e, label in fix_spans(text, spans, lang)]


def test_institution_noun_is_an_organisation():
    text = "Європейська комісія заявила, що рішення Комісії остаточне."
    assert _fix(text, [("Європейська комісія", "ORG"), ("Комісії", "LOC")]) == [
        ("Європейська комісія", "ORG"), ("Комісії", "ORG")]


def test_common_words_are_no_names():
    text = "Батько мовчав. Генеральний секретар підписав Договору текст, а Практика показала інше у Києві."
    names = [("Батько", "PER"), ("Генеральний", "PER"), ("Договору", "LOC"), ("Практика", "LOC"), ("Києві", "LOC")]
    assert _fix(text, names) == [("Києві", "LOC")]


def test_adjective_of_a_name_stays_a_person():
    text = "Вона взяла Ірмину книжку."
    assert _fix(text, [("Ірмину", "PER")]) == [("Ірмину", "PER")]


def test_first_name_is_no_place():
    text = "Ми бачили Миколою Горбалем і Дмитра."
    assert _fix(text, [("Миколою Горбалем", "LOC"), ("Дмитра", "LOC")]) == [
        ("Миколою Горбалем", "PER"), ("Дмитра", "PER")]


def test_document_is_no_organisation():
    text = "Статті Європейської конвенції з прав людини."
    assert _fix(text, [("Європейської конвенції", "ORG")]) == []


def test_line_end_and_title():
    text = "Император Акихито отрёкся.\nИгорь Малашенко\nОстанкинская башня"
    names = [("Император Акихито", "PER"), ("Игорь Малашенко\nОстанкинская", "PER")]
    assert _fix(text, names, "ru") == [("Акихито", "PER"), ("Игорь Малашенко", "PER")]


def test_one_type_per_name_in_a_document():
    text = "Комісар Бень приїхав. Бень сказав, що Бень повернеться."
    names = [("Бень", "LOC")]
    i = [k for k in range(len(text)) if text.startswith("Бень", k)]
    spans = [(i[0], i[0] + 4, "LOC"), (i[1], i[1] + 4, "PER"), (i[2], i[2] + 4, "PER")]
    assert [label for _, _, label in fix_spans(text, spans, "uk")] == ["PER", "PER", "PER"]
    assert _fix(text, names) == [("Бень", "LOC")]     # alone it keeps its type


def test_role_alone_and_role_before_an_organisation():
    text = "Він став Головою. Член Комісії відповідає перед Європейським парламентом."
    names = [("Головою", "LOC"), ("Член Комісії", "ORG"), ("Європейським парламентом", "ORG")]
    assert _fix(text, names) == [("Комісії", "ORG"), ("Європейським парламентом", "ORG")]


def test_person_of_common_words_and_the_media():
    text = "У Висновку Комісії сказано, що СМИ ошиблись; Висновку Парламенту не було."
    names = [("Висновку Комісії", "PER"), ("СМИ", "ORG")]
    assert _fix(text, names) == [("Комісії", "ORG")]


def test_a_name_holding_a_legal_form_is_an_organisation():
    text = "Землю орендує Сільськогосподарське ТОВ «Злагода» вже десять років."
    assert _fix(text, [("Сільськогосподарське ТОВ «Злагода»", "LOC")]) == [
        ("Сільськогосподарське ТОВ «Злагода»", "ORG")]
    assert _fix("Иск подало ООО «Ромашка» вчера.", [("ООО «Ромашка»", "PER")], "ru") == [("ООО «Ромашка»", "ORG")]


def test_a_place_headed_by_an_institution_noun_is_an_organisation():
    text = "Дані оприлюднило Статистичне управління, а звіт перевірили з Аудиторським Судом."
    names = [("Статистичне управління", "LOC"), ("Аудиторським Судом", "LOC")]
    assert _fix(text, names) == [("Статистичне управління", "ORG"), ("Аудиторським Судом", "ORG")]


def test_a_state_named_by_union_or_federation_stays_a_place():
    text = "Угоду підписала Російська Федерація, а раніше Радянський Союз."
    names = [("Російська Федерація", "LOC"), ("Радянський Союз", "LOC")]
    assert _fix(text, names) == names


def test_a_roman_numeral_is_no_name():
    text = "Розділ VIII\n\nШинок славився. III. Комісари"
    assert _fix(text, [("VIII", "ORG"), ("III", "ORG")]) == []


def test_adjectives_before_a_role_are_no_name():
    text = "Європейський комісар заявив, а Міський голова Михайло Сімашкевич пообіцяв."
    names = [("Європейський комісар", "ORG"), ("Міський голова", "LOC"), ("Михайло Сімашкевич", "PER")]
    assert _fix(text, names) == [("Михайло Сімашкевич", "PER")]


def test_the_prefix_of_a_compound_role_is_no_name():
    text = "Президент та Віце-президент Комісії прибули."
    assert _fix(text, [("Віце", "PER")]) == []


def test_a_name_holding_a_patronymic_is_a_person():
    text = "Кошти отримано від матері, Курячої Надії Іванівни."
    assert _fix(text, [("Курячої Надії Іванівни", "ORG")]) == [("Курячої Надії Іванівни", "PER")]


def test_a_name_does_not_end_with_a_verb_or_a_conjunction():
    text = "Міністерство внутрішніх справ розглядає справу Лонського або інших."
    names = [("Міністерство внутрішніх справ розглядає", "ORG"), ("Лонського або", "PER")]
    assert _fix(text, names) == [("Міністерство внутрішніх справ", "ORG"), ("Лонського", "PER")]
    text = "Европейская Комиссия подготавливала доклад."
    assert _fix(text, [("Европейская Комиссия подготавливала", "ORG")], "ru") == [("Европейская Комиссия", "ORG")]
