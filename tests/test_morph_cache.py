"""The uk/ru base pipeline's shortcuts give what the library calls they replace give."""
from __future__ import annotations

import pytest
from spacy.lang.ru import lex_attrs as ru_lex_attrs
from spacy.lang.uk import lex_attrs as uk_lex_attrs

from khronika.nlp import morph
from khronika.nlp.cached_lemmas import lookup_lemma
from khronika.nlp.languages import LIKE_NUM_BY_LANG

WORDS = {
    "ru": "Европейская комиссия выделила 20 миллионов левов селу Хитрино в Болгарии , «Газпром» "
          "Ъ ЕК Reuters 25T23:01:07 ёлка Ёлки двадцать Двадцати Зеленского Сергея Шойгу Новинитэ".split(),
    "uk": "Європейська комісія оприлюднила звіт про Бахмуті Вчора Є Ще У Основы Залужному "
          "Тимошенко двадцять 14T00:15:15 USAID Gazeta.ua Ірину Мельничук".split(),
}


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_parses_are_pymorphys_readings_of_the_lower_case_word(lang):
    analyzer = morph.analyzer(lang)
    for word in WORDS[lang]:
        assert morph.parses(word, lang) == analyzer.parse(word.lower())


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_lookup_lemma_is_the_one_normal_form_of_all_readings(lang):
    analyzer = morph.analyzer(lang)
    for word in WORDS[lang]:
        forms = {p.normal_form for p in analyzer.parse(word.lower())}
        assert lookup_lemma(word, lang) == (next(iter(forms)) if len(forms) == 1 else word)


@pytest.mark.parametrize("lang, spacy_like_num, num_words", [
    ("ru", ru_lex_attrs.like_num, ru_lex_attrs._num_words),
    ("uk", uk_lex_attrs.like_num, uk_lex_attrs._num_words),
])
def test_like_num_is_spacys(lang, spacy_like_num, num_words):
    samples = ["1", "1,5", "+3", "-2%", "±7", "~4", "3/4", "3/4/5", "a/4", "12.5%", "%", "", "-", "двадцать",
               "Двадцать", "двадцять", "Двадцять", "XX", "xx", "iv", "слово", "1/", "/2", "1,000.5"]
    for text in samples + list(num_words) + [w.upper() for w in num_words] + WORDS[lang]:
        assert LIKE_NUM_BY_LANG[lang](text) == spacy_like_num(text), text


def test_tagged_spans_are_natasha_spans():
    from khronika.nlp.natasha_ner import natasha_spans, tagged_spans

    texts = ["Владимир Путин встретился с Ангелой Меркель в Берлине.\n\nЕвропейская комиссия "
             "выделила селу Хитрино в Болгарии 20 миллионов левов.", "", "  \n ", "Президент України "
             "Володимир Зеленський прибув до Києва."]
    for text in texts:
        assert tagged_spans(text) == natasha_spans(text)
